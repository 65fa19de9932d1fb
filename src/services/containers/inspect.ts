/**
 * `container inspect` and the top-level `inspect`: Docker's container object derived from containerd's container
 * record (labels, OCI spec, snapshotter), its task (status, pid, exit) and the image record it names; the
 * top-level verb tries containers first, then images (docker/cli cli/command/system/inspect.go inspectAll).
 */
import type { ContainerDetails, ContainerRecord, ContainerStore, ContainersPort, TaskControl, TaskRecord } from '../../containerd/ports';
import { NotFoundError, toTsctlError, type TsctlError } from '../../errors/index';
import {
  DockerContainerInspect,
  type ContainerInspectInput,
  type ContainerStatus,
  type DockerDeviceMapping,
  type DockerUlimit,
  type HostConfigInput,
} from '../../compat/inspect-container';
import { configVolumes, decodeMounts } from '../volumes/model';
import { AUTO_REMOVE_LABEL, MOUNTS_LABEL, decodeLogConfig, HEALTHCHECK_LABEL, HOST_CONFIG_LABEL, IMAGE_REF_LABEL, LOG_CONFIG_LABEL, LOG_PATH_LABEL, RESTART_COUNT_LABEL, RESTART_POLICY_LABEL, STDIN_LABEL, STOP_SIGNAL_LABEL, STOP_TIMEOUT_LABEL } from '../../labels';
import { parsePolicyLabel } from './restart-policy';
import type { ImageConfigFile } from '../../oci/types';
import { resolveImage } from '../images/model';
import { inspectImages, type CatalogDeps } from '../images/inspect';
import { parseReference } from '../../registry/reference';
import { DEFAULT_CAPABILITIES, DEFAULT_SHM_SIZE, INIT_PATH_IN_CONTAINER } from './spec/defaults';
import { findContainer } from './resolve';
import { containerName } from './list';
import { hostNetworkOf, networkModeOf, networkSettingsOf, type NetFilesReader } from './network-view';

export interface InspectContainerDeps extends CatalogDeps {
  list: ContainersPort;
  containers: ContainerStore;
  tasks: TaskControl;
  /** When a process started (from /proc); undefined if unknown. */
  processStart: (pid: number) => Promise<Date | undefined>;
  /** The container's recorded health (State.Health), when it has a healthcheck. */
  health?: (id: string) => Promise<object | undefined>;
  /** With `--size`: the writable layer and the whole root filesystem (SizeRw, SizeRootFs). */
  sizes?: (id: string) => Promise<{ rw: number; rootFs: number }>;
  /** The container's net.json / net-state.json (NetworkSettings, HostConfig's networking, ExposedPorts). */
  netFiles?: NetFilesReader;
  /** Top-level inspect: a volume by name (throws NotFoundError when there is none). */
  volume?: (name: string) => Promise<object>;
}

export type InspectResult = { ok: object } | { error: TsctlError };

/** The parts of an OCI runtime spec inspect reads (everything optional: the spec may come from other tools). */
interface SpecView {
  process?: {
    terminal?: boolean;
    user?: { uid?: number; gid?: number };
    args?: string[];
    env?: string[];
    cwd?: string;
    capabilities?: { bounding?: string[] };
    rlimits?: { type?: string; hard?: number; soft?: number }[];
  };
  root?: { readonly?: boolean };
  hostname?: string;
  mounts?: { destination?: string; type?: string; options?: string[] }[];
  linux?: {
    namespaces?: { type?: string; path?: string }[];
    sysctl?: Record<string, string>;
    maskedPaths?: string[];
    seccomp?: unknown;
    resources?: {
      memory?: { limit?: number; swap?: number; reservation?: number; swappiness?: number; disableOOMKiller?: boolean };
      cpu?: { shares?: number; quota?: number; period?: number; cpus?: string; mems?: string };
      pids?: { limit?: number };
      blockIO?: { weight?: number };
    };
  };
}

const DEFAULT_MOUNTS = new Set(['/proc', '/dev', '/dev/pts', '/sys', '/dev/shm', '/dev/mqueue', '/sys/fs/cgroup']);

function statusOf(t: TaskRecord | undefined): ContainerStatus {
  if (!t) return 'created';
  switch (t.status) {
    case 'running':
      return 'running';
    case 'paused':
    case 'pausing':
      return 'paused';
    case 'created':
      return 'created';
    default:
      return 'exited';
  }
}

const stripCap = (c: string): string => c.replace(/^CAP_/, '');

