/**
 * `stop` / `kill` / `wait`: signalling a container's init process and waiting for its exit, Docker's way:
 * stop sends the stop signal, waits the grace period, then SIGKILL.
 */
import type { TaskControl, ExitInfo } from '../../containerd/ports';
import { ConflictError, NotFoundError } from '../../errors/index';

export const SIGKILL = 9;
export const SIGTERM = 15;

function isRunning(status: string | undefined): boolean {
  return status === 'running' || status === 'paused' || status === 'pausing' || status === 'created';
}

/** Waits for exit at most `ms`; undefined on timeout. */
async function waitFor(tasks: TaskControl, id: string, ms: number): Promise<ExitInfo | undefined> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    return await tasks.wait(id, abort.signal);
  } catch (e) {
    if (abort.signal.aborted) return undefined;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** Stops a running container: stop signal, `timeoutSec` grace (negative = wait forever), then SIGKILL. */
export async function stopTask(tasks: TaskControl, id: string, stopSignal: number, timeoutSec: number): Promise<void> {
  const t = await tasks.get(id);
  if (!t || !isRunning(t.status)) return;
  try {
    await tasks.kill(id, stopSignal);
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
    return;
  }
  if (timeoutSec < 0) {
    await tasks.wait(id);
    return;
  }
  if (await waitFor(tasks, id, timeoutSec * 1000)) return;
  await tasks.kill(id, SIGKILL, true).catch((e: unknown) => {
    if (!(e instanceof NotFoundError)) throw e;
  });
  await tasks.wait(id);
}

/** Sends `signal` to a running container; Docker's error when it is not running. */
export async function killTask(tasks: TaskControl, id: string, name: string, signal: number): Promise<void> {
  const t = await tasks.get(id);
  if (!t || t.status === 'stopped' || t.status === 'unknown') {
    throw new ConflictError(`Error response from daemon: cannot kill container: ${name}: container ${id} is not running`);
  }
  await tasks.kill(id, signal);
}
