/**
 * `rm`: deletes a container's task, record, writable snapshot, name reservation and state directory; a running
 * container is refused unless forced (then killed first), with Docker's message. With `volumes` (`rm -v`,
 * `--rm`) its anonymous volumes go too.
 */
import type { ContainerStore, SnapshotsPort, TaskControl } from '../../containerd/ports';
import { ConflictError, NotFoundError } from '../../errors/index';
import type { NameStore } from '../../state/names';
import { ANONYMOUS_VOLUMES_LABEL, NAME_LABEL } from '../../labels';
import { decodeAnonymous } from '../volumes/model';
import { markExplicitStop, SIGKILL, signalTask } from './stop';

export interface RemoveDeps {
  containers: ContainerStore;
  tasks: TaskControl;
  snapshots: SnapshotsPort;
  names: NameStore;
  /** Removes the container's state directory (logs, etc.). */
  removeState: (id: string) => Promise<void>;
  /** Tears down networking a gone task left recorded (its poststop hook normally did it at task deletion). */
  releaseNetwork?: (id: string) => Promise<void>;
  /** Removes anonymous volumes (those no other container mounts); for `rm -v` and `--rm`. */
  removeVolumes?: (names: string[]) => Promise<void>;
}

const ignoreNotFound = (e: unknown): void => {
  if (!(e instanceof NotFoundError)) throw e;
};

/** `volumes`: also remove the container's anonymous volumes (`rm -v`, `--rm`), as Docker. */
export async function removeContainer(deps: RemoveDeps, id: string, force: boolean, volumes = false): Promise<void> {
  const c = await deps.containers.get(id);
  if (!c) throw new NotFoundError(`Error response from daemon: No such container: ${id}`, 'CONTAINER_NOT_FOUND');
  const name = c.labels[NAME_LABEL] ?? id;
  const task = await deps.tasks.get(id);
  if (task && task.status !== 'stopped') {
    if (!force) {
      throw new ConflictError(
        `Error response from daemon: cannot remove container "/${name}": container is ${task.status === 'paused' ? 'paused' : 'running'}: stop the container before removing or force remove`,
      );
    }
    await markExplicitStop(deps.containers, id);
    await signalTask(deps.tasks, id, SIGKILL, task.status === 'paused' || task.status === 'pausing', undefined, true).catch(ignoreNotFound);
    await deps.tasks.wait(id).catch(ignoreNotFound);
  }
  // Released in-process first: the task's poststop hook then has nothing to do (no node start-up at delete).
  await deps.releaseNetwork?.(id);
  if (task) await deps.tasks.delete(id).catch(ignoreNotFound);
  await deps.releaseNetwork?.(id);
  await deps.containers.delete(id).catch(ignoreNotFound);
  if (c.snapshotKey) await deps.snapshots.remove(c.snapshotter, c.snapshotKey).catch(ignoreNotFound);
  await deps.names.release(name, id);
  await deps.removeState(id);
  if (volumes) await deps.removeVolumes?.(decodeAnonymous(c.labels[ANONYMOUS_VOLUMES_LABEL]));
}
