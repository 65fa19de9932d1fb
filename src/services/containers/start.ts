/**
 * Starting a container's task: an old stopped task is deleted first, the rootfs comes from the container's
 * snapshot, and stdio goes where `io` says (the json-file logger for stdout/stderr, a FIFO for stdin). A task that
 * fails to start is deleted again and the failure classified with Docker's 125/126/127.
 */
import type { ContainerStore, SnapshotsPort, TaskControl, TaskIO } from '../../containerd/ports';
import { NotFoundError } from '../../errors/index';
import { classifyStartError, NetworkSetupStartError } from '../../errors/classify-start';
import { CONTAINERD_RESTART_LOGURI_LABEL, CONTAINERD_RESTART_STATUS_LABEL, EXPLICIT_STOP_LABEL, RESTART_POLICY_LABEL } from '../../labels';
import { monitorKeepsRunning } from './restart-policy';

export interface StartDeps {
  containers: ContainerStore;
  tasks: TaskControl;
  snapshots: SnapshotsPort;
  /** The networking hook's error after a failed task creation (one line), if it failed there. */
  networkError?: (id: string) => Promise<string | undefined>;
  /** Brings what the spec refers to up to date (the netns of a `container:` network mode's current task). */
  prepareStart?: (id: string, labels: Record<string, string>) => Promise<void>;
}

/** Starts the container; returns false when it was already running (Docker's start is then a no-op). */
export async function startTask(deps: StartDeps, id: string, io: TaskIO): Promise<boolean> {
  const c = await deps.containers.get(id);
  if (!c) throw new NotFoundError(`Error response from daemon: No such container: ${id}`, 'CONTAINER_NOT_FOUND');
  const existing = await deps.tasks.get(id);
  if (existing && existing.status !== 'stopped') return false;
  if (existing) await deps.tasks.delete(id);
  await deps.prepareStart?.(id, c.labels);
  const mounts = c.snapshotKey ? await deps.snapshots.mounts(c.snapshotter, c.snapshotKey) : [];
  try {
    await deps.tasks.create(id, mounts, io);
  } catch (e) {
    const net = await deps.networkError?.(id);
    if (net !== undefined) throw new NetworkSetupStartError(net, e);
    throw classifyStartError(e);
  }
  try {
    await deps.tasks.start(id);
  } catch (e) {
    await deps.tasks.delete(id).catch(() => undefined);
    throw classifyStartError(e);
  }
  // A started container is no longer "explicitly stopped"; containerd's restart monitor (the safety net of
  // always/unless-stopped, e.g. after containerd restarts) is told to keep it running.
  const labels: Record<string, string> = {};
  if (c.labels[EXPLICIT_STOP_LABEL]) labels[EXPLICIT_STOP_LABEL] = '';
  if (monitorKeepsRunning(c.labels[RESTART_POLICY_LABEL])) {
    labels[CONTAINERD_RESTART_STATUS_LABEL] = 'running';
    if (io.stdout.startsWith('binary://')) labels[CONTAINERD_RESTART_LOGURI_LABEL] = io.stdout;
  }
  if (Object.keys(labels).length > 0) await deps.containers.setLabels(id, labels);
  return true;
}
