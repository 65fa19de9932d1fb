/**
 * The logger launcher and its log URI (used by the CLI side, never by the logger itself).
 *
 * containerd's runc shim execs the `binary://` URI path with an environment holding only CONTAINER_ID and
 * CONTAINER_NAMESPACE (no PATH), so the launcher is an executable file whose shebang names node by absolute path
 * and whose one line imports the logger bundle by absolute file URL:
 *
 *   #!/usr/bin/node
 *   import("file:///…/dist/tsctl-logger.js");
 *
 * A dynamic `import()` expression parses as CommonJS and as ESM, so the extensionless file loads whatever
 * package scope the data root sits in.
 */
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError } from '../errors';

/** File name of the launcher under `<data-root>/bin/`. */
export const LOGGER_LAUNCHER_NAME = 'tsctl-logger';
/** Linux's limit for a `#!` line (BINPRM_BUF_SIZE since 5.1), newline excluded. */
const SHEBANG_MAX = 255;

/** The launcher's exact content. */
export function launcherScript(nodePath: string, bundlePath: string): string {
  if (!isAbsolute(nodePath)) throw new InvalidArgumentError(`logger launcher: node path must be absolute: ${nodePath}`);
  if (!isAbsolute(bundlePath)) throw new InvalidArgumentError(`logger launcher: bundle path must be absolute: ${bundlePath}`);
  if (/\s/.test(nodePath)) throw new InvalidArgumentError(`logger launcher: node path cannot contain white space: ${nodePath}`);
  if (nodePath.length + 2 > SHEBANG_MAX) throw new InvalidArgumentError(`logger launcher: node path too long for a #! line: ${nodePath}`);
  return `#!${nodePath}\nimport(${JSON.stringify(pathToFileURL(bundlePath).href)});\n`;
}

/**
 * Writes `<dataRoot>/bin/tsctl-logger` (mode 0755) unless it already holds exactly this content, atomically
 * (temporary file + rename, so a shim never execs a half-written file), and returns its absolute path.
 */
export async function ensureLoggerLauncher(dataRoot: string, nodePath: string, bundlePath: string): Promise<string> {
  return ensureLauncher(dataRoot, LOGGER_LAUNCHER_NAME, nodePath, bundlePath);
}

/** The same launcher for another of tsctl's small bundles (`tsctl-oci-hook`, run by runc without PATH). */
export async function ensureLauncher(dataRoot: string, name: string, nodePath: string, bundlePath: string): Promise<string> {
  return ensureExecutable(dataRoot, name, launcherScript(nodePath, bundlePath));
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
