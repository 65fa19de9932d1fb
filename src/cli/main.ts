/**
 * The edge: parses argv, resolves settings, runs the command, and turns every failure into one message on
 * stderr and Docker's exit code. The only module that touches process.exit.
 */
import { readFile } from 'node:fs/promises';
import { CommanderError, type Command } from 'commander';
import { colorAllowed, type IO } from '../output/io';
import { ArgCountError, ConfigError, TsctlError, UsageError, Terminated, toTsctlError } from '../errors/index';
import { exitCodeFor, type ExitContext } from '../errors/exit-code';
import { configFilePath, parseConfigText, resolveSettings, type FileValues, type GlobalFlagValues, type Settings } from '../config/settings';
import { hoistGlobalFlags } from './globals';
import { buildProgram, checkArgCount, commandShape, usageErrorFrom, BIN } from './program';
import { createContext } from './context';

async function loadFileValues(env: NodeJS.ProcessEnv): Promise<{ values: FileValues; path: string | undefined }> {
  const { path, explicit } = configFilePath(env);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!explicit && (code === 'ENOENT' || code === 'ENOTDIR')) return { values: {}, path: undefined };
    throw new ConfigError(`cannot read config file ${path}: ${(e as Error).message}`, { cause: e });
  }
  return { values: await parseConfigText(text, path), path };
}

export async function loadSettings(flags: GlobalFlagValues, env: NodeJS.ProcessEnv): Promise<Settings> {
  const file = await loadFileValues(env);
  return resolveSettings(flags, env, file.values, file.path);
}

function describe(err: TsctlError, debug: boolean): string {
  let text = err.message;
  if (err instanceof UsageError) text += `\n\nUsage:  ${err.usage}\n\nRun '${err.commandPath} --help' for more information`;
  else if (err instanceof ArgCountError) text += `\n\nUsage:  ${err.usage}\n\nSee '${err.commandPath} --help' for more information`;
  if (err.hint) text += ` (${err.hint})`;
  if (debug) {
    text += `\n[${err.code}] ${err.stack ?? ''}`;
    for (let c: unknown = err.cause; c; c = (c as { cause?: unknown }).cause) {
      text += `\ncaused by: ${c instanceof Error ? (c.stack ?? c.message) : String(c)}`;
    }
  }
  return text;
}

const SIGNALS: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const io: IO = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: process.stdout.isTTY === true,
    errIsTTY: process.stderr.isTTY === true,
    color: colorAllowed(process.stdout.isTTY === true, env),
  };
  const abort = new AbortController();
  let exitCtx: ExitContext = {};
  let debug = argv.includes('--debug');
  let failedCommand: Command | undefined;

  const signals: { forward?: (signal: number) => void } = {};
  const onSignal = (name: string) => {
    const n = SIGNALS[name] ?? 0;
    if (signals.forward) {
      signals.forward(n);
      process.once(name as NodeJS.Signals, onSignal);
      return;
    }
    if (abort.signal.aborted) process.exit(128 + n);
    abort.abort(new Terminated(n));
  };
  for (const s of Object.keys(SIGNALS)) process.once(s as NodeJS.Signals, onSignal);

  const program = buildProgram(
    async (spec, path, opts, args) => {
      checkArgCount(path, spec, args);
      const settings = await loadSettings(program.opts() as GlobalFlagValues, env);
      debug = settings.debug;
      const ctx = createContext({ io, settings, env, signal: abort.signal, commandPath: [BIN, ...path].join(' ') }, signals);
      exitCtx = ctx.exit;
      try {
        await spec.run(ctx, opts, args);
      } finally {
        ctx.close();
      }
    },
    (s) => io.stdout.write(s),
    (s) => io.stderr.write(s),
  );
  program.hook('preAction', (_root, action) => {
    failedCommand = action;
  });

  try {
    const normalised = hoistGlobalFlags(argv, commandShape());
    await program.parseAsync(normalised, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      const unknownCmd = /unknown command '([^']+)'/.exec(e.message);
      if (unknownCmd) {
        io.stderr.write(`${BIN}: '${unknownCmd[1]}' is not a ${BIN} command.\nSee '${BIN} --help'\n`);
        return 1;
      }
      const err = usageErrorFrom(e.message, findCommand(program, argv) ?? failedCommand);
      io.stderr.write(`${describe(err, debug)}\n`);
      return exitCodeFor(err, exitCtx);
    }
    const err = toTsctlError(e);
    if (err.message !== '') io.stderr.write(`${describe(err, debug)}\n`);
    return exitCodeFor(err, exitCtx);
  }
}

/** The deepest command named in argv, for usage lines in parse errors. */
function findCommand(program: Command, argv: string[]): Command | undefined {
  let cmd: Command = program;
  for (const tok of argv) {
    if (tok.startsWith('-')) continue;
    const next = cmd.commands.find((c) => c.name() === tok || c.aliases().includes(tok));
    if (!next) break;
    cmd = next;
  }
  return cmd;
}

export async function run(): Promise<void> {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
  // Flush, then leave even if a handle (e.g. a stdin listener) is still open.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
