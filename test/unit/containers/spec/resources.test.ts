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
