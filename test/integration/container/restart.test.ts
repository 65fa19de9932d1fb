import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHarness, tsctl, withNamespace } from '../../harness/env';

const img = () => loadHarness().images.busybox;

async function pid(ns: string, name: string): Promise<string> {
  return (await tsctl(['-n', ns, 'inspect', '-f', '{{.State.Pid}}', name])).stdout.trim();
}

async function logsUntil(ns: string, name: string, want: string): Promise<string> {
  let out = '';
  for (let i = 0; i < 100 && out !== want; i++) out = (await tsctl(['-n', ns, 'logs', name])).stdout;
  return out;
}

test('restart stops (stop signal, then start) running and stopped containers; -t, -s; multi-target errors', async (t) => {
  const ns = withNamespace(t, 'restart');
  const r = await tsctl(['-n', ns, 'run', '-d', '--name', 'svc', img(), 'sh', '-c', 'trap "exit 0" TERM; echo up; while true; do sleep 0.1; done']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(await logsUntil(ns, 'svc', 'up\n'), 'up\n');
  const before = await pid(ns, 'svc');

  const re = await tsctl(['-n', ns, 'restart', 'svc']);
  assert.equal(re.exitCode, 0, re.stderr);
  assert.equal(re.stdout, 'svc\n');
  assert.equal(await logsUntil(ns, 'svc', 'up\nup\n'), 'up\nup\n', 'the same log continues');
  const after = await pid(ns, 'svc');
  assert.notEqual(after, before);
  assert.match((await tsctl(['-n', ns, 'ps', '--format', '{{.Status}}', '-f', 'name=svc'])).stdout, /^Up /);

  // A container ignoring the signal: -t 1 then SIGKILL; -s picks the signal (USR1 is ignored by sleep as PID 1).
  const stubborn = await tsctl(['-n', ns, 'run', '-d', '--name', 'stubborn', img(), 'sleep', '1000']);
  assert.equal(stubborn.exitCode, 0, stubborn.stderr);
  const forced = await tsctl(['-n', ns, 'container', 'restart', '-t', '1', '-s', 'USR1', 'stubborn']);
  assert.equal(forced.exitCode, 0, forced.stderr);
  assert.equal((await tsctl(['-n', ns, 'inspect', '-f', '{{.State.Status}}', 'stubborn'])).stdout, 'running\n');

  // A stopped and a never-started container just start.
  assert.equal((await tsctl(['-n', ns, 'stop', 'svc'])).exitCode, 0);
  const c = await tsctl(['-n', ns, 'create', '--name', 'fresh', img(), 'sh', '-c', 'echo hi']);
  assert.equal(c.exitCode, 0, c.stderr);
  const multi = await tsctl(['-n', ns, 'restart', 'svc', 'ghost', 'fresh']);
  assert.equal(multi.exitCode, 1);
  assert.equal(multi.stdout, 'svc\nfresh\n');
  assert.equal(multi.stderr, 'Error response from daemon: No such container: ghost\n');
  assert.equal(await logsUntil(ns, 'fresh', 'hi\n'), 'hi\n');
  assert.equal((await tsctl(['-n', ns, 'inspect', '-f', '{{.State.Status}}', 'svc'])).stdout, 'running\n');

  const both = await tsctl(['-n', ns, 'restart', '-t', '1', '--time', '1', 'svc']);
  assert.equal(both.exitCode, 1);
  assert.equal(both.stderr, 'conflicting options: cannot specify both --timeout and --time\n');
});
