import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ctrList } from '../../harness/ctr';
import { harnessCtr, loadHarness, tsctl, withNamespace } from '../../harness/env';

// Containers are started with ctr here until `tsctl run` lands; stop/kill/wait/rm are tsctl's.
async function running(ns: string, id: string, cmd: string[]): Promise<void> {
  const h = loadHarness();
  const r = await harnessCtr(['run', '-d', h.images.busybox, id, ...cmd], ns);
  assert.equal(r.exitCode, 0, r.stderr);
}

test('stop (grace then SIGKILL), wait, kill, rm; rm leaves no task, container or snapshot', async (t) => {
  const ns = withNamespace(t, 'life');
  const addr = loadHarness().containerdAddress;
  assert.equal((await tsctl(['-n', ns, 'pull', '-q', loadHarness().images.busybox])).exitCode, 0);
  await running(ns, 'sleeper', ['sleep', '1000']);
  await running(ns, 'trapper', ['sh', '-c', 'trap "exit 7" TERM; while true; do sleep 0.1; done']);

  const rmRunning = await tsctl(['-n', ns, 'rm', 'sleeper']);
  assert.equal(rmRunning.exitCode, 1);
  assert.equal(rmRunning.stderr, 'Error response from daemon: cannot remove container "/sleeper": container is running: stop the container before removing or force remove\n');

  // PID 1 ignores SIGTERM without a handler: stop falls back to SIGKILL after the timeout.
  const stop = await tsctl(['-n', ns, 'stop', '-t', '1', 'sleeper']);
  assert.equal(stop.exitCode, 0, stop.stderr);
  assert.equal(stop.stdout, 'sleeper\n');
  const wait = await tsctl(['-n', ns, 'wait', 'sleeper']);
  assert.equal(wait.stdout, '137\n');

  // A handler for TERM: stop returns as soon as it exits.
  assert.equal((await tsctl(['-n', ns, 'stop', 'trapper'])).exitCode, 0);
  assert.equal((await tsctl(['-n', ns, 'wait', 'trapper'])).stdout, '7\n');
  const ps = await tsctl(['-n', ns, 'ps', '-a', '--format', '{{.Names}} {{.Status}}']);
  assert.match(ps.stdout, /^sleeper Exited \(137\) .+\ntrapper Exited \(7\) .+\n$|^trapper Exited \(7\) .+\nsleeper Exited \(137\) .+\n$/);

  const notRunning = await tsctl(['-n', ns, 'kill', 'trapper']);
  assert.equal(notRunning.exitCode, 1);
  assert.match(notRunning.stderr, /is not running\n$/);

  await running(ns, 'victim', ['sh', '-c', 'trap "exit 10" USR1; while true; do sleep 0.1; done']);
  const kill = await tsctl(['-n', ns, 'kill', '-s', 'SIGUSR1', 'victim']);
  assert.equal(kill.exitCode, 0, kill.stderr);
  assert.equal(kill.stdout, 'victim\n');
  assert.equal((await tsctl(['-n', ns, 'wait', 'victim'])).stdout, '10\n');

  const rm = await tsctl(['-n', ns, 'rm', 'sleeper', 'trapper', 'victim', 'ghost']);
  assert.equal(rm.exitCode, 1);
  assert.equal(rm.stdout, 'sleeper\ntrapper\nvictim\n');
  assert.equal(rm.stderr, 'Error response from daemon: No such container: ghost\n');
  assert.deepEqual(await ctrList(addr, ['containers', 'ls'], ns), []);
  assert.deepEqual(await ctrList(addr, ['tasks', 'ls'], ns), []);
  const snaps = await harnessCtr(['snapshots', 'ls'], ns);
  assert.doesNotMatch(snaps.stdout, /sleeper|trapper|victim/);
});

test('rm -f kills a running container; an ID prefix resolves', async (t) => {
  const ns = withNamespace(t, 'rmf');
  assert.equal((await tsctl(['-n', ns, 'pull', '-q', loadHarness().images.busybox])).exitCode, 0);
  await running(ns, 'abc123def', ['sleep', '1000']);
  const r = await tsctl(['-n', ns, 'rm', '-f', 'abc1']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.deepEqual(await ctrList(loadHarness().containerdAddress, ['containers', 'ls'], ns), []);
});
