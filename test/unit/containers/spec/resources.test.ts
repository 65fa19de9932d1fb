import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec } from '../../../../src/services/containers/spec/build';
import { buildResources, buildRlimits } from '../../../../src/services/containers/spec/resources';
import { input } from './fixtures';

const MiB = 1024 * 1024;

test('memory: limit, swap defaults to twice the limit, -1 unlimited, validation', () => {
  assert.deepEqual(buildResources({ memory: 512 * MiB }).memory, { limit: 512 * MiB, swap: 1024 * MiB });
  assert.deepEqual(buildResources({ memory: 512 * MiB, memorySwap: 768 * MiB }).memory, { limit: 512 * MiB, swap: 768 * MiB });
  assert.deepEqual(buildResources({ memory: 512 * MiB, memorySwap: -1 }).memory, { limit: 512 * MiB });
  assert.deepEqual(buildResources({ memory: 512 * MiB }, { swapLimit: false }).memory, { limit: 512 * MiB });
  assert.equal(buildResources({}).memory, undefined);
  assert.throws(() => buildResources({ memory: 4 * MiB }), { message: 'Minimum memory limit allowed is 6MB' });
  assert.throws(() => buildResources({ memory: 512 * MiB, memorySwap: 256 * MiB }), {
    message: 'Minimum memoryswap limit should be larger than memory limit, see usage',
  });
  assert.throws(() => buildResources({ memorySwap: 256 * MiB }), {
    message: 'You should always set the Memory limit when using Memoryswap limit, see usage',
  });
});

test('cpu: --cpus → quota/period 100000, shares, cpuset; validation', () => {
  assert.deepEqual(buildResources({ nanoCpus: 1.5e9 }).cpu, { period: 100000, quota: 150000 });
  assert.deepEqual(buildResources({ nanoCpus: 0.01e9 }).cpu, { period: 100000, quota: 1000 });
  assert.deepEqual(buildResources({ cpuShares: 512, cpusetCpus: '0-1' }).cpu, { shares: 512, cpus: '0-1' });
  assert.equal(buildResources({ cpuShares: 0 }).cpu, undefined);
  assert.throws(() => buildResources({ cpuShares: -1 }), { message: 'invalid CPU shares (-1): value must be a positive integer' });
  assert.throws(() => buildResources({ nanoCpus: 5e9 }, { ncpu: 4 }), {
    message: 'range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available',
  });
});

test('pids: positive limit, ≤ 0 unlimited (-1), unset absent', () => {
  assert.deepEqual(buildResources({ pidsLimit: 100 }).pids, { limit: 100 });
  assert.deepEqual(buildResources({ pidsLimit: 0 }).pids, { limit: -1 });
  assert.deepEqual(buildResources({ pidsLimit: -1 }).pids, { limit: -1 });
  assert.equal(buildResources({}).pids, undefined);
});

test('buildSpec puts resources next to the device rules', () => {
  const r = buildSpec(input({ resources: { memory: 64 * MiB, memorySwap: 128 * MiB, nanoCpus: 2e9, cpuShares: 1024, cpusetCpus: '0', pidsLimit: 50 } })).linux.resources;
  assert.deepEqual(r?.memory, { limit: 64 * MiB, swap: 128 * MiB });
  assert.deepEqual(r?.cpu, { shares: 1024, cpus: '0', period: 100000, quota: 200000 });
  assert.deepEqual(r?.pids, { limit: 50 });
  assert.equal(r?.devices?.length, 8);
});

test('rlimits: RLIMIT_ names, -1 → RLIM_INFINITY', () => {
  assert.deepEqual(buildRlimits([{ name: 'NProc', soft: 10, hard: 20 }, { name: 'RLIMIT_NOFILE', soft: -1, hard: -1 }]), [
    { type: 'RLIMIT_NPROC', hard: 20, soft: 10 },
    { type: 'RLIMIT_NOFILE', hard: 18446744073709551615n, soft: 18446744073709551615n },
  ]);
});

test('memory reservation, swappiness, OOM killer: v1 keeps all, v2 drops swappiness and the OOM switch', () => {
  const r = { memory: 64 * MiB, memoryReservation: 32 * MiB, memorySwappiness: 10, oomKillDisable: true };
  assert.deepEqual(buildResources(r, { cgroupVersion: 1 }).memory, {
    limit: 64 * MiB, reservation: 32 * MiB, swap: 128 * MiB, swappiness: 10, disableOOMKiller: true,
  });
  assert.deepEqual(buildResources(r, { cgroupVersion: 2 }).memory, { limit: 64 * MiB, reservation: 32 * MiB, swap: 128 * MiB });
  assert.deepEqual(buildResources({ oomKillDisable: false }).memory, { disableOOMKiller: false });
  assert.throws(() => buildResources({ memoryReservation: MiB }), { message: 'Minimum memory reservation allowed is 6MB' });
  assert.throws(() => buildResources({ memory: 8 * MiB, memoryReservation: 16 * MiB }), {
    message: 'Minimum memory limit can not be less than memory reservation limit, see usage',
  });
});

test('cpu period/quota as given, cpuset mems, blkio weight', () => {
  assert.deepEqual(buildResources({ cpuPeriod: 50000, cpuQuota: 25000, cpusetMems: '0' }).cpu, { period: 50000, quota: 25000, mems: '0' });
  assert.deepEqual(buildResources({ cpuQuota: -1 }).cpu, { quota: -1 });
  assert.throws(() => buildResources({ nanoCpus: 1e9, cpuPeriod: 50000 }), { message: 'Conflicting options: Nano CPUs and CPU Period cannot both be set' });
  assert.throws(() => buildResources({ nanoCpus: 1e9, cpuQuota: 50000 }), { message: 'Conflicting options: Nano CPUs and CPU Quota cannot both be set' });
  assert.deepEqual(buildResources({ blkioWeight: 500 }).blockIO, { weight: 500 });
  assert.equal(buildResources({ blkioWeight: 0 }).blockIO, undefined);
  assert.throws(() => buildResources({ blkioWeight: 5 }), { message: 'Range of blkio weight is from 10 to 1000' });
});

test('buildSpec: the new resource fields land in linux.resources next to the device rules', () => {
  const spec = buildSpec(input({ resources: { cpuShares: 512, cpusetCpus: '0', cpusetMems: '0', blkioWeight: 300, memory: 64 * MiB, memoryReservation: 32 * MiB } }));
  const res = spec.linux.resources;
  assert.ok(res?.devices && res.devices.length > 0);
  assert.deepEqual(res?.cpu, { shares: 512, cpus: '0', mems: '0' });
  assert.deepEqual(res?.memory, { limit: 64 * MiB, reservation: 32 * MiB, swap: 128 * MiB });
  assert.deepEqual(res?.blockIO, { weight: 300 });
});
