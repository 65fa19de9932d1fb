/**
 * Task stdio for tsctl containers. stdout and stderr always end in the json-file log (so `logs` and `attach` work
 * after tsctl exits); attached commands follow that log. Three shapes:
 * - no stdin, no terminal: `binary://` logger started by containerd's shim (fds 3/4).
 * - terminal (`-t`): stdin FIFO (with `-i`) + the shim's `binary://` logger on the console (the runc shim copies a
 *   stdin FIFO into the console even with a binary logger).
 * - stdin without terminal (`-i`): the shim's binary IO has no stdin, so stdin/stdout/stderr are FIFOs and tsctl
 *   starts the logger itself, detached, reading the output FIFOs.
 * containerd's shim holds a write end of the stdin FIFO itself for as long as the task lives, so the container's
 * stdin stays open for `attach` (Docker's OpenStdin) until Tasks.CloseIO — which an attached tsctl calls at its
 * own EOF for StdinOnce. tsctl also opens a write end before Tasks.Create so the FIFO has a writer from the start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import type { CliContext } from '../context';
import { shq } from '../../util/shell';
import type { TaskIO } from '../../containerd/ports';
import { ensureLoggerLauncher, loggerArgs, logURI, type LogURIOptions } from '../../logger/install';
import { nodeLogFiles, readLogs, formatLogEntry } from '../../services/containers/logs';
import { fifoReader, fifoWriter, makeFifo, releaseFifoReader } from '../../util/fifo';
import { AUTO_REMOVE_LABEL, decodeLogConfig, HEALTHCHECK_LABEL, LOG_CONFIG_LABEL, RESTART_POLICY_LABEL, STDIN_LABEL } from '../../labels';
import { logFileOptions } from '../opts/log';
import type { ContainerDeps } from './containers';
import { logPathFor } from './run-spec';
import { hasCniNetworking } from './net';

/** Docker's OpenStdin / StdinOnce: `none` (no -i), `open` (-i, stays open for attach), `once` (closed at EOF). */
export type StdinMode = 'none' | 'open' | 'once';

export interface StdioPlan {
  tty: boolean;
  stdin: StdinMode;
  /** This tsctl will pump its own stdin into the task (attached `-i`). */
  attachStdin: boolean;
  log?: Pick<LogURIOptions, 'maxSize' | 'maxFile'>;
  /** Not the container's own task (an exec's log): no event hook. */
  exec?: boolean;
}

export interface PreparedIO {
  io: TaskIO;
  /** Write end of the task's stdin FIFO (when `plan.attachStdin`). */
  stdin?: Socket;
  /** After the task started (or failed to): drops what only the start needed. */
  started(ok: boolean): void;
  /** Resolves when a logger tsctl started itself (FIFO output) has exited, i.e. the log is complete. */
  loggerExited?: Promise<void>;
}

/** The logger bundle next to the main bundle (dist/tsctl-logger.js). */
async function loggerBundle(): Promise<string> {
  const bin = await realpath(process.argv[1] ?? '');
  return join(dirname(bin), '..', 'dist', 'tsctl-logger.js');
}

async function launcher(ctx: CliContext): Promise<string> {
  return ensureLoggerLauncher(ctx.settings.dataRoot, process.execPath, await loggerBundle());
}

/** Path of the task's stdin FIFO (exists while a task with `-i` runs). */
export function stdinFifoPath(deps: ContainerDeps, id: string): string {
  return join(deps.paths.container(deps.namespace, id), 'stdin');
}

