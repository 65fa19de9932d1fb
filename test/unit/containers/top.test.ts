import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePsOutput, topContainer, validatePsArgs } from '../../../src/services/containers/top';
import type { TaskControl } from '../../../src/containerd/ports';
import { renderTop, renderContainerPrune } from '../../../src/output/views/container';

const PS = `UID          PID    PPID  C STIME TTY          TIME CMD
root           1       0  0 04:00 ?        00:00:01 /sbin/init splash
root         120     100  0 04:01 ?        00:00:00 sleep 1000
root         121     120  0 04:01 ?        00:00:00 sh -c while true; do sleep 1; done
`;

test('parsePsOutput keeps the task PIDs and folds extra fields into the last column', () => {
  const r = parsePsOutput(PS, [120, 121]);
  assert.deepEqual(r.titles, ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
  assert.deepEqual(r.processes, [
    ['root', '120', '100', '0', '04:01', '?', '00:00:00', 'sleep 1000'],
    ['root', '121', '120', '0', '04:01', '?', '00:00:00', 'sh -c while true; do sleep 1; done'],
  ]);
});

test('thread lines (PID "-") stay with a kept process only', () => {
  const out = 'USER PID TID CMD\nroot 5 - sleep\n- - 5 -\nroot 6 - other\n- - 6 -\n';
  assert.deepEqual(parsePsOutput(out, [5]).processes, [['root', '5', '-', 'sleep'], ['-', '-', '5', '-']]);
});

test('no PID column and renamed PID columns are refused as moby does', () => {
  assert.throws(() => parsePsOutput('COMMAND\nsleep\n', [1]), { message: "Error response from daemon: Couldn't find PID field in ps output" });
  assert.throws(() => validatePsArgs('-o pid,comm -o x=PID'), { message: 'Error response from daemon: specifying "x=PID" is not allowed' });
  validatePsArgs('-o pid=PID');
});

function fakeTasks(status: 'running' | 'stopped'): TaskControl {
  return {
    get: async (id) => ({ id, pid: 120, status, exitStatus: 0, exitedAt: undefined }),
    listPids: async () => [120],
  } as Partial<TaskControl> as TaskControl;
}

test('topContainer: -ef with -q<pids>, a retry without it, and Docker\'s errors', async () => {
  const calls: string[][] = [];
  const r = await topContainer({ tasks: fakeTasks('running'), ps: async (a) => (calls.push(a), a.at(-1)?.startsWith('-q') ? { exitCode: 1, stdout: '', stderr: 'no q' } : { exitCode: 0, stdout: PS, stderr: '' }) }, 'c1', '');
  assert.deepEqual(calls, [['-ef', '-q120'], ['-ef']]);
  assert.equal(r.processes.length, 1);
  await assert.rejects(topContainer({ tasks: fakeTasks('running'), ps: async () => ({ exitCode: 1, stdout: '', stderr: 'error: unknown gnu long option\nusage' }) }, 'c1', '--bad'), {
    message: 'Error response from daemon: ps: error: unknown gnu long option',
  });
  await assert.rejects(topContainer({ tasks: fakeTasks('stopped'), ps: async () => ({ exitCode: 0, stdout: PS, stderr: '' }) }, 'c1', ''), {
    message: 'Error response from daemon: container c1 is not running',
  });
});

test('renderTop uses docker/cli\'s 20-column minimum; the prune report matches Docker', () => {
  assert.equal(renderTop(['PID', 'CMD'], [['1', 'sleep 1']]), 'PID                 CMD\n1                   sleep 1\n');
  assert.equal(renderContainerPrune({ deleted: [], reclaimed: 0 }), 'Total reclaimed space: 0B\n');
  assert.equal(renderContainerPrune({ deleted: ['a', 'b'], reclaimed: 16384 }), 'Deleted Containers:\na\nb\n\nTotal reclaimed space: 16.38kB\n');
});
