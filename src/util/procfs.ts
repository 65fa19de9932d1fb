/**
 * Host counters `stats` needs besides the cgroup: the system's CPU time and online CPUs (/proc/stat, as Docker's
 * daemon reads them in getSystemCPUUsage) and a process's network counters (/proc/<pid>/net/dev shows the
 * interfaces of that process's network namespace). Parsers are pure; the readers are thin.
 */
import { readFile } from 'node:fs/promises';

/** USER_HZ: the unit of /proc/stat; 100 on every Linux architecture Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface SystemCpu {
  /** Sum of user..softirq of the aggregate `cpu` line, in nanoseconds. */
  systemNs: number;
  /** Number of `cpuN` lines. */
  onlineCpus: number;
}

/** Parses /proc/stat: the `cpu` line's first seven fields (user nice system idle iowait irq softirq), as Docker. */
export function parseProcStat(text: string): SystemCpu {
  let systemNs = 0;
  let onlineCpus = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu') || line.length < 4) break; // the cpu lines come first
    if (line[3] === ' ') {
      const fields = line.trim().split(/\s+/).slice(1, 8);
      if (fields.length < 7) throw new Error(`invalid number of cpu fields in /proc/stat: ${line}`);
      const ticks = fields.reduce((sum, f) => sum + Number(f), 0);
      systemNs = (ticks * 1e9) / CLOCK_TICKS_PER_SECOND;
    } else if (line[3] !== undefined && line[3] >= '0' && line[3] <= '9') {
      onlineCpus++;
    }
  }
  return { systemNs, onlineCpus };
}

export interface NetIO {
  rx: number;
  tx: number;
}

/** Parses /proc/<pid>/net/dev: received and transmitted bytes summed over every interface but `lo`. */
export function parseNetDev(text: string): NetIO {
  let rx = 0;
  let tx = 0;
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    if (line.slice(0, colon).trim() === 'lo') continue;
    const f = line.slice(colon + 1).trim().split(/\s+/);
    rx += Number(f[0] ?? 0) || 0;
    tx += Number(f[8] ?? 0) || 0;
  }
  return { rx, tx };
}

export async function readSystemCpu(): Promise<SystemCpu> {
  return parseProcStat(await readFile('/proc/stat', 'utf8'));
}

/** Network counters of process `pid`'s network namespace; zeros when the process is gone. */
export async function readNetDev(pid: number): Promise<NetIO> {
  if (pid <= 0) return { rx: 0, tx: 0 };
  try {
    return parseNetDev(await readFile(`/proc/${pid}/net/dev`, 'utf8'));
  } catch {
    return { rx: 0, tx: 0 };
  }
}
