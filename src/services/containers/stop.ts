/**
 * `stop` / `kill` / `wait`: signalling a container's init process and waiting for its exit, Docker's way:
 * stop sends the stop signal, waits the grace period, then SIGKILL.
 */
import type { ContainerStore, TaskControl, ExitInfo } from '../../containerd/ports';
import { CONTAINERD_RESTART_STATUS_LABEL, EXPLICIT_STOP_LABEL } from '../../labels';
import { ConflictError, NotFoundError } from '../../errors/index';

export const SIGKILL = 9;
export const SIGTERM = 15;

function isRunning(status: string | undefined): boolean {
  return status === 'running' || status === 'paused' || status === 'pausing' || status === 'created';
}

/**
 * A signal sent to a frozen task is delivered once it thaws, so Docker resumes a paused container after sending
 * SIGKILL or its stop signal (any signal when none is configured), moby's daemon/kill.go killWithSignal.
 */
export async function signalTask(tasks: TaskControl, id: string, signal: number, paused: boolean, stopSignal?: number, all = false): Promise<void> {
  await tasks.kill(id, signal, all);
  if (paused && (signal === SIGKILL || stopSignal === undefined || signal === stopSignal)) {
    // moby only logs a failed resume: the task may already be gone (SIGKILL reaches frozen tasks on cgroup v2).
    await tasks.resume(id).catch(() => undefined);
  }
}

const isPaused = (status: string | undefined): boolean => status === 'paused' || status === 'pausing';

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
    await signalTask(tasks, id, stopSignal, isPaused(t.status), stopSignal);
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
    return;
  }
  if (timeoutSec < 0) {
    await tasks.wait(id);
    return;
  }
  if (await waitFor(tasks, id, timeoutSec * 1000)) return;
  const now = await tasks.get(id);
  await signalTask(tasks, id, SIGKILL, isPaused(now?.status), undefined, true).catch((e: unknown) => {
    if (!(e instanceof NotFoundError)) throw e;
  });
  await tasks.wait(id);
}

/**
 * Sends `signal` to a running container; Docker's error when it is not running. `stopSignal` is the container's
 * configured stop signal, if any (it decides whether a paused container is resumed, see signalTask).
 */
export async function killTask(tasks: TaskControl, id: string, name: string, signal: number, stopSignal?: number): Promise<void> {
  const t = await tasks.get(id);
  if (!t || t.status === 'stopped' || t.status === 'unknown') {
    throw new ConflictError(`Error response from daemon: cannot kill container: ${name}: container ${id} is not running`);
  }
  await signalTask(tasks, id, signal, isPaused(t.status), stopSignal);
}

/**
 * Docker's HasBeenManuallyStopped: set before `stop`/`kill`/`rm -f` signal the task, so the exit hook's restart
 * policy leaves the container stopped, and containerd's restart monitor (when it watches it) stops watching
 * (its label is removed; `start` sets it again once the task runs).
 */
export async function markExplicitStop(containers: ContainerStore, id: string): Promise<void> {
  const c = await containers.get(id);
  if (!c || c.labels[EXPLICIT_STOP_LABEL] === 'true') return;
  const labels: Record<string, string> = { [EXPLICIT_STOP_LABEL]: 'true' };
  // Removed rather than set to `stopped`: a monitor that watches the container would kill a task that a later
  // `start` creates before it sets `running` again; without the label the monitor leaves it alone.
  if (c.labels[CONTAINERD_RESTART_STATUS_LABEL]) labels[CONTAINERD_RESTART_STATUS_LABEL] = '';
  await containers.setLabels(id, labels);
}
