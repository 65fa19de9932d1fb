/**
 * The shape of a tsctl command: a declaration (name, flags, argument counts) and a lazy `run`.
 * Command files stay light: they may only import types at top level and load services inside `run`,
 * so building the whole command tree for `--help` costs almost nothing.
 */
import type { CliContext } from './context';

export interface FlagSpec {
  /** commander flag syntax, e.g. '-q, --quiet' or '--format <string>'. */
  flags: string;
  description: string;
  default?: string | boolean | string[];
  /** Collect every occurrence into an array (e.g. --label a --label b). */
  repeatable?: boolean;
  hidden?: boolean;
}

export interface CommandSpec<O = Record<string, unknown>> {
  name: string;
  aliases?: string[];
  summary: string;
  /** Docker-style usage after the command path, e.g. '[OPTIONS] NAMESPACE [NAMESPACE...]'. */
  usage: string;
  /** Positional argument count; max undefined = unbounded. */
  args: { min: number; max?: number };
  flags?: FlagSpec[];
  /** Everything after the first positional argument belongs to the command (run IMAGE CMD...). */
  passThrough?: boolean;
  run: (ctx: CliContext, opts: O, args: string[]) => Promise<void>;
}

export interface GroupSpec {
  name: string;
  /** Not listed in help (tsctl's own plumbing, e.g. `internal`). */
  hidden?: boolean;
  aliases?: string[];
  summary: string;
  commands: CommandSpec[];
  /**
   * Flags that may also stand before the verb (`compose -f x.yaml config`); the argv normaliser moves them
   * after it, so every verb of the group must declare them too.
   */
  flags?: FlagSpec[];
}

export function defineCommand<O>(spec: CommandSpec<O>): CommandSpec {
  return spec as unknown as CommandSpec;
}

export function defineGroup(spec: GroupSpec): GroupSpec {
  return spec;
}
