/**
 * The logger launcher and its log URI (used by the CLI side, never by the logger itself).
 *
 * containerd's runc shim execs the `binary://` URI path with an environment holding only CONTAINER_ID and
 * CONTAINER_NAMESPACE (no PATH), and Tasks.Create (or Exec) waits until the logger closes fd 5, the readiness
 * pipe. The launcher is a shell script (absolute paths) that signals readiness itself and runs node as its child:
 *
 *   #!/bin/sh
 *   case " $* " in *" stdout-fifo "*|*" stderr-fifo "*) exec '/usr/bin/node' '/…/dist/tsctl-logger.js' "$@" ;; esac
 *   exec 5>&-
 *   trap '' TERM
 *   TSCTL_LOGGER_READY=1 '/usr/bin/node' '/…/dist/tsctl-logger.js' "$@" &
 *   wait $!
 *
 * so the task is created while node starts (~0.1 s) instead of after; meanwhile the output waits in the pipes
 * (64 KiB, then the writer blocks). The shell stays as the process the shim knows because of how the shim ends a
 * logger: when the process is deleted it closes its pipe ends, sends SIGTERM and waits (SIGKILL after 12 s). Node
 * resets signal dispositions when it starts, so a SIGTERM before the logger's handler exists (a short task, an
 * `exec echo`) would kill it with the output unread. The shell ignores SIGTERM and waits for node, which exits at
 * EOF of both streams — so the deletion still returns only once the log is complete. `TSCTL_LOGGER_READY` tells
 * the logger that fd 5 is not the readiness pipe (node may reuse the number). When tsctl starts the logger itself
 * on FIFOs (`stdout-fifo`), fd 5 is tsctl's pipe and the logger closes it once the FIFOs are open.
 */
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { InvalidArgumentError } from '../errors';
import { shq } from '../util/shell';

/** File name of the launcher under `<data-root>/bin/`. */
export const LOGGER_LAUNCHER_NAME = 'tsctl-logger';
/** Set by the launcher when it has closed the readiness pipe itself. */
export const LOGGER_READY_ENV = 'TSCTL_LOGGER_READY';

/** The launcher's exact content (see the top of this file). */
export function loggerLauncherScript(nodePath: string, bundlePath: string): string {
  if (!isAbsolute(nodePath)) throw new InvalidArgumentError(`logger launcher: node path must be absolute: ${nodePath}`);
  if (!isAbsolute(bundlePath)) throw new InvalidArgumentError(`logger launcher: bundle path must be absolute: ${bundlePath}`);
  const node = `${shq(nodePath)} ${shq(bundlePath)} "$@"`;
  return (
    '#!/bin/sh\n' +
    `case " $* " in *" stdout-fifo "*|*" stderr-fifo "*) exec ${node} ;; esac\n` +
    'exec 5>&-\n' +
    "trap '' TERM\n" +
    `${LOGGER_READY_ENV}=1 ${node} &\n` +
    'wait $!\n'
  );
}

/**
 * Writes `<dataRoot>/bin/tsctl-logger` (mode 0755) unless it already holds exactly this content, atomically
 * (temporary file + rename, so a shim never execs a half-written file), and returns its absolute path.
 */
export async function ensureLoggerLauncher(dataRoot: string, nodePath: string, bundlePath: string): Promise<string> {
  return ensureExecutable(dataRoot, LOGGER_LAUNCHER_NAME, loggerLauncherScript(nodePath, bundlePath));
}

/** Writes the executable `<dataRoot>/bin/<name>` with `content` unless it holds exactly that (atomically). */
export async function ensureExecutable(dataRoot: string, name: string, content: string): Promise<string> {
  if (!isAbsolute(dataRoot)) throw new InvalidArgumentError(`logger launcher: data root must be absolute: ${dataRoot}`);
  const dir = join(dataRoot, 'bin');
  const path = join(dir, name);
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === content) {
    const st = await stat(path);
    if ((st.mode & 0o777) !== 0o755) await chmod(path, 0o755);
    return path;
  }
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  try {
    await writeFile(tmp, content, { mode: 0o755 });
    await chmod(tmp, 0o755); // the umask may have taken bits away
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return path;
}

export interface LogURIOptions {
  /** Absolute path of the json-file log. */
  path: string;
  /** Rotate at this many bytes (Docker's max-size). */
  maxSize?: number;
  /** Files kept, current included (Docker's max-file). */
  maxFile?: number;
  /** The task has a terminal (stdout only; partial lines written at once). */
  tty?: boolean;
  /** Streams come from these FIFOs (tsctl starts the logger itself). */
  stdoutFifo?: string;
  stderrFifo?: string;
  /** The container's hook script: run with `exited` when the task's output ends, `health` every healthIntervalMs. */
  hook?: string;
  healthIntervalMs?: number;
}

/** The logger's settings as ordered key/value pairs (validated). */
export function loggerArgs(opts: LogURIOptions): [string, string][] {
  const abs = (what: string, p: string): string => {
    if (!isAbsolute(p)) throw new InvalidArgumentError(`logger: ${what} must be absolute: ${p}`);
    return p;
  };
  const kv: [string, string][] = [['path', abs('log path', opts.path)]];
  if (opts.maxSize !== undefined) {
    if (!Number.isInteger(opts.maxSize) || opts.maxSize <= 0) throw new InvalidArgumentError('max-size must be a positive number');
    kv.push(['max-size', String(opts.maxSize)]);
  }
  if (opts.maxFile !== undefined) {
    if (!Number.isInteger(opts.maxFile) || opts.maxFile < 1) throw new InvalidArgumentError('max-file cannot be less than 1');
    kv.push(['max-file', String(opts.maxFile)]);
  }
  if (opts.tty) kv.push(['tty', '1']);
  if (opts.hook !== undefined) kv.push(['hook', abs('hook', opts.hook)]);
  if (opts.healthIntervalMs !== undefined) kv.push(['health-interval', String(opts.healthIntervalMs)]);
  if (opts.stdoutFifo !== undefined) kv.push(['stdout-fifo', abs('stdout FIFO', opts.stdoutFifo)]);
  if (opts.stderrFifo !== undefined) kv.push(['stderr-fifo', abs('stderr FIFO', opts.stderrFifo)]);
  return kv;
}

/** `binary:///<launcher>?path=<enc>&max-size=<n>&max-file=<n>…`: the stdout/stderr URI of a task. */
export function logURI(launcher: string, opts: LogURIOptions): string {
  if (!isAbsolute(launcher)) throw new InvalidArgumentError(`log URI: launcher path must be absolute: ${launcher}`);
  const encPath = launcher.split('/').map(encodeURIComponent).join('/');
  const query = loggerArgs(opts).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return `binary://${encPath}?${query.join('&')}`;
}
