import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHarness, tsctl, withNamespace } from '../../harness/env';

const img = () => loadHarness().images.busybox;

test('top lists the container\'s processes as Docker does; ps options pass through', async (t) => {
  const ns = withNamespace(t, 'top');
  const r = await tsctl(['-n', ns, 'run', '-d', '--name', 'busy', img(), 'sleep', '1000']);
  assert.equal(r.exitCode, 0, r.stderr);
  const id = r.stdout.trim();
  assert.equal((await tsctl(['-n', ns, 'exec', '-d', 'busy', 'sleep', '999'])).exitCode, 0);

  let top = await tsctl(['-n', ns, 'top', 'busy']);
  for (let i = 0; i < 50 && !top.stdout.includes('sleep 999'); i++) top = await tsctl(['-n', ns, 'top', 'busy']);
  assert.equal(top.exitCode, 0, top.stderr);
  const lines = top.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD');
  assert.equal(lines.length, 3, top.stdout);
  assert.match(lines[1] ?? '', /^root {16}\d+ +\d+ +\d+ +\S+ +\? +\d\d:\d\d:\d\d {12}sleep 1000$/);
  assert.match(lines[2] ?? '', /sleep 999$/);

  const custom = await tsctl(['-n', ns, 'container', 'top', 'busy', '-o', 'pid,comm']);
  assert.equal(custom.exitCode, 0, custom.stderr);
  const rows = custom.stdout.trimEnd().split('\n');
  assert.equal(rows[0], 'PID                 COMMAND');
  assert.deepEqual(rows.slice(1).map((l) => l.split(/ +/)[1]), ['sleep', 'sleep']);

  const noPid = await tsctl(['-n', ns, 'top', 'busy', '-o', 'comm']);
  assert.equal(noPid.exitCode, 1);
  assert.equal(noPid.stderr, "Error response from daemon: Couldn't find PID field in ps output\n");
  const badOpt = await tsctl(['-n', ns, 'top', 'busy', '--bogus']);
  assert.equal(badOpt.exitCode, 1);
  assert.match(badOpt.stderr, /^Error response from daemon: ps: .+\n$/);

  assert.equal((await tsctl(['-n', ns, 'kill', 'busy'])).exitCode, 0);
  assert.equal((await tsctl(['-n', ns, 'wait', 'busy'])).exitCode, 0);
  const stopped = await tsctl(['-n', ns, 'top', 'busy']);
  assert.equal(stopped.exitCode, 1);
  assert.equal(stopped.stderr, `Error response from daemon: container ${id} is not running\n`);
  const ghost = await tsctl(['-n', ns, 'top', 'ghost']);
  assert.equal(ghost.stderr, 'Error response from daemon: No such container: ghost\n');
});
