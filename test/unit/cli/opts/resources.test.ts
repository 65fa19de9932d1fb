import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, InvalidOptionError } from '../../../../src/errors/index';
import { parseBlkioWeight, parseSwappiness, verifyResources, type CgroupSupport } from '../../../../src/cli/opts/resources';

const MiB = 1024 * 1024;
const V1: CgroupSupport = { swapLimit: true, memoryReservation: true, memorySwappiness: true, oomKillDisable: true, blkioWeight: true, ncpu: 2, cpus: '0-1', mems: '0' };
const V2: CgroupSupport = { swapLimit: true, memoryReservation: true, memorySwappiness: false, oomKillDisable: false, blkioWeight: true, ncpu: 2, cpus: '0-1', mems: '0' };
const daemon = (msg: string) => (e: unknown) => e instanceof InvalidArgumentError && e.message === `Error response from daemon: ${msg}`;

test('parseSwappiness: -1 is unset, 0-100 kept, others refused by the CLI', () => {
  assert.equal(parseSwappiness('-1'), undefined);
  assert.equal(parseSwappiness('0'), 0);
  assert.equal(parseSwappiness('100'), 100);
  assert.throws(() => parseSwappiness('200'), (e: unknown) => e instanceof InvalidOptionError && e.message === 'invalid value: 200. Valid memory swappiness range is 0-100');
  assert.throws(() => parseSwappiness('x'), { message: 'invalid argument "x" for "--memory-swappiness" flag: strconv.ParseInt: parsing "x": invalid syntax' });
});

test('parseBlkioWeight: a pflag uint16', () => {
  assert.equal(parseBlkioWeight('500'), 500);
  assert.equal(parseBlkioWeight('0x10'), 16);
  assert.equal(parseBlkioWeight('65535'), 65535);
  assert.throws(() => parseBlkioWeight('70000'), { message: 'invalid argument "70000" for "--blkio-weight" flag: strconv.ParseUint: parsing "70000": value out of range' });
  assert.throws(() => parseBlkioWeight('-1'), { message: 'invalid argument "-1" for "--blkio-weight" flag: strconv.ParseUint: parsing "-1": invalid syntax' });
});

test('verifyResources: dockerd\'s errors', () => {
  const bad = (r: Parameters<typeof verifyResources>[0], msg: string) => assert.throws(() => verifyResources(r, V1), daemon(msg));
  bad({ memory: 10 * MiB, memorySwap: 5 * MiB }, 'Minimum memoryswap limit should be larger than memory limit, see usage');
  bad({ memorySwap: 5 * MiB }, 'You should always set the Memory limit when using Memoryswap limit, see usage');
  bad({ memoryReservation: MiB }, 'Minimum memory reservation allowed is 6MB');
  bad({ memory: 10 * MiB, memoryReservation: 20 * MiB }, 'Minimum memory limit can not be less than memory reservation limit, see usage');
  bad({ nanoCpus: 1e9, cpuPeriod: 100000 }, 'Conflicting options: Nano CPUs and CPU Period cannot both be set');
  bad({ nanoCpus: 1e9, cpuQuota: 100000 }, 'Conflicting options: Nano CPUs and CPU Quota cannot both be set');
  bad({ nanoCpus: 3e9 }, 'range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available');
  bad({ cpuShares: -2 }, 'invalid CPU shares (-2): value must be a positive integer');
  bad({ cpuPeriod: 500 }, 'CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)');
  bad({ cpuPeriod: 2000000 }, 'CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)');
  bad({ cpuQuota: 500 }, 'CPU cfs quota can not be less than 1ms (i.e. 1000)');
  bad({ cpusetCpus: '5' }, 'Requested CPUs are not available - requested 5, available: 0-1');
  bad({ cpusetCpus: 'a' }, 'Invalid value a for cpuset cpus: invalid format: a');
  bad({ cpusetMems: '3' }, 'Requested memory nodes are not available - requested 3, available: 0');
  bad({ blkioWeight: 5 }, 'Range of blkio weight is from 10 to 1000');
  assert.deepEqual(verifyResources({ cpuQuota: -1, cpuPeriod: 100000, cpuShares: 2, blkioWeight: 10 }, V1), {
    resources: { cpuQuota: -1, cpuPeriod: 100000, cpuShares: 2, blkioWeight: 10 },
    warnings: [],
  });
});

test('verifyResources: what the host cannot enforce is dropped with Docker\'s warning', () => {
  const none: CgroupSupport = { swapLimit: false, memoryReservation: false, memorySwappiness: false, oomKillDisable: false, blkioWeight: false, ncpu: 2 };
  const r = verifyResources({ memory: 64 * MiB, memorySwap: 128 * MiB, memoryReservation: 32 * MiB, memorySwappiness: 10, oomKillDisable: true, blkioWeight: 5 }, none);
  assert.deepEqual(r.resources, { memory: 64 * MiB, memorySwap: -1 });
  assert.deepEqual(r.warnings, [
    'Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.',
    'Your kernel does not support memory swappiness capabilities or the cgroup is not mounted. Memory swappiness discarded.',
    'Your kernel does not support memory soft limit capabilities or the cgroup is not mounted. Limitation discarded.',
    'Your kernel does not support OomKillDisable. OomKillDisable discarded.',
    'Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.',
  ]);
  assert.deepEqual(verifyResources({ oomKillDisable: true }, V1).warnings, [
    'OOM killer is disabled for the container, but no memory limit is set, this can result in the system running out of resources.',
  ]);
  assert.deepEqual(verifyResources({ memory: 64 * MiB, oomKillDisable: true }, V1).warnings, []);
  assert.deepEqual(verifyResources({ memory: 64 * MiB, memorySwappiness: 10, oomKillDisable: true }, V2), {
    resources: { memory: 64 * MiB },
    warnings: [
      'Your kernel does not support memory swappiness capabilities or the cgroup is not mounted. Memory swappiness discarded.',
      'Your kernel does not support OomKillDisable. OomKillDisable discarded.',
    ],
  });
  // oom-kill-disable=false on a host without the switch: dropped silently.
  assert.deepEqual(verifyResources({ oomKillDisable: false }, V2), { resources: {}, warnings: [] });
});
