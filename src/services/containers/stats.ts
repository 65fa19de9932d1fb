/**
 * `stats`: which containers to show, one sample of their counters, and Docker's arithmetic on two samples
 * (docker/cli cli/command/container/stats_helpers.go; the daemon side in moby daemon/stats_unix.go):
 *
 *   CPU %     = Δ container CPU time / Δ system CPU time (/proc/stat) × online CPUs × 100
 *   MEM USAGE = usage − inactive_file (v1: total_inactive_file) when smaller than usage
 *   LIMIT     = the cgroup's limit, or the host's memory when that is smaller ("unlimited")
 *   NET I/O   = the task's network namespace, every interface but lo
 *   BLOCK I/O = the cgroup's read / write bytes
 *
 * A container without a running task shows zeros (Docker's daemon sends an empty sample for it).
 */
import type { ContainersPort, TaskMetricsPort, TaskStats, TasksPort } from '../../containerd/ports';
import type { NetIO, SystemCpu } from '../../util/procfs';
import { throwCollected, toTsctlError, type TsctlError } from '../../errors/index';
import { findContainer } from './resolve';
import { containerName } from './list';

export interface StatsDeps {
  containers: ContainersPort;
  tasks: TasksPort;
  metrics: TaskMetricsPort;
  systemCpu: () => Promise<SystemCpu>;
  netIO: (pid: number) => Promise<NetIO>;
  /** The host's memory in bytes (Docker's machineMemory). */
  memTotal: number;
}

export interface StatsTarget {
  /** Docker's `.Container`: the reference as typed, or the ID's first 12 characters when listing (Docker 28). */
  ref: string;
  id: string;
  name: string;
}

/** Counters of one container at one moment; `missing` when the container no longer exists. */
export interface ContainerSample {
  missing: boolean;
  running: boolean;
  task: TaskStats | undefined;
  net: NetIO;
}

export interface Sample {
  system: SystemCpu;
  containers: Map<string, ContainerSample>;
}

/** Docker's StatsEntry (numbers; the view formats them). */
export interface StatsEntry {
  Container: string;
  Name: string;
  ID: string;
  CPUPercentage: number;
  Memory: number;
  MemoryLimit: number;
  MemoryPercentage: number;
  NetworkRx: number;
  NetworkTx: number;
  BlockRead: number;
  BlockWrite: number;
  PidsCurrent: number;
  /** Shown as "--" (the container went away). */
  IsInvalid: boolean;
}

const isUp = (status: string): boolean => status === 'running' || status === 'paused' || status === 'pausing';

/**
 * The containers to show: the named ones (every missing name reported, Docker's errors.Join), else the running
 * ones (all with `all`), newest first as `ps` lists them.
 */
export async function statsTargets(deps: Pick<StatsDeps, 'containers' | 'tasks'>, req: { refs: readonly string[]; all: boolean }): Promise<StatsTarget[]> {
  if (req.refs.length > 0) {
    const failed: TsctlError[] = [];
    const out: StatsTarget[] = [];
    for (const ref of req.refs) {
      try {
        const c = await findContainer(deps.containers, ref);
        if (!out.some((t) => t.ref === ref)) out.push({ ref, id: c.id, name: containerName(c) });
      } catch (e) {
        failed.push(toTsctlError(e));
      }
    }
    throwCollected(failed);
    return out;
  }
  const [containers, tasks] = await Promise.all([deps.containers.list(), deps.tasks.list()]);
  const up = new Set(tasks.filter((t) => isUp(t.status)).map((t) => t.id));
  return containers
    .filter((c) => req.all || up.has(c.id))
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
    .map((c) => ({ ref: c.id.slice(0, 12), id: c.id, name: containerName(c) }));
}

/** Reads every target's counters once (one Tasks.List, one Tasks.Metrics, /proc/stat, net/dev per task). */
export async function takeSample(deps: StatsDeps, targets: readonly StatsTarget[]): Promise<Sample> {
  const [containers, tasks] = await Promise.all([deps.containers.list(), deps.tasks.list()]);
  const exists = new Set(containers.map((c) => c.id));
  const wanted = new Set(targets.map((t) => t.id));
  const live = tasks.filter((t) => wanted.has(t.id) && isUp(t.status));
  const [metrics, system, nets] = await Promise.all([
    deps.metrics.metrics(live.map((t) => t.id)),
    deps.systemCpu(),
    Promise.all(live.map(async (t) => [t.id, await deps.netIO(t.pid)] as const)),
  ]);
  const net = new Map(nets);
  const out = new Map<string, ContainerSample>();
  for (const id of wanted) {
    const running = live.some((t) => t.id === id);
    out.set(id, { missing: !exists.has(id), running, task: running ? metrics.get(id) : undefined, net: net.get(id) ?? { rx: 0, tx: 0 } });
  }
  return { system, containers: out };
}

/** Docker's calculateMemUsageUnixNoCache. */
export function memoryUsage(s: TaskStats): number {
  return s.inactiveFile < s.memoryUsage ? s.memoryUsage - s.inactiveFile : s.memoryUsage;
}

/** Docker's calculateCPUPercentUnix over two samples (0 without an earlier one or without progress). */
export function cpuPercent(prevCpuNs: number | undefined, prevSystemNs: number | undefined, cur: { cpuNs: number; systemNs: number; onlineCpus: number }): number {
  if (prevCpuNs === undefined || prevSystemNs === undefined) return 0;
  const cpuDelta = cur.cpuNs - prevCpuNs;
  const systemDelta = cur.systemNs - prevSystemNs;
  return systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * cur.onlineCpus * 100 : 0;
}

/** One row from the previous and the current sample. */
export function statsEntry(t: StatsTarget, prev: Sample | undefined, cur: Sample, memTotal: number): StatsEntry {
  const base: StatsEntry = {
    Container: t.ref, Name: t.name, ID: t.id, CPUPercentage: 0, Memory: 0, MemoryLimit: 0, MemoryPercentage: 0,
    NetworkRx: 0, NetworkTx: 0, BlockRead: 0, BlockWrite: 0, PidsCurrent: 0, IsInvalid: false,
  };
  const c = cur.containers.get(t.id);
  if (!c || c.missing) return { ...base, IsInvalid: true };
  const s = c.task;
  if (!s) return base;
  const before = prev?.containers.get(t.id)?.task;
  const used = memoryUsage(s);
  const limit = memTotal > 0 && s.memoryLimit > memTotal ? memTotal : s.memoryLimit;
  return {
    ...base,
    CPUPercentage: cpuPercent(before?.cpuNs, before ? prev?.system.systemNs : undefined, { cpuNs: s.cpuNs, ...cur.system }),
    Memory: used,
    MemoryLimit: limit,
    MemoryPercentage: limit !== 0 ? (used / limit) * 100 : 0,
    NetworkRx: c.net.rx,
    NetworkTx: c.net.tx,
    BlockRead: s.blockRead,
    BlockWrite: s.blockWrite,
    PidsCurrent: s.pids,
  };
}
