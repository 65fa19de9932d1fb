import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, statusText, stateWord } from '../../../src/compat/status';
import { ellipsis, goQuote, truncateID } from '../../../src/compat/display';
import { dockerTime, listContainers } from '../../../src/services/containers/list';
import type { ContainerRecord } from '../../../src/containerd/ports';

const S = 1000, M = 60 * S, H = 60 * M, D = 24 * H;

test('humanDuration matches go-units', () => {
  const cases: [number, string][] = [
    [0, 'Less than a second'], [999, 'Less than a second'], [S, '1 second'], [59 * S, '59 seconds'],
    [M, 'About a minute'], [119 * S, 'About a minute'], [2 * M, '2 minutes'], [59 * M, '59 minutes'],
    [60 * M, 'About an hour'], [89 * M, 'About an hour'], [91 * M, '2 hours'], [47 * H, '47 hours'],
    [48 * H, '2 days'], [13 * D, '13 days'], [14 * D, '2 weeks'], [59 * D, '8 weeks'], [60 * D, '2 months'],
    [729 * D, '24 months'], [730 * D, '2 years'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}ms`);
});

test('ps STATUS texts', () => {
  const now = new Date('2026-01-01T00:10:00Z');
  const t = (iso: string) => new Date(iso);
  assert.equal(statusText({ state: 'running', exitCode: 0, startedAt: t('2026-01-01T00:05:00Z'), exitedAt: undefined }, now), 'Up 5 minutes');
  assert.equal(statusText({ state: 'paused', exitCode: 0, startedAt: t('2026-01-01T00:09:58Z'), exitedAt: undefined }, now), 'Up 2 seconds (Paused)');
  assert.equal(statusText({ state: 'stopped', exitCode: 137, startedAt: undefined, exitedAt: t('2026-01-01T00:09:57Z') }, now), 'Exited (137) 3 seconds ago');
  assert.equal(statusText({ state: 'none', exitCode: 0, startedAt: undefined, exitedAt: undefined }, now), 'Created');
  assert.equal(stateWord('stopped'), 'exited');
  assert.equal(stateWord('none'), 'created');
});

test('display helpers', () => {
  assert.equal(truncateID('sha256:0123456789abcdef0123'), '0123456789ab');
  assert.equal(truncateID('abc'), 'abc');
  assert.equal(ellipsis('sleep 1000000000000000000', 20), 'sleep 1000000000000…');
  assert.equal(ellipsis('short', 20), 'short');
  assert.equal(goQuote('echo "hi"'), '"echo \\"hi\\""');
  assert.equal(dockerTime(new Date('2026-03-04T05:06:07Z')), '2026-03-04 05:06:07 +0000 UTC');
});

test('listContainers joins tasks, filters running, honours -n', async () => {
  const created = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
  const deps = {
    containers: {
      list: async (): Promise<ContainerRecord[]> => [
        { id: 'a', image: 'img', labels: { 'tsctl/name': 'web' }, createdAt: created(1), args: ['sleep', '100'] },
        { id: 'b', image: 'img', labels: {}, createdAt: created(2), args: ['true'] },
        { id: 'c', image: 'img', labels: {}, createdAt: created(3), args: [] },
      ],
    },
    tasks: {
      list: async () => [
        { id: 'a', pid: 10, status: 'running' as const, exitStatus: 0, exitedAt: undefined },
        { id: 'b', pid: 0, status: 'stopped' as const, exitStatus: 3, exitedAt: created(4) },
      ],
    },
    processStart: async () => created(5),
    now: () => created(10),
  };
  const running = await listContainers(deps, { all: false, last: 0 });
  assert.deepEqual(running.map((r) => [r.ID, r.Names, r.Status, r.Command]), [['a', 'web', 'Up 5 minutes', 'sleep 100']]);
  const all = await listContainers(deps, { all: true, last: 0 });
  assert.deepEqual(all.map((r) => [r.ID, r.Status, r.State]), [['c', 'Created', 'created'], ['b', 'Exited (3) 6 minutes ago', 'exited'], ['a', 'Up 5 minutes', 'running']]);
  assert.deepEqual((await listContainers(deps, { all: false, last: 2 })).map((r) => r.ID), ['c', 'b']);
});
