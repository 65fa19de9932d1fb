/**
 * tsctl's logging binary (bundled alone into dist/tsctl-logger.js, started through the launcher that
 * install.ts writes). containerd's runc shim runs it once per container process for a `binary://` log URI:
 * argv = `key value` pairs from the URI query, env = CONTAINER_ID and CONTAINER_NAMESPACE only, fd 3 = the
 * container's stdout, fd 4 = its stderr, fd 5 = the readiness pipe (Tasks.Create waits until it is closed).
 * Writes Docker's json-file log with rotation; exits once both streams reach EOF (the shim closes its ends when
 * the task's IO is closed), or on SIGTERM after draining for a short grace period.
 * Keep this code path tiny: node built-ins only (every Node process per container costs private memory).
 */
import { closeSync } from 'node:fs';
import { Socket } from 'node:net';
import { parseLoggerArgs } from './args';
import { NanoClock } from './clock';
import { JsonFileCopier, type EntrySink, type StreamName } from './copier';
import { RotatingLogFile } from './file';

const STDOUT_FD = 3;
const STDERR_FD = 4;
const READY_FD = 5;
/** After SIGTERM, how long to wait for EOF before exiting anyway (the shim SIGKILLs after 12 s). */
const TERM_GRACE_MS = 5000;

const discard: EntrySink = { write: () => undefined, flush: () => undefined };

function openLog(): RotatingLogFile | undefined {
  try {
    const cfg = parseLoggerArgs(process.argv.slice(2));
    return new RotatingLogFile(cfg.path, { maxSize: cfg.maxSize, maxFile: cfg.maxFile });
  } catch {
    // Nowhere to report it (stdout/stderr are /dev/null): keep draining so the container never blocks.
    return undefined;
  }
}

const file = openLog();
const clock = new NanoClock();
const copier = new JsonFileCopier(file ?? discard, () => clock.now());
const open = new Set<StreamName>();
let exiting = false;

function exit(): void {
  if (exiting) return;
  exiting = true;
  for (const s of open) copier.end(s);
  try {
    file?.close();
  } finally {
    process.exit(0);
  }
}

function attach(fd: number, stream: StreamName): void {
  let sock: Socket;
  try {
    sock = new Socket({ fd, readable: true, writable: false });
  } catch {
    return;
  }
  open.add(stream);
  sock.on('data', (chunk: Buffer) => copier.push(stream, chunk));
  sock.on('error', () => undefined);
  sock.on('close', () => {
    if (!open.delete(stream)) return;
    copier.end(stream);
    if (open.size === 0) exit();
  });
}

attach(STDOUT_FD, 'stdout');
attach(STDERR_FD, 'stderr');
try {
  closeSync(READY_FD);
} catch {
  // Not started by the shim: nobody waits.
}
if (open.size === 0) exit();

const terminate = (): void => void setTimeout(exit, TERM_GRACE_MS);
process.once('SIGTERM', terminate);
process.once('SIGINT', terminate);
