/**
 * Resource flags → `linux.resources`, devices → `linux.devices` + device-cgroup rules, ulimits → rlimits,
 * with Docker's validation and defaults (moby daemon/daemon_unix.go adaptContainerSettings,
 * verifyPlatformContainerResources, getMemoryResources, getCPUResources, getPidsLimit; oci_linux.go WithDevices,
 * withRlimits). Byte and CPU values arrive already parsed (`--memory 1g` → 1073741824, `--cpus 1.5` → 1.5e9).
 */
import { InvalidArgumentError } from '../../../errors/index';
import { defaultDeviceRules } from './defaults';
import type { Device, DeviceCgroup, DeviceType, Resources, Rlimit } from './types';

export interface ResourceOptions {
  /** --memory in bytes (0/undefined: no limit). */
  memory?: number;
  /** --memory-swap in bytes: memory + swap; -1 unlimited; 0/undefined: twice --memory (Docker's default). */
  memorySwap?: number;
  /** --memory-reservation in bytes (soft limit; cgroup v2: memory.low). */
  memoryReservation?: number;
  /** --memory-swappiness 0-100 (cgroup v1 only). */
  memorySwappiness?: number;
  /** --oom-kill-disable (cgroup v1 only). */
  oomKillDisable?: boolean;
  /** --cpus × 1e9. */
  nanoCpus?: number;
  cpuShares?: number;
  /** --cpu-period / --cpu-quota in µs (Docker refuses them together with --cpus). */
  cpuPeriod?: number;
  cpuQuota?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  /** --blkio-weight 10-1000 (0: unset). */
  blkioWeight?: number;
  /** --pids-limit; 0 or negative: unlimited (-1 in the spec). */
  pidsLimit?: number;
}

export interface ResourceHost {
  /** On cgroup v2 there is no swappiness or OOM-killer switch (Docker drops them with a warning). */
  cgroupVersion?: 1 | 2;
  /** memsw accounting exists (cgroup v1 swapaccount, v2 memory.swap.max); false → swap stays unlimited. */
  swapLimit?: boolean;
  /** Online CPUs, for Docker's --cpus range check. */
  ncpu?: number;
}

const MIN_MEMORY = 6 * 1024 * 1024;
/** CFS period Docker uses for --cpus (100 ms in µs). */
export const CPU_PERIOD = 100_000;

export function buildResources(r: ResourceOptions, host: ResourceHost = {}): Omit<Resources, 'devices'> {
  const out: Omit<Resources, 'devices'> = {};
  const memory = r.memory ?? 0;
  let swap = r.memorySwap ?? 0;
  if (memory !== 0 && memory < MIN_MEMORY) throw new InvalidArgumentError('Minimum memory limit allowed is 6MB');
  if (memory > 0 && swap === 0) swap = memory * 2;
  if (memory > 0 && swap !== -1 && host.swapLimit === false) swap = -1;
  if (memory > 0 && swap > 0 && swap < memory) {
    throw new InvalidArgumentError('Minimum memoryswap limit should be larger than memory limit, see usage');
  }
  if (memory === 0 && swap > 0) {
    throw new InvalidArgumentError('You should always set the Memory limit when using Memoryswap limit, see usage');
  }
  const reservation = r.memoryReservation ?? 0;
  if (reservation > 0 && reservation < MIN_MEMORY) throw new InvalidArgumentError('Minimum memory reservation allowed is 6MB');
  if (memory > 0 && reservation > memory) {
    throw new InvalidArgumentError('Minimum memory limit can not be less than memory reservation limit, see usage');
  }
  const v1 = host.cgroupVersion !== 2;
  const mem: NonNullable<Resources['memory']> = {};
  if (memory > 0) mem.limit = memory;
  if (reservation > 0) mem.reservation = reservation;
  if (swap > 0) mem.swap = swap;
  if (v1 && r.memorySwappiness !== undefined && r.memorySwappiness >= 0) mem.swappiness = r.memorySwappiness;
  if (v1 && r.oomKillDisable !== undefined) mem.disableOOMKiller = r.oomKillDisable;
  if (Object.keys(mem).length > 0) out.memory = mem;

  const cpu: NonNullable<Resources['cpu']> = {};
  const shares = r.cpuShares ?? 0;
  if (shares < 0) throw new InvalidArgumentError(`invalid CPU shares (${shares}): value must be a positive integer`);
  if (shares > 0) cpu.shares = shares;
  if (r.cpusetCpus) cpu.cpus = r.cpusetCpus;
  if (r.cpusetMems) cpu.mems = r.cpusetMems;
  const nano = r.nanoCpus ?? 0;
  if (nano !== 0 && host.ncpu !== undefined && (nano < 0 || nano > host.ncpu * 1e9)) {
    throw new InvalidArgumentError(`range of CPUs is from 0.01 to ${host.ncpu}.00, as there are only ${host.ncpu} CPUs available`);
  }
  if (nano > 0) {
    cpu.period = CPU_PERIOD;
    cpu.quota = Math.floor((nano * CPU_PERIOD) / 1e9);
  }
  if (nano > 0 && ((r.cpuPeriod ?? 0) > 0 || (r.cpuQuota ?? 0) > 0)) {
    throw new InvalidArgumentError(`Conflicting options: Nano CPUs and CPU ${(r.cpuPeriod ?? 0) > 0 ? 'Period' : 'Quota'} cannot both be set`);
  }
  if (r.cpuPeriod) cpu.period = r.cpuPeriod;
  if (r.cpuQuota) cpu.quota = r.cpuQuota;
  if (Object.keys(cpu).length > 0) out.cpu = cpu;

  if (r.pidsLimit !== undefined) out.pids = { limit: r.pidsLimit <= 0 ? -1 : r.pidsLimit };
  const weight = r.blkioWeight ?? 0;
  if (weight !== 0 && (weight < 10 || weight > 1000)) throw new InvalidArgumentError('Range of blkio weight is from 10 to 1000');
  if (weight > 0) out.blockIO = { weight };
  return out;
}