/** Starts the logger detached for FIFO output; resolves once it holds what it must (fd 5 closed). */
async function startLogger(path: string, args: [string, string][]): Promise<ChildProcess> {
  const child = spawn(path, args.flat(), { detached: true, stdio: ['ignore', 'ignore', 'ignore', 'ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    const ready = (child.stdio as unknown as (NodeJS.ReadableStream & { on(e: string, f: () => void): void } | null)[])[5];
    if (!ready) return resolve();
    ready.on('error', () => undefined);
    ready.once('close', () => resolve());
    ready.resume();
  });
  child.unref();
  return child;
}

export async function loggingIO(ctx: CliContext, deps: ContainerDeps, id: string, path = logPathFor(deps, id)): Promise<TaskIO> {
  return (await taskIO(ctx, deps, id, { tty: false, stdin: 'none', attachStdin: false, exec: true }, path)).io;
}

export async function taskIO(ctx: CliContext, deps: ContainerDeps, id: string, plan: StdioPlan, path = logPathFor(deps, id)): Promise<PreparedIO> {
  await mkdir(dirname(path), { recursive: true });
  const bin = await launcher(ctx);
  const hook = plan.exec ? undefined : await containerHook(ctx, deps, id);
  const log = { path, ...plan.log, ...hook };
  if (hook?.healthIntervalMs !== undefined) {
    const [{ writeHealth }, { STARTING }] = await Promise.all([import('../../state/health'), import('../../services/containers/health')]);
    await writeHealth(dirname(path), STARTING);
  }
  if (plan.stdin === 'none' && !plan.tty) {
    const uri = logURI(bin, log);
    return { io: { stdin: '', stdout: uri, stderr: uri, terminal: false }, started: () => undefined };
  }
  const dir = deps.paths.container(deps.namespace, id);
  let stdinPath: string | undefined;
  let writer: Socket | undefined;
  if (plan.stdin !== 'none') {
    stdinPath = stdinFifoPath(deps, id);
    await makeFifo(stdinPath);
    writer = fifoWriter(stdinPath);
  }
  const release = (keep: boolean): void => {
    if (!keep) writer?.destroy();
  };
  if (plan.tty) {
    const uri = logURI(bin, { ...log, tty: true });
    return {
      io: { stdin: stdinPath ?? '', stdout: uri, stderr: '', terminal: true },
      ...(plan.attachStdin && writer ? { stdin: writer } : {}),
      started: (ok) => release(ok && plan.attachStdin),
    };
  }
  const out = join(dir, 'stdout');
  const err = join(dir, 'stderr');
  await Promise.all([makeFifo(out), makeFifo(err)]);
  let logger: ChildProcess;
  try {
    logger = await startLogger(bin, loggerArgs({ ...log, stdoutFifo: out, stderrFifo: err }));
  } catch (e) {
    writer?.destroy();
    throw e;
  }
  const loggerExited = new Promise<void>((resolve) => {
    if (logger.exitCode !== null || logger.signalCode !== null) resolve();
    else logger.once('exit', () => resolve());
  });
  return {
    loggerExited,
    io: { stdin: stdinPath ?? '', stdout: out, stderr: err, terminal: false },
    ...(plan.attachStdin && writer ? { stdin: writer } : {}),
    started: (ok) => {
      release(ok && plan.attachStdin);
      // A task that never started never opens the output FIFOs: the logger would wait forever.
      if (!ok) logger.kill('SIGKILL');
    },
  };
}

/**
 * Copies the container's log to our stdout/stderr until `stopped` resolves and the log is drained; `since`
 * (taken before the task started) skips what earlier runs of the container logged.
 */
export async function followLog(ctx: CliContext, deps: ContainerDeps, id: string, stopped: Promise<unknown>, since?: Date, path = logPathFor(deps, id), pollMs = 100, drainMs?: number): Promise<void> {
  for await (const e of readLogs(nodeLogFiles(), path, { follow: true, tail: 'all', ...(since ? { since } : {}), stopped, signal: ctx.signal, pollMs, ...(drainMs !== undefined ? { drainMs } : {}) })) {
    (e.stream === 'stderr' ? ctx.io.stderr : ctx.io.stdout).write(formatLogEntry(e));
  }
}

export interface ExecStdio {
  io: TaskIO;
  /** Write end of the process's stdin (with -i). */
  stdin?: Socket;
  /** Resolves when the process's output has been copied to ours (EOF on its FIFOs). */
  output: Promise<void>;
  /** Removes the FIFOs. */
  cleanup(): Promise<void>;
}

/**
 * Stdio of an attached `exec -i`/`-t`: FIFOs read and written by this tsctl directly (an exec lives only as long
 * as its client). The readers' blocking opens complete when the shim opens the write ends.
 */
export async function execFifoIO(out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }, dir: string, execId: string, opts: { tty: boolean; interactive: boolean }): Promise<ExecStdio> {
  await mkdir(dir, { recursive: true });
  const base = join(dir, `exec-${execId}`);
  const paths = { stdin: `${base}-stdin`, stdout: `${base}-stdout`, stderr: `${base}-stderr` };
  const made = [paths.stdout, ...(opts.tty ? [] : [paths.stderr]), ...(opts.interactive ? [paths.stdin] : [])];
  await Promise.all(made.map(makeFifo));
  const copy = async (path: string, to: NodeJS.WritableStream): Promise<void> => {
    const src = await fifoReader(path);
    for await (const chunk of src) to.write(chunk as Buffer);
  };
  const output = Promise.all([copy(paths.stdout, out.stdout), ...(opts.tty ? [] : [copy(paths.stderr, out.stderr)])]).then(() => undefined);
  output.catch(() => undefined);
  return {
    io: { stdin: opts.interactive ? paths.stdin : '', stdout: paths.stdout, stderr: opts.tty ? '' : paths.stderr, terminal: opts.tty },
    ...(opts.interactive ? { stdin: fifoWriter(paths.stdin) } : {}),
    output,
    cleanup: async () => {
      // Readers whose writer never opened (the exec never started, containerd went away) are released first.
      for (const p of [paths.stdout, paths.stderr]) if (made.includes(p)) releaseFifoReader(p);
      await Promise.all(made.map((p) => rm(p, { force: true })));
    },
  };
}

