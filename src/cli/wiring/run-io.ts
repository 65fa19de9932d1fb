/**
 * Task stdio for tsctl containers: stdout and stderr go to the json-file logger that containerd's shim starts
 * (so `logs` works, attached or not, after tsctl exits); attached commands follow that log.
 */
import { mkdir, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CliContext } from '../context';
import type { TaskIO } from '../../containerd/ports';
import { ensureLoggerLauncher, logURI } from '../../logger/install';
import { nodeLogFiles, readLogs, formatLogEntry } from '../../services/containers/logs';
import type { ContainerDeps } from './containers';
import { logPathFor } from './run-spec';

/** The logger bundle next to the main bundle (dist/tsctl-logger.js). */
async function loggerBundle(): Promise<string> {
  const bin = await realpath(process.argv[1] ?? '');
  return join(dirname(bin), '..', 'dist', 'tsctl-logger.js');
}

export async function loggingIO(ctx: CliContext, deps: ContainerDeps, id: string, path = logPathFor(deps, id)): Promise<TaskIO> {
  await mkdir(dirname(path), { recursive: true });
  const launcher = await ensureLoggerLauncher(ctx.settings.dataRoot, process.execPath, await loggerBundle());
  const uri = logURI(launcher, { path });
  return { stdin: '', stdout: uri, stderr: uri, terminal: false };
}

/**
 * Copies the container's log to our stdout/stderr until `stopped` resolves and the log is drained; `since`
 * (taken before the task started) skips what earlier runs of the container logged.
 */
export async function followLog(ctx: CliContext, deps: ContainerDeps, id: string, stopped: Promise<unknown>, since?: Date, path = logPathFor(deps, id)): Promise<void> {
  for await (const e of readLogs(nodeLogFiles(), path, { follow: true, tail: 'all', ...(since ? { since } : {}), stopped, signal: ctx.signal, pollMs: 100 })) {
    (e.stream === 'stderr' ? ctx.io.stderr : ctx.io.stdout).write(formatLogEntry(e));
  }
}