/** Entrypoint and Cmd from the process args: the image's entrypoint when the args start with it. */
export function splitCommand(args: string[], image: ImageConfigFile['config'] | undefined): { entrypoint: string[] | undefined; cmd: string[] | undefined } {
  const ep = image?.Entrypoint ?? undefined;
  if (ep && ep.length > 0) {
    if (ep.every((a, i) => args[i] === a)) {
      const rest = args.slice(ep.length);
      return { entrypoint: [...ep], cmd: rest.length > 0 ? rest : undefined };
    }
    // `--entrypoint` replaced the image's: Docker keeps it as a one-element Entrypoint.
    const [first, ...rest] = args;
    return { entrypoint: first === undefined ? undefined : [first], cmd: rest.length > 0 ? rest : undefined };
  }
  return { entrypoint: undefined, cmd: args.length > 0 ? [...args] : undefined };
}

/** Docker's rlimit for a number read back from JSON (RLIM_INFINITY → -1). */
const rlimitValue = (v: number | undefined): number => (v === undefined ? 0 : v >= 2 ** 63 ? -1 : v);

/** HOST_CONFIG_LABEL's JSON (cli/wiring/run-spec StoredHostConfig); empty when absent or unreadable. */
function storedHostConfig(label: string | undefined): { ContainerIDFile?: string; CpuPeriod?: number; CpuQuota?: number; Devices?: DockerDeviceMapping[]; Binds?: string[]; Mounts?: object[]; VolumesFrom?: string[]; PidMode?: string; IpcMode?: string } {
  try {
    const v: unknown = label ? JSON.parse(label) : {};
    return typeof v === 'object' && v !== null ? v : {};
  } catch {
    return {};
  }
}

/** The HostConfig subset derivable from the spec, and from tsctl's labels what the spec cannot say. */
export function hostConfigFromSpec(spec: SpecView, labels: Record<string, string> = {}): HostConfigInput {
  const caps = spec.process?.capabilities?.bounding ?? [];
  const capSet = new Set(caps);
  const linux = spec.linux ?? {};
  const privileged = capSet.has('CAP_SYS_ADMIN') && linux.seccomp === undefined && (linux.maskedPaths ?? []).length === 0;
  const netns = (linux.namespaces ?? []).find((n) => n.type === 'network');
  const mounts = spec.mounts ?? [];
  const shm = mounts.find((m) => m.destination === '/dev/shm');
  const shmSize = Number(/^size=(\d+)/.exec((shm?.options ?? []).find((o) => o.startsWith('size=')) ?? '')?.[1] ?? DEFAULT_SHM_SIZE);
  const tmpfs: Record<string, string> = {};
  // --mount type=tmpfs shows in HostConfig.Mounts, not Tmpfs.
  const mounted = new Set(decodeMounts(labels[MOUNTS_LABEL]).map((m) => m.Destination));
  for (const m of mounts) {
    if (m.type === 'tmpfs' && m.destination !== undefined && !DEFAULT_MOUNTS.has(m.destination) && !mounted.has(m.destination)) tmpfs[m.destination] = (m.options ?? []).join(',');
  }
  const res = linux.resources ?? {};
  const stored = storedHostConfig(labels[HOST_CONFIG_LABEL]);
  const log = decodeLogConfig(labels[LOG_CONFIG_LABEL]);
  // --cpu-period/--cpu-quota were given as such; otherwise a quota/period pair came from --cpus.
  const explicitCfs = stored.CpuPeriod !== undefined || stored.CpuQuota !== undefined;
  const quota = explicitCfs ? 0 : (res.cpu?.quota ?? 0);
  const period = explicitCfs ? 0 : (res.cpu?.period ?? 0);
  const ulimits: DockerUlimit[] = (spec.process?.rlimits ?? []).map((r) => ({
    Name: (r.type ?? '').replace(/^RLIMIT_/, '').toLowerCase(),
    Hard: rlimitValue(r.hard),
    Soft: rlimitValue(r.soft),
  }));
  const args = spec.process?.args ?? [];
  return {
    ...(Array.isArray(stored.Binds) ? { binds: stored.Binds } : {}),
    ...(Array.isArray(stored.Mounts) ? { mounts: stored.Mounts } : {}),
    ...(Array.isArray(stored.VolumesFrom) ? { volumesFrom: stored.VolumesFrom } : {}),
    ...(typeof stored.PidMode === 'string' ? { pidMode: stored.PidMode } : {}),
    ...(typeof stored.IpcMode === 'string' ? { ipcMode: stored.IpcMode } : {}),
    networkMode: netns === undefined ? 'host' : 'none',
    logType: log.Type,
    logConfig: log.Config,
    ...(stored.ContainerIDFile ? { containerIDFile: stored.ContainerIDFile } : {}),
    privileged,
    readonlyRootfs: spec.root?.readonly === true,
    capAdd: privileged ? [] : caps.filter((c) => !DEFAULT_CAPABILITIES.includes(c)).map(stripCap),
    capDrop: privileged ? [] : DEFAULT_CAPABILITIES.filter((c) => !capSet.has(c)).map(stripCap),
    securityOpt: [],
    tmpfs,
    shmSize: Number.isFinite(shmSize) ? shmSize : DEFAULT_SHM_SIZE,
    sysctls: {},
    init: args[0] === INIT_PATH_IN_CONTAINER ? true : null,
    memory: res.memory?.limit ?? 0,
    // A memory limit without a swap limit: Docker's MemorySwap -1 (--memory-swap -1, or no swap accounting).
    memorySwap: res.memory?.swap ?? (res.memory?.limit ? -1 : 0),
    nanoCpus: quota > 0 && period > 0 ? Math.round((quota * 1e9) / period) : 0,
    cpuShares: res.cpu?.shares ?? 0,
    cpuQuota: stored.CpuQuota ?? 0,
    cpuPeriod: stored.CpuPeriod ?? 0,
    pidsLimit: res.pids?.limit ?? null,
    ulimits,
    cpusetCpus: res.cpu?.cpus ?? '',
    cpusetMems: res.cpu?.mems ?? '',
    memoryReservation: res.memory?.reservation ?? 0,
    memorySwappiness: res.memory?.swappiness ?? null,
    oomKillDisable: res.memory?.disableOOMKiller ?? null,
    blkioWeight: res.blockIO?.weight ?? 0,
    devices: Array.isArray(stored.Devices) ? stored.Devices : [],
  };
}

