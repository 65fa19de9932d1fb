/**
 * `pause` / `unpause`: freeze and thaw a container's processes (containerd's Tasks.Pause/Resume, the cgroup
 * freezer), with moby's checks and messages (daemon/pause.go, daemon/unpause.go).
 */
import type { TaskControl } from '../../containerd/ports';
import { ConflictError, FailedPreconditionError } from '../../errors/index';

export function notRunning(id: string): ConflictError {
  return new ConflictError(`Error response from daemon: container ${id} is not running`);
}

export async function pauseContainer(tasks: TaskControl, id: string): Promise<void> {
  const t = await tasks.get(id);
  if (!t || (t.status !== 'running' && t.status !== 'paused' && t.status !== 'pausing')) throw notRunning(id);
  if (t.status !== 'running') throw new ConflictError(`Error response from daemon: container ${id} is already paused`);
  await tasks.pause(id);
}

export async function unpauseContainer(tasks: TaskControl, id: string): Promise<void> {
  const t = await tasks.get(id);
  if (!t || (t.status !== 'paused' && t.status !== 'pausing')) {
    throw new FailedPreconditionError(`Error response from daemon: Container ${id} is not paused`);
  }
  await tasks.resume(id);
}
