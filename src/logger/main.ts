/**
 * tsctl's logging binary (bundled alone into dist/tsctl-logger.js, started through the launcher that
 * install.ts writes). containerd's runc shim runs it once per container process for a `binary://` log URI:
 * argv = `key value` pairs from the URI query, env = CONTAINER_ID and CONTAINER_NAMESPACE (+ TSCTL_LOGGER_READY
 * from the launcher, which has closed the readiness pipe fd 5 itself and ignores the shim's SIGTERM), fd 3 = the
 * container's stdout, fd 4 = its stderr. Writes Docker's json-file log with rotation; exits once both streams
 * reach EOF (the shim closes its ends when the task's IO is closed), or on SIGTERM after draining for a short
 * grace period.
 * With `stdout-fifo`/`stderr-fifo` tsctl itself starts it (detached) for a task with a stdin FIFO: fd 5 is then
 * tsctl's readiness pipe and the streams are read from the FIFOs.
 * Keep this code path tiny: node built-ins only (every Node process per container costs private memory).
 */
import { spawn } from 'node:child_process';
import { closeSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { fifoReader } from '../util/fifo';
import { parseLoggerArgs, type LoggerConfig } from './args';
import { NanoClock } from './clock';
import { JsonFileCopier, type EntrySink, type StreamName } from './copier';
import { RotatingLogFile } from './file';

const STDOUT_FD = 3;
const STDERR_FD = 4;
const READY_FD = 5;
/** After SIGTERM, how long to wait for EOF before exiting anyway (the shim SIGKILLs after 12 s). */
const TERM_GRACE_MS = 5000;

const discard: EntrySink = { write: () => undefined, flush: () => undefined };

function config(): LoggerConfig | undefined {
  try {
    return parseLoggerArgs(process.argv.slice(2));
  } catch {
    return undefined;
  }
}

function openLog(cfg: LoggerConfig | undefined): RotatingLogFile | undefined {
  if (!cfg) return undefined;
  try {
    return new RotatingLogFile(cfg.path, { maxSize: cfg.maxSize, maxFile: cfg.maxFile });
  } catch {
    // Nowhere to report it (stdout/stderr are /dev/null): keep draining so the container never blocks.
    return undefined;
  }
}

const cfg = config();
const file = openLog(cfg);
const clock = new NanoClock();
const copier = new JsonFileCopier(file ?? discard, () => clock.now(), undefined, cfg?.tty === true, 100);
const open = new Set<StreamName>();
let exiting = false;

/** Runs the container's hook (detached: it outlives us). */
function runHook(event: string, onExit?: () => void): void {
  if (!cfg?.hook) return;
  try {
    const env = { ...process.env, TSCTL_TASK_RAN_MS: String(Math.round(performance.now())) };
    const child = spawn(cfg.hook, [event], { detached: event === 'exited', stdio: 'ignore', env });
    child.on('error', () => onExit?.());
    if (onExit) child.on('exit', onExit);
    else child.unref();
  } catch {
    onExit?.();
  }
}

/** An attached `run --rm` client that is still alive removes the container itself. */
function attachedClientAlive(): boolean {
  if (!cfg?.hook) return false;
  try {
    const pid = Number(readFileSync(join(dirname(cfg.hook), 'attached.pid'), 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let exitHandled = false;

/** The task's init process is gone: the hook applies --rm and the restart policy (once). */
function taskExited(): void {
  if (exitHandled) return;
  exitHandled = true;
  if (!attachedClientAlive()) runHook('exited');
}

function exit(): void {
  if (exiting) return;
  exiting = true;
  for (const s of open) copier.end(s);
  try {
    file?.close();
    taskExited();
  } finally {
    process.exit(0);
  }
}

/**
 * With the shim's binary IO our streams end only when the task is deleted (the shim keeps the pipes' write ends),
 * so the exit is learnt from the init process itself: the shim starts us in the task's bundle directory, where
 * runc writes `init.pid` (the host PID). Polled cheaply (kill 0) only when there is a hook to run.
 */
function watchInitProcess(): void {
  let pid: number | undefined;
  const timer = setInterval(() => {
    if (pid === undefined) {
      try {
        pid = Number(readFileSync('init.pid', 'utf8').trim()) || undefined;
      } catch {
        // not written yet (runc create is still running)
      }
      return;
    }
    try {
      process.kill(pid, 0);
    } catch {
      clearInterval(timer);
      setTimeout(taskExited, 100).unref(); // let the last output arrive first
    }
  }, 250);
  timer.unref();
}

/** The healthcheck schedule: one probe (`hook health`) at a time, `health-interval` ms apart. */
function scheduleHealth(ms: number): void {
  const t = setTimeout(() => {
    if (!exitHandled) runHook('health', () => scheduleHealth(ms));
  }, ms);
  t.unref();
}
if (cfg?.healthIntervalMs) scheduleHealth(cfg.healthIntervalMs);

function copy(src: Readable, stream: StreamName): void {
  src.on('data', (chunk: Buffer) => copier.push(stream, chunk));
  src.on('error', () => undefined);
  src.on('close', () => {
    if (!open.delete(stream)) return;
    copier.end(stream);
    if (open.size === 0) exit();
  });
}

function attach(fd: number, stream: StreamName): void {
  try {
    open.add(stream);
    copy(new Socket({ fd, readable: true, writable: false }), stream);
  } catch {
    open.delete(stream);
  }
}

function attachFifo(path: string, stream: StreamName): void {
  open.add(stream);
  fifoReader(path).then(
    (src) => copy(src, stream),
    () => {
      open.delete(stream);
      if (open.size === 0) exit();
    },
  );
}

if (cfg?.hook && !cfg.stdoutFifo && !cfg.stderrFifo) watchInitProcess();
if (cfg?.stdoutFifo || cfg?.stderrFifo) {
  if (cfg.stdoutFifo) attachFifo(cfg.stdoutFifo, 'stdout');
  if (cfg.stderrFifo) attachFifo(cfg.stderrFifo, 'stderr');
} else {
  attach(STDOUT_FD, 'stdout');
  // With a terminal the shim passes a stderr pipe whose write end it never closes: stdout alone decides.
  if (cfg?.tty !== true) attach(STDERR_FD, 'stderr');
}
// The launcher has closed the shim's readiness pipe before node started (install.ts); fd 5 may be node's own now.
if (process.env.TSCTL_LOGGER_READY !== '1') {
  try {
    closeSync(READY_FD);
  } catch {
    // Nobody waits.
  }
}
if (open.size === 0) exit();

const terminate = (): void => void setTimeout(exit, TERM_GRACE_MS);
process.once('SIGTERM', terminate);
process.once('SIGINT', terminate);
