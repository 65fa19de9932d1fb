import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harnessCtr, loadHarness, tsctl, withNamespace } from '../../harness/env';

const img = () => loadHarness().images.busybox;

async function taskStatus(ns: string, id: string): Promise<string | undefined> {
  const r = await harnessCtr(['tasks', 'ls'], ns);
  return new RegExp(`^${id}\\s+\\d+\\s+(\\S+)`, 'm').exec(r.stdout)?.[1];
}

async function run(ns: string, name: string, cmd: string[]): Promise<string> {
  const r = await tsctl(['-n', ns, 'run', '-d', '--name', name, img(), ...cmd]);
  assert.equal(r.exitCode, 0, r.stderr);
  return r.stdout.trim();
}

test('pause / unpause: freezer state, ps and inspect, Docker\'s errors', async (t) => {
  const ns = withNamespace(t, 'pause');
  const id = await run(ns, 'sleeper', ['sleep', '1000']);

  const p = await tsctl(['-n', ns, 'pause', 'sleeper']);
  assert.equal(p.exitCode, 0, p.stderr);
  assert.equal(p.stdout, 'sleeper\n');
  assert.equal(await taskStatus(ns, id), 'PAUSED');
  const again = await tsctl(['-n', ns, 'pause', 'sleeper']);
  assert.equal(again.exitCode, 1);
  assert.equal(again.stderr, `Error response from daemon: container ${id} is already paused\n`);

  const ps = await tsctl(['-n', ns, 'ps', '--format', '{{.Names}}|{{.State}}|{{.Status}}']);
  assert.match(ps.stdout, /^sleeper\|paused\|Up (Less than a second|\d+ seconds?) \(Paused\)\n$/);
  const insp = await tsctl(['-n', ns, 'inspect', '-f', '{{.State.Status}} {{.State.Paused}} {{.State.Running}}', 'sleeper']);
  assert.equal(insp.stdout, 'paused true true\n');

  const u = await tsctl(['-n', ns, 'container', 'unpause', id.slice(0, 12)]);
  assert.equal(u.exitCode, 0, u.stderr);
  assert.equal(u.stdout, `${id.slice(0, 12)}\n`);
  assert.equal(await taskStatus(ns, id), 'RUNNING');
  const notPaused = await tsctl(['-n', ns, 'unpause', 'sleeper']);
  assert.equal(notPaused.exitCode, 1);
  assert.equal(notPaused.stderr, `Error response from daemon: Container ${id} is not paused\n`);

  const created = await tsctl(['-n', ns, 'create', '--name', 'idle', img(), 'true']);
  const createdId = created.stdout.trim();
  const multi = await tsctl(['-n', ns, 'pause', 'idle', 'ghost', 'sleeper']);
  assert.equal(multi.exitCode, 1);
  assert.equal(multi.stdout, 'sleeper\n');
  assert.equal(multi.stderr, `Error response from daemon: container ${createdId} is not running\nError response from daemon: No such container: ghost\n`);
  assert.equal(await taskStatus(ns, id), 'PAUSED');
});

test('a paused container can be killed, stopped and force-removed (Docker resumes it after the signal)', async (t) => {
  const ns = withNamespace(t, 'pausekill');
  // No stop signal configured: any signal resumes the container (moby killWithSignal).
  const id = await run(ns, 'victim', ['sh', '-c', 'trap "echo usr1" USR1; while true; do sleep 0.1; done']);
  assert.equal((await tsctl(['-n', ns, 'pause', 'victim'])).exitCode, 0);
  const k = await tsctl(['-n', ns, 'kill', '-s', 'USR1', 'victim']);
  assert.equal(k.exitCode, 0, k.stderr);
  assert.equal(await taskStatus(ns, id), 'RUNNING');
  let logs = '';
  for (let i = 0; i < 100 && !logs.includes('usr1'); i++) logs = (await tsctl(['-n', ns, 'logs', 'victim'])).stdout;
  assert.equal(logs, 'usr1\n', 'the signal was delivered after the resume');

  const trapper = await run(ns, 'trapper', ['sh', '-c', 'trap "exit 7" TERM; while true; do sleep 0.1; done']);
  assert.equal((await tsctl(['-n', ns, 'pause', 'trapper'])).exitCode, 0);
  const s = await tsctl(['-n', ns, 'stop', 'trapper']);
  assert.equal(s.exitCode, 0, s.stderr);
  assert.equal((await tsctl(['-n', ns, 'wait', 'trapper'])).stdout, '7\n', 'SIGTERM handled once thawed, no SIGKILL needed');
  assert.equal(await taskStatus(ns, trapper), 'STOPPED');

  assert.equal((await tsctl(['-n', ns, 'pause', 'victim'])).exitCode, 0);
  const rm = await tsctl(['-n', ns, 'rm', 'victim']);
  assert.equal(rm.exitCode, 1);
  assert.equal(rm.stderr, 'Error response from daemon: cannot remove container "/victim": container is paused: stop the container before removing or force remove\n');
  const rmf = await tsctl(['-n', ns, 'rm', '-f', 'victim']);
  assert.equal(rmf.exitCode, 0, rmf.stderr);
  assert.equal(await taskStatus(ns, id), undefined);
});
