/**
 * `container prune`: removes every container that is not running (moby's daemon/prune.go ContainerPrune) through
 * the `rm` service, optionally limited by `until` (created before) and `label` / `label!`. Reclaimed space is
 * the containers' writable-layer usage, as Docker counts it; a container that fails to go is skipped.
 */
import type { ContainersPort, SnapshotsPort, TasksPort } from '../../containerd/ports';
import { InvalidArgumentError } from '../../errors/index';
import { labelMatcher, parseUntil, validateFilters, type Filters } from '../images/list';
import { removeContainer, type RemoveDeps } from './remove';

export interface PruneContainersDeps extends RemoveDeps {
  list: ContainersPort;
  taskList: TasksPort;
  snapshots: SnapshotsPort;
}

export interface ContainerPruneReport {
  deleted: string[];
  /** Bytes. */
  reclaimed: number;
}

export const CONTAINER_PRUNE_FILTERS = ['label', 'label!', 'until'] as const;

export async function pruneContainers(deps: PruneContainersDeps, filters: Filters, now: Date): Promise<ContainerPruneReport> {
  validateFilters(filters, CONTAINER_PRUNE_FILTERS);
  const untils = filters.get('until') ?? [];
  if (untils.length > 1) throw new InvalidArgumentError('Error response from daemon: more than one until filter specified');
  const until = untils[0] === undefined ? undefined : parseUntil(untils[0], now);
  const labelsOK = labelMatcher(filters);
  const [containers, tasks] = await Promise.all([deps.list.list(), deps.taskList.list()]);
  const live = new Set(tasks.filter((t) => t.status !== 'stopped' && t.status !== 'unknown').map((t) => t.id));
  const report: ContainerPruneReport = { deleted: [], reclaimed: 0 };
  for (const c of containers) {
    if (live.has(c.id)) continue;
    if (until && c.createdAt && c.createdAt.getTime() > until.getTime()) continue;
    if (!labelsOK(c.labels)) continue;
    const details = await deps.containers.get(c.id);
    let size = 0;
    if (details?.snapshotKey) size = await deps.snapshots.usage(details.snapshotter, details.snapshotKey).then((u) => u.size, () => 0);
    try {
      await removeContainer(deps, c.id, false);
    } catch {
      continue;
    }
    report.deleted.push(c.id);
    report.reclaimed += size;
  }
  return report;
}
