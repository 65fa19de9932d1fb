/**
 * The resource flags of `run`/`create` after parsing: dockerd's verifyPlatformContainerResources (moby
 * daemon/daemon_unix.go) in its order — settings the host's cgroups cannot enforce are dropped with Docker's
 * warning, invalid combinations are daemon errors — and the CLI-side checks pflag and docker/cli make
 * (`--memory-swappiness`, `--blkio-weight` as a uint16).
 */
import { InvalidOptionError } from '../../errors/index';
import type { ResourceOptions } from '../../services/containers/spec/resources';
import { validateMemoryLimits } from './bytes';
import { validateCpuset, validateNanoCpus } from './cpus';
import { daemonError, goParseInt, goQuote, withFlag } from './common';

/** The resource values as the spec builder takes them (bytes, µs, NanoCPUs; -1 swap = unlimited). */
export type ResourceValues = ResourceOptions;

/** What the host's cgroups offer (moby pkg/sysinfo); util/host cgroupSupport reads it. */
export interface CgroupSupport {
  swapLimit: boolean;
  memoryReservation: boolean;
  memorySwappiness: boolean;
  oomKillDisable: boolean;
  blkioWeight: boolean;
  /** Online CPUs (for --cpus). */
  ncpu: number;
  /** cpuset lists the host offers (`0-3`); undefined: not checked. */
  cpus?: string;
  mems?: string;
}

/** `--memory-swappiness`: docker/cli accepts -1 (unset) or 0-100. */
export function parseSwappiness(value: string): number | undefined {
  const n = Number(withFlag('--memory-swappiness', value, (v) => goParseInt(v, { base: 0 })));
  if (n === -1) return undefined;
  if (n < 0 || n > 100) throw new InvalidOptionError(`invalid value: ${n}. Valid memory swappiness range is 0-100`);
  return n;
}

/** `--blkio-weight`: a pflag uint16 (strconv.ParseUint base 0). */
export function parseBlkioWeight(value: string): number {
  return withFlag('--blkio-weight', value, (v) => {
    if (/^[+-]/.test(v)) throw new InvalidOptionError(`strconv.ParseUint: parsing ${goQuote(v)}: invalid syntax`);
    return Number(goParseInt(v, { base: 0, bits: 17, fn: 'strconv.ParseUint' }));
  });
}

export interface VerifiedResources {
  resources: ResourceValues;
  /** Docker's warnings, printed as `WARNING: …` on stderr. */
  warnings: string[];
}

/** dockerd's checks and adjustments, in its order. Errors carry `Error response from daemon: `. */
export function verifyResources(input: ResourceValues, host: CgroupSupport): VerifiedResources {
  const r: ResourceValues = { ...input };
  const warnings: string[] = [];
  const memory = r.memory ?? 0;
  if (memory > 0 && (r.memorySwap ?? 0) !== -1 && !host.swapLimit) {
    warnings.push('Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.');
    r.memorySwap = -1;
  }
  if (r.memorySwappiness !== undefined && !host.memorySwappiness) {
    warnings.push('Your kernel does not support memory swappiness capabilities or the cgroup is not mounted. Memory swappiness discarded.');
    delete r.memorySwappiness;
  }
  if ((r.memoryReservation ?? 0) > 0 && !host.memoryReservation) {
    warnings.push('Your kernel does not support memory soft limit capabilities or the cgroup is not mounted. Limitation discarded.');
    delete r.memoryReservation;
  }
  validateMemoryLimits({ memory, memorySwap: r.memorySwap ?? 0, memoryReservation: r.memoryReservation ?? 0 });
  if (r.oomKillDisable !== undefined && !host.oomKillDisable) {
    if (r.oomKillDisable) warnings.push('Your kernel does not support OomKillDisable. OomKillDisable discarded.');
    delete r.oomKillDisable;
  }
  if (r.oomKillDisable === true && memory === 0) {
    warnings.push('OOM killer is disabled for the container, but no memory limit is set, this can result in the system running out of resources.');
  }

  const nano = r.nanoCpus ?? 0;
  if (nano > 0 && (r.cpuPeriod ?? 0) > 0) throw daemonError('Conflicting options: Nano CPUs and CPU Period cannot both be set');
  if (nano > 0 && (r.cpuQuota ?? 0) > 0) throw daemonError('Conflicting options: Nano CPUs and CPU Quota cannot both be set');
  validateNanoCpus(nano, host.ncpu);
  const shares = r.cpuShares ?? 0;
  if (shares < 0) throw daemonError(`invalid CPU shares (${shares}): value must be a positive integer`);
  const period = r.cpuPeriod ?? 0;
  if (period !== 0 && (period < 1000 || period > 1000000)) {
    throw daemonError('CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)');
  }
  const quota = r.cpuQuota ?? 0;
  if (quota > 0 && quota < 1000) throw daemonError('CPU cfs quota can not be less than 1ms (i.e. 1000)');
  if (r.cpusetCpus) validateCpuset(r.cpusetCpus, 'cpus', host.cpus);
  if (r.cpusetMems) validateCpuset(r.cpusetMems, 'mems', host.mems);

  if ((r.blkioWeight ?? 0) > 0 && !host.blkioWeight) {
    warnings.push('Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.');
    delete r.blkioWeight;
  }
  const weight = r.blkioWeight ?? 0;
  if (weight > 0 && (weight < 10 || weight > 1000)) throw daemonError('Range of blkio weight is from 10 to 1000');
  return { resources: r, warnings };
}
