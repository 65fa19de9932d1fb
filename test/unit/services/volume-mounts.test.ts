import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planMounts, type MountPlanDeps, type UserMount } from '../../../src/services/volumes/mounts';
import type { VolumeRecord } from '../../../src/state/volumes';

function fakeDeps(existing: string[] = [], failFill = false) {
  const vols = new Map<string, VolumeRecord>();
  const filled: string[] = [];
  const removed: string[] = [];
  const made: string[] = [];
  const deps: MountPlanDeps = {
    volumes: {
      mountpoint: (n) => `/vols/${n}/_data`,
      get: async (n) => vols.get(n),
      create: async (n, req = {}) => {
        const had = vols.get(n);
        if (had) return { volume: had, created: false };
        const v = { Name: n, Labels: req.labels ?? {}, Options: req.options ?? {}, CreatedAt: '', Anonymous: req.anonymous === true };
        vols.set(n, v);
        return { volume: v, created: true };
      },
      list: async () => [...vols.values()],
      remove: async (n) => {
        removed.push(n);
        return vols.delete(n);
      },
      size: async () => 0,
      ensureMounted: async () => undefined,
      isEmpty: async () => true,
      fill: async (n) => {
        if (failFill) throw new Error('copy failed');
        filled.push(n);
      },
    },
    host: {
      exists: async (p) => existing.includes(p),
      isDir: async () => true,
      mkdirAll: async (p) => {
        made.push(p);
      },
    },
    withRootfs: async (fn) => fn('/root'),
  };
  return { deps, vols, filled, removed, made };
}

const bind = (source: string, target: string, origin: UserMount['origin'] = '-v'): UserMount => ({ type: 'bind', source, target, readOnly: false, mode: '', propagation: 'rprivate', origin });
const volume = (source: string, target: string, extra: Partial<UserMount> = {}): UserMount => ({ type: 'volume', source, target, readOnly: false, mode: '', origin: '-v', ...extra });

test('planMounts: user mounts replace --volumes-from and image volumes; copy-up for new volumes only', async () => {
  const f = fakeDeps(['/h']);
  const r = await planMounts(f.deps, {
    user: [bind('/h', '/a'), volume('named', '/b'), volume('nc', '/c', { noCopy: true }), bind('/new', '/d')],
    anonymous: ['/a', '/img', '/tmp'],
    volumesFrom: [{ points: [{ Type: 'volume', Name: 'other', Source: '/vols/other/_data', Destination: '/b', Driver: 'local', Mode: '', RW: true, Propagation: '' }, { Type: 'bind', Source: '/x', Destination: '/vf', Mode: 'z', RW: true, Propagation: 'rprivate' }], readOnly: true }],
    tmpfs: ['/tmp'],
  });
  assert.deepEqual(r.points.map((p) => [p.Destination, p.Type, p.Name ?? p.Source, p.RW, p.Mode]), [
    ['/b', 'volume', 'named', true, 'z'],
    ['/vf', 'bind', '/x', false, ''],
    ['/a', 'bind', '/h', true, ''],
    ['/c', 'volume', 'nc', true, 'z'],
    ['/d', 'bind', '/new', true, ''],
    ['/img', 'volume', r.anonymous[0], true, ''],
  ]);
  assert.equal(r.anonymous.length, 1);
  assert.match(r.anonymous[0] ?? '', /^[0-9a-f]{64}$/);
  assert.deepEqual(f.made, ['/new']);
  assert.deepEqual(f.filled.sort(), ['named', r.anonymous[0]].sort());
  assert.deepEqual(r.mounts.find((m) => m.destination === '/vf'), { destination: '/vf', type: 'bind', source: '/x', options: ['rbind', 'rprivate', 'ro'] });
});

test('planMounts: checks come before anything is made; a failure removes the anonymous volumes made', async () => {
  const f = fakeDeps();
  await assert.rejects(planMounts(f.deps, { user: [volume('v1', '/x'), bind('/missing', '/y', '--mount')], anonymous: [], volumesFrom: [], tmpfs: [] }), {
    message: 'Error response from daemon: invalid mount config for type "bind": bind source path does not exist: /missing',
  });
  await assert.rejects(planMounts(f.deps, { user: [volume('v1', '/x'), volume('v2', '/x')], anonymous: [], volumesFrom: [], tmpfs: [] }), {
    message: 'Error response from daemon: Duplicate mount point: /x',
  });
  assert.equal(f.vols.size, 0);
  const g = fakeDeps([], true);
  await assert.rejects(planMounts(g.deps, { user: [volume('', '/x')], anonymous: ['/y'], volumesFrom: [], tmpfs: [] }), /copy failed/);
  assert.equal(g.vols.size, 0);
  assert.equal(g.removed.length, 2);
});
