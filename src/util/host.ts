/** Facts about the host machine for `info`. */
import { access, readFile, readdir, statfs } from 'node:fs/promises';
import os from 'node:os';

export interface HostFacts {
  hostname: string;
  kernelVersion: string;
  operatingSystem: string;
  architecture: string;
  ncpu: number;
  memTotal: number;
  cgroupVersion: '1' | '2';
}

const CGROUP2_SUPER_MAGIC = 0x63677270;

export async function cgroupVersion(): Promise<'1' | '2'> {
  try {
    const s = await statfs('/sys/fs/cgroup');
    return s.type === CGROUP2_SUPER_MAGIC ? '2' : '1';
  } catch {
    return '1';
  }
}

/** What the host's cgroups can enforce for a container (moby pkg/sysinfo, read from the cgroup roots). */
export interface CgroupFeatures {
  swapLimit: boolean;
  memoryReservation: boolean;
  memorySwappiness: boolean;
  oomKillDisable: boolean;
  blkioWeight: boolean;
  /** The cpuset lists on offer (`0-3`), when readable. */
  cpus?: string;
  mems?: string;
}

const exists = (p: string): Promise<boolean> => access(p).then(() => true, () => false);
const readTrim = (p: string): Promise<string | undefined> => readFile(p, 'utf8').then((t) => t.trim(), () => undefined);

export async function cgroupFeatures(version: '1' | '2'): Promise<CgroupFeatures> {
  const root = '/sys/fs/cgroup';
  if (version === '2') {
    const controllers = new Set(((await readTrim(`${root}/cgroup.controllers`)) ?? '').split(/\s+/));
    const [cpus, mems] = await Promise.all([readTrim(`${root}/cpuset.cpus.effective`), readTrim(`${root}/cpuset.mems.effective`)]);
    return {
      swapLimit: controllers.has('memory'),
      memoryReservation: controllers.has('memory'),
      memorySwappiness: false,
      oomKillDisable: false,
      blkioWeight: controllers.has('io'),
      ...(cpus ? { cpus } : {}),
      ...(mems ? { mems } : {}),
    };
  }
  const [swapLimit, memoryReservation, memorySwappiness, oomKillDisable, blkioWeight, cpus, mems] = await Promise.all([
    exists(`${root}/memory/memory.memsw.limit_in_bytes`),
    exists(`${root}/memory/memory.soft_limit_in_bytes`),
    exists(`${root}/memory/memory.swappiness`),
    exists(`${root}/memory/memory.oom_control`),
    exists(`${root}/blkio/blkio.weight`),
    readTrim(`${root}/cpuset/cpuset.cpus`),
    readTrim(`${root}/cpuset/cpuset.mems`),
  ]);
  return { swapLimit, memoryReservation, memorySwappiness, oomKillDisable, blkioWeight, ...(cpus ? { cpus } : {}), ...(mems ? { mems } : {}) };
}

async function prettyName(): Promise<string> {
  try {
    const text = await readFile('/etc/os-release', 'utf8');
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text);
    return m?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}

export async function hostFacts(): Promise<HostFacts> {
  const [operatingSystem, cg] = await Promise.all([prettyName(), cgroupVersion()]);
  return {
    hostname: os.hostname(),
    kernelVersion: os.release(),
    operatingSystem,
    architecture: os.machine(),
    ncpu: os.availableParallelism(),
    memTotal: os.totalmem(),
    cgroupVersion: cg,
  };
}

/** Names of entries in the first existing directory of `dirs`. */
export async function listFirstDir(dirs: string[]): Promise<{ dir: string | undefined; entries: string[] }> {
  for (const dir of dirs) {
    try {
      const entries = (await readdir(dir)).sort();
      return { dir, entries };
    } catch {
      // next
    }
  }
  return { dir: undefined, entries: [] };
}

/**
 * When process `pid` started: field 22 of /proc/<pid>/stat (clock ticks after boot) plus the boot time from
 * /proc/stat. NOTE: assumes USER_HZ = 100, the value on every Linux architecture Node supports.
 */
export async function processStartTime(pid: number): Promise<Date | undefined> {
  if (pid <= 0) return undefined;
  try {
    const [stat, sys] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile('/proc/stat', 'utf8')]);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const btime = Number(/^btime (\d+)$/m.exec(sys)?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(btime)) return undefined;
    return new Date((btime + ticks / 100) * 1000);
  } catch {
    return undefined;
  }
}