/** A --device mapping (cli/opts parseDevice's fields) with the host node already stat'ed by the caller. */
export interface DeviceMapping {
  pathOnHost: string;
  pathInContainer: string;
  /** cgroup permissions, "rwm" by default. */
  cgroupPermissions?: string;
  type: DeviceType;
  major: number;
  minor: number;
  fileMode?: number;
  uid?: number;
  gid?: number;
}

export interface DeviceResult {
  devices: Device[];
  rules: DeviceCgroup[];
}

function toDevice(d: DeviceMapping): Device {
  const dev: Device = { path: d.pathInContainer, type: d.type, major: d.major, minor: d.minor };
  if (d.fileMode !== undefined) dev.fileMode = d.fileMode;
  if (d.uid !== undefined) dev.uid = d.uid;
  if (d.gid !== undefined) dev.gid = d.gid;
  return dev;
}

/**
 * Unprivileged: the default allow list plus one rule per mapped device. Privileged: every host device (the
 * caller lists /dev), mapped devices only when they land on a new path, and one allow-all rule.
 */
export function buildDevices(mappings: readonly DeviceMapping[], privileged: boolean, hostDevices: readonly Device[] = []): DeviceResult {
  if (privileged) {
    const extra = mappings.filter((m) => m.pathOnHost !== m.pathInContainer).map(toDevice);
    return { devices: [...hostDevices.map((d) => ({ ...d })), ...extra], rules: [{ allow: true, access: 'rwm' }] };
  }
  const rules = defaultDeviceRules();
  for (const m of mappings) {
    const type = m.type === 'b' ? 'b' : m.type === 'c' || m.type === 'u' ? 'c' : undefined;
    const rule: DeviceCgroup = { allow: true, major: m.major, minor: m.minor, access: m.cgroupPermissions || 'rwm' };
    if (type) rule.type = type;
    rules.push(rule);
  }
  return { devices: mappings.map(toDevice), rules };
}

export interface Ulimit {
  /** nofile, nproc, core, … (or RLIMIT_NOFILE). */
  name: string;
  /** -1: unlimited. */
  soft: number;
  hard: number;
}

/** RLIM_INFINITY: Docker's -1 as the uint64 runc reads. */
export const RLIM_INFINITY = 2n ** 64n - 1n;

/** --ulimit → process.rlimits (RLIMIT_<NAME>, -1 → RLIM_INFINITY); Docker sets none by default. */
export function buildRlimits(ulimits: readonly Ulimit[]): Rlimit[] {
  const limit = (v: number): number | bigint => (v < 0 ? RLIM_INFINITY : v);
  return ulimits.map((u) => {
    const name = u.name.toUpperCase();
    return { type: name.startsWith('RLIMIT_') ? name : `RLIMIT_${name}`, hard: limit(u.hard), soft: limit(u.soft) };
  });
}
