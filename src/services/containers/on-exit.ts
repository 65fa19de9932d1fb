/**
 * What dockerd does when a container's task exits, done by the container's exit hook (run by its logger):
 * `--rm` removes it; otherwise the restart policy may start it again after Docker's back-off, counting restarts.
 * An explicit `stop`/`kill`/`rm -f` (EXPLICIT_STOP_LABEL) keeps it stopped.
 */
import type { ContainerStore, TaskControl } from '../../containerd/ports';
import { NotFoundError } from '../../errors/index';
import { AUTO_REMOVE_LABEL, EXPLICIT_STOP_LABEL, RESTART_COUNT_LABEL, RESTART_POLICY_LABEL } from '../../labels';
import { removeContainer, type RemoveDeps } from './remove';
import { monitorKeepsRunning, restartDelayMs, shouldRestart } from './restart-policy';

export interface ExitDeps extends RemoveDeps {
  containers: ContainerStore;
  tasks: TaskControl;
}

export interface ExitActions {
  /** Starts the container's task again (detached stdio, same hook). */
  start(): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** How long the task ran (the logger measures it), for the back-off. */
  ranMs: number;
  /** How long to wait for containerd to record the exit (default 5 s). */
  exitWaitMs?: number;
}

export type ExitOutcome = 'none' | 'removed' | 'restarted';

export async function handleTaskExit(deps: ExitDeps, id: string, act: ExitActions): Promise<ExitOutcome> {
  const c = await deps.containers.get(id);
  if (!c) return 'none';
  // The logger sees the output end a moment before containerd records the exit: wait for it (briefly; a task
  // that is still running after that was started again by someone else).
  const abort = AbortSignal.timeout(act.exitWaitMs ?? 5000);
  await deps.tasks.wait(id, abort).catch(() => undefined);
  const t = await deps.tasks.get(id);
  const restartCount = Number(c.labels[RESTART_COUNT_LABEL] ?? '0') || 0;
  const policy = c.labels[RESTART_POLICY_LABEL] ?? 'no';
  if (t && t.status !== 'stopped') {
    // Running again already: containerd's restart monitor (always/unless-stopped) was first. It restarted the
    // container for its policy, which Docker counts.
    const explicitlyStopped = c.labels[EXPLICIT_STOP_LABEL] === 'true';
    if (monitorKeepsRunning(policy) && !explicitlyStopped) await deps.containers.setLabels(id, { [RESTART_COUNT_LABEL]: String(restartCount + 1) });
    return 'none';
  }
  if (c.labels[AUTO_REMOVE_LABEL] === 'true') {
    await removeContainer(deps, id, true, true).catch((e: unknown) => {
      if (!(e instanceof NotFoundError)) throw e;
    });
    return 'removed';
  }
  const input = {
    policy,
    exitCode: t?.exitStatus ?? 0,
    restartCount,
    explicitlyStopped: c.labels[EXPLICIT_STOP_LABEL] === 'true',
  };
  if (!shouldRestart(input)) return 'none';
  await act.sleep(restartDelayMs(restartCount, act.ranMs));
  // The user may have stopped, removed or started it during the back-off.
  const again = await deps.containers.get(id);
  const task = await deps.tasks.get(id);
  if (!again || again.labels[EXPLICIT_STOP_LABEL] === 'true' || (task && task.status !== 'stopped')) return 'none';
  await deps.containers.setLabels(id, { [RESTART_COUNT_LABEL]: String(restartCount + 1) });
  await act.start();
  return 'restarted';
}
