/**
 * `ps`: the namespace's containers joined with their tasks, as Docker's `ps` rows (the fields its --format
 * templates use). Stopped containers are listed only with `all`; `last` keeps the n newest; `filters` are
 * Docker's (./ps-filter.ts); `size` adds the writable layer's usage and, as "virtual", the image layers' too.
 */
import type { ContainerRecord, ContainerStore, ContainersPort, SnapshotsPort, TaskRecord, TasksPort } from '../../containerd/ports';
import { humanDuration, stateWord, statusText, type TaskState } from '../../compat/status';
import type { HealthState } from '../../state/health';
import { healthSuffix } from './health';
import { HEALTHCHECK_LABEL, IMAGE_REF_LABEL, K8S_CONTAINER_NAME_LABEL, K8S_POD_NAME_LABEL, K8S_POD_NAMESPACE_LABEL, NAME_LABEL, NERDCTL_NAME_LABEL } from '../../labels';
import { NotFoundError } from '../../errors/index';
import { humanSize } from '../../output/views/image';
import type { FindDeps } from '../images/find';
import type { Filters } from '../images/list';
import { checkPsFilters, idOrName, selectContainers, type PsCandidate } from './ps-filter';
import { containerNetworks, psPorts, type NetFilesReader } from './network-view';
import { displayablePorts } from '../../compat/ports';

export interface ContainerRow {
  ID: string;
  Image: string;
  Command: string;
  CreatedAt: string;
  RunningFor: string;
  Ports: string;
  State: string;
  Status: string;
  Names: string;
  Labels: string;
  /** `0B`, or with `size` `<rw> (virtual <rw + image>)`. */
  Size: string;
}

export interface ListDeps {
  containers: ContainersPort;
  tasks: TasksPort;
  /** When a process started (from /proc); undefined if unknown. */
  processStart: (pid: number) => Promise<Date | undefined>;
  now: () => Date;
  /** Needed for `size` (the container's snapshot) and `ancestor` filters (the image store). */
  store?: ContainerStore;
  snapshots?: SnapshotsPort;
  images?: FindDeps;
  /** The recorded health of a container with a healthcheck (ps shows `(healthy)`). */
  health?: (id: string) => Promise<HealthState | undefined>;
  /** The container's net.json / net-state.json: the PORTS column and the network/publish/expose filters. */
  netFiles?: NetFilesReader;
}

export interface ListRequest {
  all: boolean;
  /** Show the n most recently created (includes stopped ones, as Docker's -n). 0 = no limit. */
  last: number;
  filters?: Filters;
  size?: boolean;
}

/**
 * The name ps, inspect and name lookups use: tsctl's label, nerdctl's, or for containers Kubernetes' CRI plugin made
 * (no name label) nerdctl's `k8s://<pod namespace>/<pod>/<container>` (`k8s://<ns>/<pod>` for a pod sandbox);
 * else the ID.
 */
export function containerName(c: Pick<ContainerRecord, 'id' | 'labels'>): string {
  return c.labels[NAME_LABEL] ?? c.labels[NERDCTL_NAME_LABEL] ?? kubernetesName(c.labels) ?? c.id;
}

function kubernetesName(labels: Record<string, string>): string | undefined {
  const ns = labels[K8S_POD_NAMESPACE_LABEL];
  const pod = labels[K8S_POD_NAME_LABEL];
  if (ns === undefined || pod === undefined) return undefined;
  const container = labels[K8S_CONTAINER_NAME_LABEL];
  return container === undefined ? `k8s://${ns}/${pod}` : `k8s://${ns}/${pod}/${container}`;
}