/** Docker's Config.User: what was asked for; tsctl keeps only the resolved ids, so the image's user stands in. */
function userOf(spec: SpecView, image: ImageConfigFile['config'] | undefined): string {
  const uid = spec.process?.user?.uid ?? 0;
  const gid = spec.process?.user?.gid ?? 0;
  const imageUser = image?.User ?? '';
  if (uid === 0 && gid === 0) return imageUser === 'root' || imageUser === '0' ? imageUser : '';
  if (imageUser !== '') return imageUser;
  return gid === 0 ? String(uid) : `${uid}:${gid}`;
}

const userLabels = (labels: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith('tsctl/')));

/** The image record a container names (its `image` field: a record name), resolved; undefined when gone. */
async function containerImage(deps: CatalogDeps, name: string): Promise<{ id: string; config: ImageConfigFile } | undefined> {
  const candidates = [name];
  try {
    candidates.push(parseReference(name).toString());
  } catch {
    // not a reference
  }
  for (const n of candidates) {
    const record = n === '' ? undefined : await deps.images.get(n);
    if (!record) continue;
    try {
      const r = await resolveImage(deps.content, record, deps.pick);
      return { id: r.id, config: r.config };
    } catch (e) {
      if (e instanceof NotFoundError) return undefined;
      throw e;
    }
  }
  return undefined;
}

/** Config.ExposedPorts from net.json's keys (`--expose`, `-p` and the image's EXPOSE); absent when there are none. */
function exposedPortSet(keys: readonly string[]): Record<string, object> | undefined {
  return keys.length === 0 ? undefined : Object.fromEntries(keys.map((k) => [k, {}]));
}

/** Docker's container object for a found container. */
export async function inspectContainerRecord(deps: InspectContainerDeps, rec: ContainerRecord): Promise<DockerContainerInspect> {
  const [details, task] = await Promise.all([deps.containers.get(rec.id), deps.tasks.get(rec.id)]);
  if (!details) throw new NotFoundError(`Error response from daemon: No such container: ${rec.id}`, 'CONTAINER_NOT_FOUND');
  return new DockerContainerInspect(await inspectInput(deps, details, task));
}

