/**
 * Reaching a container's root filesystem from the host: a live task's root through /proc/<pid>/root (what its
 * processes see, writes included), otherwise the container's snapshot mounted on a temporary directory —
 * read-only unless the caller writes (`export` always reads the snapshot, never the live view, as Docker does).
 */
import type { ContainerStore, SnapshotsPort, TaskControl } from '../../../containerd/ports';
import type { Mounter } from '../../../containerd/mount';
import { noSuchContainer } from '../resolve';
import { readonlyMounts } from './paths';

export interface RootfsDeps {
  containers: ContainerStore;
  tasks: TaskControl;
  snapshots: SnapshotsPort;
  mounter: Mounter;
}

export type RootfsMode = 'read' | 'write' | 'snapshot';

export async function withContainerRoot<T>(deps: RootfsDeps, id: string, mode: RootfsMode, fn: (root: string) => Promise<T>): Promise<T> {
  if (mode !== 'snapshot') {
    const t = await deps.tasks.get(id);
    if (t && t.pid > 0 && t.status !== 'stopped' && t.status !== 'unknown') return fn(`/proc/${t.pid}/root`);
  }
  const c = await deps.containers.get(id);
  if (!c) throw noSuchContainer(id);
  const mounts = await deps.snapshots.mounts(c.snapshotter, c.snapshotKey);
  return deps.mounter.withTempMount(mode === 'write' ? mounts : readonlyMounts(mounts), fn);
}