/** Go's time.Time String() layout Docker prints for CreatedAt: "2006-01-02 15:04:05 -0700 MST". */
export function dockerTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 UTC`;
}

export async function listContainers(deps: ListDeps, req: ListRequest): Promise<ContainerRow[]> {
  const filters: Filters = req.filters ?? new Map();
  const checked = checkPsFilters(filters);
  const [containers, tasks] = await Promise.all([deps.containers.list(), deps.tasks.list()]);
  const byId = new Map<string, TaskRecord>(tasks.map((t) => [t.id, t]));
  const sorted = containers.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  const ancestry = filters.has('ancestor') ? await ancestorIds(deps, sorted, filters.get('ancestor') ?? []) : undefined;
  const wantHealth = filters.has('health') && deps.health !== undefined;
  const candidates: (PsCandidate & { record: ContainerRecord })[] = await Promise.all(sorted.map(async (c) => {
    const t = byId.get(c.id);
    const state: TaskState = t ? t.status : 'none';
    const checked = wantHealth && state === 'running' && c.labels[HEALTHCHECK_LABEL] !== undefined;
    const health = checked ? ((await deps.health?.(c.id))?.Status ?? 'starting') : 'none';
    const running = state === 'running' || state === 'paused' || state === 'pausing';
    const net = deps.netFiles ? await deps.netFiles(c.id, { state: running }) : {};
    return {
      health,
      ports: psPorts(net, running),
      networks: containerNetworks(c.labels, net.spec),
      record: c, id: c.id, name: containerName(c), labels: c.labels, state: stateWord(state),
      running,
      exitCode: t?.exitStatus ?? 0, started: t !== undefined && state !== 'created', imageId: ancestry?.imageOf.get(c.id),
    };
  }));
  const pick = (key: string): string | undefined => {
    const vs = filters.get(key) ?? [];
    return vs.length === 0 ? undefined : vs.map((v) => idOrName(candidates, v)).at(-1);
  };
  const chosen = selectContainers(
    candidates,
    {
      filters, exited: checked.exited, before: pick('before'), since: pick('since'), ancestors: ancestry?.accepted,
      publish: checked.publish, expose: checked.expose,
    },
    { all: req.all || checked.impliesAll, limit: req.last },
  ) as (PsCandidate & { record: ContainerRecord })[];
  const now = deps.now();
  return Promise.all(chosen.map(async ({ record: c, ports }) => {
    const t = byId.get(c.id);
    const state: TaskState = t ? t.status : 'none';
    const live = t && (state === 'running' || state === 'paused' || state === 'pausing');
    const startedAt = live ? await deps.processStart(t.pid) : undefined;
    const created = c.createdAt ?? now;
    const health = live && c.labels[HEALTHCHECK_LABEL] && deps.health ? await deps.health(c.id) : undefined;
    const healthText = healthSuffix(health);
    return {
      ID: c.id,
      // Docker shows the image as it was given to run (`busybox`), not the normalised name.
      Image: c.labels[IMAGE_REF_LABEL] ?? c.image,
      Command: c.args.join(' '),
      CreatedAt: dockerTime(created),
      RunningFor: `${humanDuration(now.getTime() - created.getTime())} ago`,
      Ports: displayablePorts(ports ?? []),
      State: stateWord(state),
      Status: statusText({ state, exitCode: t?.exitStatus ?? 0, startedAt: startedAt ?? created, exitedAt: t?.exitedAt }, now) + healthText,
      Names: containerName(c),
      Labels: Object.keys(c.labels).sort().map((k) => `${k}=${c.labels[k] ?? ''}`).join(','),
      Size: req.size ? await sizeText(deps, c.id) : '0B',
    };
  }));
}

const usageOf = (snapshots: SnapshotsPort, snapshotter: string, key: string): Promise<number> =>
  snapshots.usage(snapshotter, key).then((u) => u.size);

/**
 * moby's containerd GetContainerLayerSize: the writable snapshot's usage, and as "virtual" that plus the usage of
 * every parent snapshot (the unpacked image).
 */
export async function containerSizes(store: ContainerStore, snaps: SnapshotsPort, id: string): Promise<{ rw: number; rootFs: number }> {
  const c = await store.get(id);
  if (!c?.snapshotKey) return { rw: 0, rootFs: 0 };
  const rw = await usageOf(snaps, c.snapshotter, c.snapshotKey).catch((e: unknown) => {
    if (e instanceof NotFoundError) return 0;
    throw e;
  });
  let image = 0;
  try {
    let parent = (await snaps.stat(c.snapshotter, c.snapshotKey))?.parent ?? '';
    while (parent !== '') {
      image += await usageOf(snaps, c.snapshotter, parent);
      parent = (await snaps.stat(c.snapshotter, parent))?.parent ?? '';
    }
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
  }
  return { rw, rootFs: rw + image };
}

async function sizeText(deps: ListDeps, id: string): Promise<string> {
  if (!deps.store || !deps.snapshots) return '0B';
  const { rw, rootFs: total } = await containerSizes(deps.store, deps.snapshots, id);
  return total > 0 ? `${humanSize(rw)} (virtual ${humanSize(total)})` : humanSize(rw);
}

/**
 * `ancestor=`: the images each value names (name, ID or ID prefix; unknown ones are ignored, as moby does) and
 * every image built on one of them (its layers start with the ancestor's), plus each container's image ID.
 */
async function ancestorIds(deps: ListDeps, containers: ContainerRecord[], values: string[]): Promise<{ accepted: Set<string>; imageOf: Map<string, string> }> {
  const accepted = new Set<string>();
  const imageOf = new Map<string, string>();
  if (!deps.images) return { accepted, imageOf };
  const [{ findImages }, { loadCatalog, containersByImage }] = await Promise.all([import('../images/find'), import('../images/inspect')]);
  const catalog = await loadCatalog(deps.images);
  for (const [imageId, cs] of await containersByImage({ list: () => Promise.resolve(containers) }, catalog)) {
    for (const c of cs) imageOf.set(c.id, imageId);
  }
  const layersOf = new Map(catalog.map((img) => [img.id, img.resolved.config.rootfs?.diff_ids ?? []]));
  for (const v of values) {
    let found: string[];
    try {
      found = [...new Set((await findImages(deps.images, v)).map((r) => r.id))];
    } catch {
      continue;
    }
    for (const id of found) {
      const base = layersOf.get(id) ?? [];
      accepted.add(id);
      if (base.length === 0) continue;
      for (const [other, layers] of layersOf) {
        if (layers.length > base.length && base.every((d, i) => layers[i] === d)) accepted.add(other);
      }
    }
  }
  return { accepted, imageOf };
}
