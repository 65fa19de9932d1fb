/**
 * Tasks.Metrics: containerd's shim reads the task's cgroup and answers with an Any holding
 * io.containerd.cgroups.v1.Metrics or io.containerd.cgroups.v2.Metrics (our protos in proto/containerd/cgroups/).
 * Docker's daemon gets its `stats` numbers the same way (moby daemon/stats_unix.go statsV1/statsV2); the pure
 * fromCgroupsV1/V2 below keep exactly the counters it uses.
 */
import type { ContainerdClient } from './client';
import type { TaskMetricsPort, TaskStats } from './ports';
import type { Any } from './gen/google/protobuf/any';
import { Metrics as MetricsV1 } from './gen/containerd/cgroups/v1/metrics';
import { Metrics as MetricsV2 } from './gen/containerd/cgroups/v2/metrics';

export const CGROUPS_V1_METRICS = 'io.containerd.cgroups.v1.Metrics';
export const CGROUPS_V2_METRICS = 'io.containerd.cgroups.v2.Metrics';

const num = (v: bigint | undefined): number => Number(v ?? 0n);

/** cgroup v1: cpuacct.usage, memory.usage_in_bytes/limit_in_bytes, total_inactive_file, blkio service bytes. */
export function fromCgroupsV1(m: MetricsV1): TaskStats {
  let blockRead = 0;
  let blockWrite = 0;
  // Docker's calculateBlockIO: the op's first letter decides ("Read"/"Write"; Sync, Async, Total... are skipped).
  for (const e of m.blkio?.ioServiceBytesRecursive ?? []) {
    const op = e.op.charAt(0).toLowerCase();
    if (op === 'r') blockRead += num(e.value);
    else if (op === 'w') blockWrite += num(e.value);
  }
  return {
    cgroup: 1,
    cpuNs: num(m.cpu?.usage?.total),
    memoryUsage: num(m.memory?.usage?.usage),
    inactiveFile: num(m.memory?.totalInactiveFile),
    memoryLimit: num(m.memory?.usage?.limit),
    blockRead,
    blockWrite,
    pids: num(m.pids?.current),
  };
}

/** cgroup v2: cpu.stat usage_usec, memory.current/max, memory.stat inactive_file, io.stat rbytes/wbytes. */
export function fromCgroupsV2(m: MetricsV2): TaskStats {
  let blockRead = 0;
  let blockWrite = 0;
  for (const e of m.io?.usage ?? []) {
    blockRead += num(e.rbytes);
    blockWrite += num(e.wbytes);
  }
  return {
    cgroup: 2,
    cpuNs: num(m.cpu?.usageUsec) * 1000,
    memoryUsage: num(m.memory?.usage),
    inactiveFile: num(m.memory?.inactiveFile),
    memoryLimit: num(m.memory?.usageLimit),
    blockRead,
    blockWrite,
    pids: num(m.pids?.current),
  };
}

/** Decodes a Metric's data by its type URL (bare, or with a `type.googleapis.com/` style prefix). */
export function decodeTaskStats(data: Any | undefined): TaskStats | undefined {
  if (!data) return undefined;
  const name = data.typeUrl.slice(data.typeUrl.lastIndexOf('/') + 1);
  if (name === CGROUPS_V1_METRICS) return fromCgroupsV1(MetricsV1.decode(data.value));
  if (name === CGROUPS_V2_METRICS) return fromCgroupsV2(MetricsV2.decode(data.value));
  return undefined;
}

export function taskMetrics(c: ContainerdClient): TaskMetricsPort {
  return {
    metrics: async (ids) => {
      const out = new Map<string, TaskStats>();
      if (ids.length === 0) return out;
      // Several filters are OR-ed by containerd.
      const r = await c.tasksApi.metrics({ filters: ids.map((id) => `id==${id}`) });
      for (const m of r.metrics) {
        const s = decodeTaskStats(m.data);
        if (s) out.set(m.id, s);
      }
      return out;
    },
  };
}