async function inspectInput(deps: InspectContainerDeps, c: ContainerDetails, task: TaskRecord | undefined): Promise<ContainerInspectInput> {
  const spec = c.spec as SpecView;
  const image = await containerImage(deps, c.image);
  const imageConfig = image?.config.config;
  const status = statusOf(task);
  const live = status === 'running' || status === 'paused';
  const startedAt = live && task ? await deps.processStart(task.pid) : undefined;
  let argv = spec.process?.args ?? c.args;
  if (argv[0] === INIT_PATH_IN_CONTAINER) argv = argv.slice(argv[1] === '--' ? 2 : 1);
  const { entrypoint, cmd } = splitCommand(argv, imageConfig);
  const stopTimeout = c.labels[STOP_TIMEOUT_LABEL];
  const policy = parsePolicyLabel(c.labels[RESTART_POLICY_LABEL]);
  const healthcheck = c.labels[HEALTHCHECK_LABEL];
  const health = healthcheck && deps.health ? await deps.health(c.id) : undefined;
  const size = deps.sizes ? await deps.sizes(c.id) : undefined;
  const net = deps.netFiles ? await deps.netFiles(c.id, { state: live }) : {};
  const name = containerName(c);
  const hostConfig = hostConfigFromSpec(spec, c.labels);
  hostConfig.networkMode = networkModeOf(c.labels, net.spec) ?? hostConfig.networkMode;
  if (net.spec) hostConfig.network = hostNetworkOf(net.spec);
  const network = networkSettingsOf({ id: c.id, name, files: net, running: live, created: status === 'created' });
  return {
    ...(size ? { size } : {}),
    mounts: decodeMounts(c.labels[MOUNTS_LABEL]),
    daemon: {
      restartCount: Number(c.labels[RESTART_COUNT_LABEL] ?? '0') || 0,
      restartPolicy: { name: policy.name, maximumRetryCount: policy.maxRetries },
      autoRemove: c.labels[AUTO_REMOVE_LABEL] === 'true',
      openStdin: c.labels[STDIN_LABEL] !== undefined,
      stdinOnce: c.labels[STDIN_LABEL] === 'once',
      ...(healthcheck ? { healthcheck: JSON.parse(healthcheck) as object } : {}),
      ...(health ? { health } : {}),
    },
    id: c.id,
    created: c.createdAt,
    path: argv[0] ?? '',
    args: argv.slice(1),
    state: {
      status,
      pid: task?.pid ?? 0,
      exitCode: status === 'exited' ? (task?.exitStatus ?? 0) : 0,
      startedAt,
      finishedAt: status === 'exited' ? task?.exitedAt : undefined,
    },
    image: image?.id ?? '',
    logPath: c.labels[LOG_PATH_LABEL] ?? '',
    name,
    driver: c.snapshotter,
    hostConfig,
    ...(network ? { network } : {}),
    config: {
      hostname: spec.hostname ?? '',
      domainname: net.spec?.domainname ?? '',
      user: userOf(spec, imageConfig),
      tty: spec.process?.terminal === true,
      env: spec.process?.env ?? [],
      cmd,
      entrypoint,
      image: c.labels[IMAGE_REF_LABEL] ?? c.image,
      workingDir: spec.process?.cwd === '/' && !imageConfig?.WorkingDir ? '' : (spec.process?.cwd ?? ''),
      // Docker merges the image's labels under the container's own.
      labels: { ...(imageConfig?.Labels ?? {}), ...userLabels(c.labels) },
      exposedPorts: net.spec ? exposedPortSet(net.spec.exposed) : imageConfig?.ExposedPorts,
      volumes: configVolumes(c.labels, imageConfig?.Volumes),
      stopSignal: c.labels[STOP_SIGNAL_LABEL] ?? imageConfig?.StopSignal ?? '',
      stopTimeout: stopTimeout !== undefined && /^-?\d+$/.test(stopTimeout) ? Number(stopTimeout) : undefined,
    },
  };
}

/** `container inspect`: one result per reference, in order. */
export async function inspectContainers(deps: InspectContainerDeps, refs: string[]): Promise<InspectResult[]> {
  const out: InspectResult[] = [];
  for (const ref of refs) {
    try {
      out.push({ ok: await inspectContainerRecord(deps, await findContainer(deps.list, ref)) });
    } catch (e) {
      out.push({ error: toTsctlError(e) });
    }
  }
  return out;
}

export type ObjectType = 'container' | 'image' | 'volume';

/** Docker's text when no kind of object matches an untyped reference (docker/cli ≤ 28). */
export function noSuchObject(ref: string): NotFoundError {
  return new NotFoundError(`Error: No such object: ${ref}`, 'NOT_FOUND');
}

/**
 * Top-level `inspect`: containers first, then images, then volumes. With a type only that kind is looked up and its own
 * not-found error is kept; without one, not-found errors fall through to the next kind.
 */
export async function inspectObjects(deps: InspectContainerDeps, refs: string[], type: ObjectType | undefined): Promise<InspectResult[]> {
  const out: InspectResult[] = [];
  for (const ref of refs) {
    out.push(await inspectObject(deps, ref, type));
  }
  return out;
}

async function inspectObject(deps: InspectContainerDeps, ref: string, type: ObjectType | undefined): Promise<InspectResult> {
  if (type === undefined || type === 'container') {
    const [r] = await inspectContainers(deps, [ref]);
    if (r && ('ok' in r || type === 'container' || !(r.error instanceof NotFoundError))) return r;
  }
  if (type === undefined || type === 'image') {
    const [r] = await inspectImages(deps, [ref]);
    if (r && ('ok' in r || type === 'image' || !(r.error instanceof NotFoundError))) return r;
  }
  if ((type === undefined || type === 'volume') && deps.volume) {
    try {
      return { ok: await deps.volume(ref) };
    } catch (e) {
      const err = toTsctlError(e);
      if (type === 'volume' || !(err instanceof NotFoundError)) return { error: err };
    }
  }
  return { error: noSuchObject(ref) };
}
