/** `stats`: /proc parsers, Docker's arithmetic over two samples, target selection, and the rendered rows. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerRecord, TaskRecord, TaskStats } from '../../../src/containerd/ports';
import { parseNetDev, parseProcStat } from '../../../src/util/procfs';
import { cpuPercent, memoryUsage, statsEntry, statsTargets, takeSample, type Sample, type StatsEntry, type StatsTarget } from '../../../src/services/containers/stats';
import { renderStats, statsFrame, statsRow } from '../../../src/output/views/stats';

// A 2-CPU host's /proc/stat (head).
const PROC_STAT = `cpu  765677 0 224802 828815 5411 0 3500 13309 0 0
cpu0 379248 0 109802 422601 1845 0 486 6499 0 0
cpu1 386429 0 115000 406213 3566 0 3013 6810 0 0
intr 16220339 0 0 0 0 0 0 0
ctxt 39545874
btime 1763771000
`;

// A host's /proc/<pid>/net/dev, and a container's with an empty network namespace.
const NET_DEV_HOST = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 15915580162  566178    0    0    0     0          0         0 15915580162  566178    0    0    0     0       0          0
  ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
  eth0: 592579475   20543    0    0    0     0          0         0  1686746   12495    0    0    0     0       0          0
  eth1:    1000       3    0    0    0     0          0         0      234       2    0    0    0     0       0          0
`;
const NET_DEV_EMPTY = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
`;

test('/proc/stat: user..softirq of the cpu line in ns, cpuN lines counted', () => {
  const s = parseProcStat(PROC_STAT);
  assert.equal(s.onlineCpus, 2);
  assert.equal(s.systemNs, (765677 + 0 + 224802 + 828815 + 5411 + 0 + 3500) * 1e7); // steal/guest left out, as Docker
  assert.throws(() => parseProcStat('cpu  1 2 3\n'), /invalid number of cpu fields/);
});

test('/proc/<pid>/net/dev: every interface but lo', () => {
  assert.deepEqual(parseNetDev(NET_DEV_HOST), { rx: 592580475, tx: 1686980 });
  assert.deepEqual(parseNetDev(NET_DEV_EMPTY), { rx: 0, tx: 0 });
});

const stats = (o: Partial<TaskStats>): TaskStats => ({
  cgroup: 2, cpuNs: 0, memoryUsage: 0, inactiveFile: 0, memoryLimit: 0, blockRead: 0, blockWrite: 0, pids: 1, ...o,
});

test('memory usage leaves out inactive_file unless it is not smaller than usage; CPU % as Docker', () => {
  assert.equal(memoryUsage(stats({ memoryUsage: 5545984, inactiveFile: 2011136 })), 3534848);
  assert.equal(memoryUsage(stats({ memoryUsage: 100, inactiveFile: 100 })), 100);
  // 0.5 s of CPU over 2 s of system time on 2 CPUs: 50 %.
  assert.equal(cpuPercent(1e9, 10e9, { cpuNs: 1.5e9, systemNs: 12e9, onlineCpus: 2 }), 50);
  assert.equal(cpuPercent(undefined, undefined, { cpuNs: 1.5e9, systemNs: 12e9, onlineCpus: 2 }), 0);
  assert.equal(cpuPercent(2e9, 10e9, { cpuNs: 2e9, systemNs: 12e9, onlineCpus: 2 }), 0, 'no progress');
  assert.equal(cpuPercent(1e9, 12e9, { cpuNs: 2e9, systemNs: 12e9, onlineCpus: 2 }), 0, 'no system progress');
});

const target: StatsTarget = { ref: 'web', id: 'f'.repeat(64), name: 'web' };
const sample = (systemNs: number, c?: { task?: TaskStats; missing?: boolean; net?: { rx: number; tx: number } }): Sample => ({
  system: { systemNs, onlineCpus: 2 },
  containers: new Map(c ? [[target.id, { missing: c.missing ?? false, running: c.task !== undefined, task: c.task, net: c.net ?? { rx: 0, tx: 0 } }]] : []),
});
const GiB = 1024 ** 3;

test('statsEntry: two samples; an unlimited cgroup shows the host memory; stopped zeros; gone is invalid', () => {
  const prev = sample(10e9, { task: stats({ cpuNs: 1e9 }) });
  const cur = sample(12e9, { task: stats({ cpuNs: 1.25e9, memoryUsage: 64 * 1024 ** 2, inactiveFile: 0, memoryLimit: 2 ** 64, blockRead: 12300, pids: 4 }), net: { rx: 1, tx: 2 } });
  const e = statsEntry(target, prev, cur, 16 * GiB);
  assert.deepEqual(e, {
    Container: 'web', Name: 'web', ID: target.id, CPUPercentage: 25, Memory: 64 * 1024 ** 2, MemoryLimit: 16 * GiB, MemoryPercentage: 100 / 256,
    NetworkRx: 1, NetworkTx: 2, BlockRead: 12300, BlockWrite: 0, PidsCurrent: 4, IsInvalid: false,
  });
  const limited = statsEntry(target, undefined, sample(1, { task: stats({ memoryUsage: 32 * 1024 ** 2, memoryLimit: 64 * 1024 ** 2 }) }), 16 * GiB);
  assert.equal(limited.MemoryLimit, 64 * 1024 ** 2);
  assert.equal(limited.MemoryPercentage, 50);
  assert.equal(limited.CPUPercentage, 0, 'no earlier sample');
  const stopped = statsEntry(target, prev, sample(12e9, {}), 16 * GiB);
  assert.deepEqual({ ...stopped, IsInvalid: stopped.IsInvalid }, { ...e, CPUPercentage: 0, Memory: 0, MemoryLimit: 0, MemoryPercentage: 0, NetworkRx: 0, NetworkTx: 0, BlockRead: 0, PidsCurrent: 0 });
  assert.equal(statsEntry(target, prev, sample(12e9, { missing: true }), 16 * GiB).IsInvalid, true);
});

const rec = (id: string, name: string | undefined, created: number): ContainerRecord => ({
  id, image: 'busybox', labels: name ? { 'tsctl/name': name } : {}, createdAt: new Date(created), args: [],
});
const task = (id: string, status: TaskRecord['status'], pid = 100): TaskRecord => ({ id, pid, status, exitStatus: 0, exitedAt: undefined });

const C3 = `c3${'0'.repeat(62)}`;

function fakes() {
  const containers = [rec('a1', 'old', 1000), rec('b2', 'new', 2000), rec(C3, undefined, 3000)];
  const tasks = [task('a1', 'running', 11), task('b2', 'running', 22), task(C3, 'stopped', 0)];
  const asked: string[][] = [];
  return {
    asked,
    deps: {
      containers: { list: async () => containers.map((c) => ({ ...c })) },
      tasks: { list: async () => tasks },
      metrics: {
        metrics: async (ids: string[]) => {
          asked.push(ids);
          return new Map(ids.map((id) => [id, stats({ pids: id === 'a1' ? 1 : 2 })]));
        },
      },
      systemCpu: async () => ({ systemNs: 5, onlineCpus: 2 }),
      netIO: async (pid: number) => ({ rx: pid, tx: 0 }),
      memTotal: GiB,
    },
  };
}

test('statsTargets: running newest first (.Container = short ID), -a adds stopped ones, names resolve and every missing one is reported', async () => {
  const { deps } = fakes();
  assert.deepEqual((await statsTargets(deps, { refs: [], all: false })).map((t) => t.ref), ['b2', 'a1']);
  assert.deepEqual((await statsTargets(deps, { refs: [], all: true })).map((t) => `${t.ref}:${t.name}`), ['c30000000000:' + C3, 'b2:new', 'a1:old']);
  assert.deepEqual(await statsTargets(deps, { refs: ['old', 'c'], all: false }), [{ ref: 'old', id: 'a1', name: 'old' }, { ref: 'c', id: C3, name: C3 }]);
  await assert.rejects(statsTargets(deps, { refs: ['x', 'old', 'y'], all: false }), {
    message: 'Error response from daemon: No such container: x\nError response from daemon: No such container: y',
  });
});

test('takeSample: one Metrics call for the running targets; stopped ones have no counters', async () => {
  const { deps, asked } = fakes();
  const targets = await statsTargets(deps, { refs: [], all: true });
  const s = await takeSample(deps, targets);
  assert.deepEqual(asked.map((ids) => [...ids].sort()), [['a1', 'b2']]);
  assert.deepEqual(s.containers.get('a1'), { missing: false, running: true, task: stats({ pids: 1 }), net: { rx: 11, tx: 0 } });
  assert.deepEqual(s.containers.get(C3), { missing: false, running: false, task: undefined, net: { rx: 0, tx: 0 } });
  const gone = await takeSample(deps, [{ ref: 'zz', id: 'zz', name: 'zz' }]);
  assert.equal(gone.containers.get('zz')?.missing, true);
});

const entry = (o: Partial<StatsEntry>): StatsEntry => ({
  Container: 'web', Name: 'web', ID: 'abcdef0123456789'.repeat(4), CPUPercentage: 0, Memory: 0, MemoryLimit: 0, MemoryPercentage: 0,
  NetworkRx: 0, NetworkTx: 0, BlockRead: 0, BlockWrite: 0, PidsCurrent: 0, IsInvalid: false, ...o,
});

test('rows: Docker units and percentages; invalid rows show --', () => {
  assert.deepEqual(statsRow(entry({ CPUPercentage: 99.996, Memory: 1.5 * 1024 ** 2, MemoryLimit: 23.4 * GiB, MemoryPercentage: 0.00626, NetworkRx: 12345, BlockRead: 999999, BlockWrite: 4.26e6, PidsCurrent: 3 }), true), {
    Container: 'web', Name: 'web', ID: 'abcdef012345', CPUPerc: '100.00%', MemUsage: '1.5MiB / 23.4GiB', MemPerc: '0.01%', NetIO: '12.3kB / 0B',
    BlockIO: '1e+03kB / 4.26MB', PIDs: '3',
  });
  assert.deepEqual(statsRow(entry({}), false), {
    Container: 'web', Name: 'web', ID: 'abcdef0123456789'.repeat(4), CPUPerc: '0.00%', MemUsage: '0B / 0B', MemPerc: '0.00%', NetIO: '0B / 0B', BlockIO: '0B / 0B', PIDs: '0',
  });
  const bad = statsRow(entry({ IsInvalid: true, Name: '' }), true);
  assert.deepEqual([bad.Name, bad.CPUPerc, bad.MemUsage, bad.MemPerc, bad.NetIO, bad.BlockIO, bad.PIDs], ['--', '--', '-- / --', '--', '--', '--', '--']);
});

test('render: the default table, json with sorted keys, custom table', () => {
  const rows = [entry({ CPUPercentage: 0.1, Memory: 1.5 * 1024 ** 2, MemoryLimit: 23.4 * GiB, MemoryPercentage: 0.00626, PidsCurrent: 1 }), entry({ Name: 'quitter', ID: '0123456789ab'.repeat(5) + 'cdef' })];
  assert.equal(renderStats(rows, {}),
    'CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\n' +
    'abcdef012345   web       0.10%     1.5MiB / 23.4GiB    0.01%     0B / 0B   0B / 0B     1\n' +
    '0123456789ab   quitter   0.00%     0B / 0B             0.00%     0B / 0B   0B / 0B     0\n');
  assert.equal(renderStats(rows.slice(0, 1), { format: 'json' }),
    '{"BlockIO":"0B / 0B","CPUPerc":"0.10%","Container":"web","ID":"abcdef012345","MemPerc":"0.01%","MemUsage":"1.5MiB / 23.4GiB","Name":"web","NetIO":"0B / 0B","PIDs":"1"}\n');
  assert.equal(renderStats(rows, { format: 'table {{.Container}}\\t{{.ID}}', noTrunc: true }),
    `CONTAINER   CONTAINER ID\nweb         ${'abcdef0123456789'.repeat(4)}\nweb         ${'0123456789ab'.repeat(5)}cdef\n`);
});

test('frames: plain on a pipe; home, erase-line and erase-below on a terminal (the first frame clears the screen)', () => {
  const table = 'A   B\n1   2\n';
  assert.equal(statsFrame(table, false, true), table);
  assert.equal(statsFrame(table, true, true), '\x1b[2J\x1b[HA   B\x1b[K\n1   2\x1b[K\n\x1b[J');
  assert.equal(statsFrame(table, true, false), '\x1b[HA   B\x1b[K\n1   2\x1b[K\n\x1b[J');
  assert.equal(statsFrame('', true, false), '\x1b[H\x1b[J');
});
