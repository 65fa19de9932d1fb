/**
 * Builds the commander program from the command table: global flags, groups, verbs and Docker's
 * top-level aliases. Commander is configured to throw instead of exiting, so that main.ts alone decides
 * messages and exit codes.
 */
import { Command, Option } from 'commander';
import { ArgCountError, UsageError } from '../errors/index';
import { TOP_LEVEL, GROUPS } from '../commands/index';
import type { CommandSpec, FlagSpec, GroupSpec } from './define';
import { GLOBAL_FLAGS, type CommandShape } from './globals';

import { BIN, VERSION } from './meta';
export { BIN, VERSION };

export type Invoke = (spec: CommandSpec, path: string[], opts: Record<string, unknown>, args: string[]) => Promise<void>;

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function addFlag(cmd: Command, f: FlagSpec): void {
  const opt = new Option(f.flags, f.description);
  if (f.repeatable) opt.argParser(collect);
  if (f.default !== undefined) opt.default(f.default);
  if (f.hidden) opt.hideHelp();
  cmd.addOption(opt);
}

export function usageLine(path: string[], spec: CommandSpec): string {
  return `${[BIN, ...path].join(' ')} ${spec.usage}`.trimEnd();
}

/** Docker's wording for a wrong number of arguments (docker/cli cli/required.go). */
export function checkArgCount(path: string[], spec: CommandSpec, args: string[]): void {
  const { min, max } = spec.args;
  const full = [BIN, ...path].join(' ');
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  let msg: string | undefined;
  if (max === 0 && args.length > 0) msg = `${BIN}: '${full}' accepts no arguments`;
  else if (min === max && args.length !== min) msg = `${BIN}: '${full}' requires exactly ${plural(min)}`;
  else if (args.length < min) {
    msg = max === undefined
      ? `${BIN}: '${full}' requires at least ${plural(min)}`
      : `${BIN}: '${full}' requires at least ${min} and at most ${plural(max)}`;
  } else if (max !== undefined && args.length > max) msg = `${BIN}: '${full}' requires at most ${plural(max)}`;
  if (msg) throw new ArgCountError(msg, usageLine(path, spec), full);
}

function addVerb(parent: Command, path: string[], spec: CommandSpec, invoke: Invoke): void {
  const cmd = parent.command(spec.name).description(spec.summary).usage(spec.usage);
  for (const a of spec.aliases ?? []) cmd.alias(a);
  cmd.argument('[args...]');
  cmd.helpOption('-h, --help', 'Print usage');
  for (const f of spec.flags ?? []) addFlag(cmd, f);
  if (spec.passThrough) cmd.passThroughOptions();
  const full = [...path, spec.name];
  cmd.action(async (args: string[], opts: Record<string, unknown>) => {
    await invoke(spec, full, opts, args);
  });
}

function addGroup(program: Command, group: GroupSpec, invoke: Invoke): void {
  const g = program.command(group.name, { hidden: group.hidden === true }).description(group.summary).usage('COMMAND');
  g.configureHelp({ subcommandTerm: (c) => [c.name(), ...c.aliases()].join(', '), sortSubcommands: true });
  for (const a of group.aliases ?? []) g.alias(a);
  g.helpOption('-h, --help', 'Print usage');
  for (const spec of group.commands) addVerb(g, [group.name], spec, invoke);
}

export function buildProgram(invoke: Invoke, writeOut: (s: string) => void, writeErr: (s: string) => void): Command {
  const program = new Command(BIN)
    .description('A Docker-compatible CLI for containerd')
    .usage('[OPTIONS] COMMAND')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut, writeErr: () => undefined, outputError: () => undefined })
    .showSuggestionAfterError(false)
    .version(VERSION, '-v, --version', 'Print version information and quit')
    .helpOption('-h, --help', 'Print usage')
    .helpCommand('help [command]', 'Help about any command')
    .configureHelp({ subcommandTerm: (c) => [c.name(), ...c.aliases()].join(', '), sortSubcommands: true });
  void writeErr;
  for (const g of GLOBAL_FLAGS) {
    const flags = `${g.short ? `${g.short}, ` : ''}${g.long}${g.takesValue ? ` <${g.valueName ?? 'value'}>` : ''}`;
    const opt = new Option(flags, g.description);
    if (g.key !== camel(g.long)) opt.attributeName = () => g.key;
    if (g.repeatable) opt.argParser(collect);
    program.addOption(opt);
  }
  for (const spec of TOP_LEVEL) addVerb(program, [], spec, invoke);
  for (const group of GROUPS) addGroup(program, group, invoke);
  return program;
}

function camel(long: string): string {
  return long.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The command tree as the argv normaliser sees it. */
export function commandShape(): CommandShape {
  const find = (path: string[]): { spec?: CommandSpec; group?: GroupSpec } | undefined => {
    const [a, b, ...more] = path;
    if (a === undefined || more.length > 0) return undefined;
    const group = GROUPS.find((g) => g.name === a || g.aliases?.includes(a));
    if (b === undefined) {
      if (group) return { group };
      const spec = TOP_LEVEL.find((s) => s.name === a || s.aliases?.includes(a));
      return spec ? { spec } : undefined;
    }
    const spec = group?.commands.find((s) => s.name === b || s.aliases?.includes(b));
    return spec ? { spec } : undefined;
  };
  return {
    exists: (path) => find(path) !== undefined,
    passThrough: (path) => find(path)?.spec?.passThrough === true,
    beforeVerb: (path) => (find(path)?.group?.flags?.length ?? 0) > 0,
    longName: (path, name) => {
      for (const f of find(path)?.spec?.flags ?? find(path)?.group?.flags ?? []) {
        const parts = f.flags.split(/[ ,|]+/);
        if (parts.includes(name)) return parts.find((p) => p.startsWith('--')) ?? name;
      }
      return name;
    },
    ownFlags: (path) => {
      const m = new Map<string, boolean>([['-h', false], ['--help', false]]);
      const found = find(path);
      for (const f of found?.spec?.flags ?? found?.group?.flags ?? []) {
        const takesValue = /[<[]/.test(f.flags);
        for (const part of f.flags.split(/[ ,|]+/)) if (part.startsWith('-')) m.set(part, takesValue);
      }
      return m;
    },
  };
}

/** Turns commander's parse errors into Docker-shaped UsageErrors (exit 125). */
export function usageErrorFrom(message: string, cmd: Command | undefined): UsageError {
  const path: string[] = [];
  for (let c = cmd; c && c.parent; c = c.parent) path.unshift(c.name());
  const full = [BIN, ...path].join(' ');
  let msg = message.replace(/^error: /, '');
  const unknown = /^unknown option '([^']+)'/.exec(msg);
  if (unknown) msg = `unknown flag: ${unknown[1]}`;
  const missing = /^option '([^']+)' argument missing/.exec(msg);
  if (missing) msg = `flag needs an argument: ${missing[1]?.split(/[ ,]+/).pop() ?? ''}`;
  return new UsageError(msg, `${full} ${cmd?.usage() ?? ''}`.trimEnd(), full);
}