/**
 * The stdio a container was created with: terminal from its spec, stdin mode and log settings from its labels.
 * An invalid `--log-opt` value fails here, at start, as Docker's json-file driver does.
 */
export async function containerStdio(deps: ContainerDeps, id: string): Promise<{ tty: boolean; stdin: StdinMode; log: NonNullable<StdioPlan['log']> }> {
  const c = await deps.containers.get(id);
  const proc = (c?.spec.process ?? {}) as { terminal?: boolean };
  const label = c?.labels[STDIN_LABEL];
  const log = logFileOptions(decodeLogConfig(c?.labels[LOG_CONFIG_LABEL]));
  return { tty: proc.terminal === true, stdin: label === 'open' || label === 'once' ? label : 'none', log };
}

/**
 * The container's hook: `<container dir>/hook EVENT` runs `tsctl internal container-event <id> EVENT` with this
 * invocation's settings (absolute paths only: the shim gives its children no PATH). The logger runs it when the
 * task exits (`exited`) and on the healthcheck schedule (`health`). Undefined when the container needs none.
 */
export async function containerHook(ctx: CliContext, deps: ContainerDeps, id: string): Promise<Pick<LogURIOptions, 'hook' | 'healthIntervalMs'> | undefined> {
  const c = await deps.containers.get(id);
  if (!c) return undefined;
  const labels = c.labels;
  let healthIntervalMs: number | undefined;
  const health = labels[HEALTHCHECK_LABEL];
  if (health) {
    const { healthProbe } = await import('../opts/health');
    const probe = healthProbe(JSON.parse(health) as Parameters<typeof healthProbe>[0]);
    if (probe) healthIntervalMs = Math.max(1, Math.round(probe.interval / 1e6));
  }
  // Also every container with CNI networking: its exit releases addresses and published ports.
  if (!labels[RESTART_POLICY_LABEL] && labels[AUTO_REMOVE_LABEL] !== 'true' && healthIntervalMs === undefined && !(await hasCniNetworking(deps, id))) return undefined;
  const s = ctx.settings;
  const bin = await realpath(process.argv[1] ?? '');
  const args = [process.execPath, bin, '--address', s.address, '--namespace', s.namespace, '--data-root', s.dataRoot, '--snapshotter', s.snapshotter, '--cni-netconfpath', s.cniNetconfPath, ...s.cniPath.flatMap((p) => ['--cni-path', p]), 'internal', 'container-event', id];
  // The shim gives the logger (which runs this) no PATH; CNI DEL needs iptables from /usr/sbin.
  const script = `#!/bin/sh\nPATH=\${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}; export PATH\nexec ${args.map(shq).join(' ')} "$@"\n`;
  const path = join(deps.paths.container(deps.namespace, id), 'hook');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, script, { mode: 0o755 });
  await rename(`${path}.tmp`, path);
  return { hook: path, ...(healthIntervalMs !== undefined ? { healthIntervalMs } : {}) };
}

/** Marks this tsctl as the attached client that removes the container itself (the exit hook then stays out). */
export async function markAttached(deps: ContainerDeps, id: string): Promise<void> {
  const dir = deps.paths.container(deps.namespace, id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'attached.pid'), String(process.pid));
}

export async function unmarkAttached(deps: ContainerDeps, id: string): Promise<void> {
  await rm(join(deps.paths.container(deps.namespace, id), 'attached.pid'), { force: true });
}
