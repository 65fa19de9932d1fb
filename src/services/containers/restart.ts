/**
 * `restart`: moby's containerRestart — a running (or paused) container is stopped as `stop` does (stop signal,
 * grace period, SIGKILL), then started again as `start` does; a stopped one is just started. Failures read
 * `Cannot restart container <name>: <reason>`.
 */
import type { TaskIO } from '../../containerd/ports';
import { InternalError, toTsctlError } from '../../errors/index';
import { startTask, type StartDeps } from './start';
import { markExplicitStop, stopTask } from './stop';

export interface RestartRequest {
  id: string;
  /** The name the user gave, for the error text. */
  ref: string;
  stopSignal: number;
  /** Seconds; negative waits for ever. */
  timeoutSec: number;
  /** Where the new task's stdio goes (made after the stop, so a new log is not cut by the old task). */
  io: () => Promise<TaskIO>;
}

const stripDaemon = (m: string): string => m.replace(/^Error response from daemon: /, '');

export async function restartContainer(deps: StartDeps, req: RestartRequest): Promise<void> {
  try {
    await markExplicitStop(deps.containers, req.id);
    await stopTask(deps.tasks, req.id, req.stopSignal, req.timeoutSec);
    await startTask(deps, req.id, await req.io());
  } catch (e) {
    const err = toTsctlError(e);
    const message = `Error response from daemon: Cannot restart container ${req.ref}: ${stripDaemon(err.message)}`;
    // Docker's restart exits 1 whatever the start failure was (no 126/127 as for run).
    if (err.defaultExitCode !== 1) throw new InternalError(message, { cause: err });
    err.message = message;
    throw err;
  }
}
