import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harnessCtr, loadHarness, tsctl, withNamespace } from '../../harness/env';

// Containers are made with ctr here until `tsctl run` lands (containers issue); ps itself is tsctl's.
test('ps lists running containers; -a adds exited ones with their exit code', async (t) => {
  const ns = withNamespace(t, 'ps');
  const h = loadHarness();
  const pull = await harnessCtr(['images', 'pull', '--plain-http', h.images.busybox], ns);
  assert.equal(pull.exitCode, 0, pull.stderr);
  const up = await harnessCtr(['run', '-d', '--label', 'tsctl/name=web', h.images.busybox, 'ps-running', 'sleep', '300'], ns);
  assert.equal(up.exitCode, 0, up.stderr);
  // Detached, so ctr leaves the stopped task in place (as a Docker "Exited" container).
  const done = await harnessCtr(['run', '-d', h.images.busybox, 'ps-exited', 'sh', '-c', 'exit 3'], ns);
  assert.equal(done.exitCode, 0, done.stderr);
  for (let i = 0; i < 100; i++) {
    const tasks = await harnessCtr(['tasks', 'ls'], ns);
    if (/ps-exited\s+\d+\s+STOPPED/.test(tasks.stdout)) break;
    await new Promise((r) => setTimeout(r, 50));
  }

  const running = await tsctl(['--namespace', ns, 'ps']);
  assert.equal(running.exitCode, 0, running.stderr);
  const lines = running.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
  assert.equal(lines.length, 2, running.stdout);
  assert.match(lines[1] ?? '', /^ps-running\s+\S+busybox:latest\s+"sleep 300"\s+(Less than a second|\d+ seconds?|About a minute) ago\s+Up (Less than a second|\d+ seconds?|About a minute)\s+web$/);

  const all = await tsctl(['ps', '-a', '--format', '{{.ID}}|{{.Status}}|{{.State}}', '-n', '5'], { env: { CONTAINERD_NAMESPACE: ns } });
  assert.equal(all.exitCode, 0, all.stderr);
  const rows = all.stdout.trimEnd().split('\n').sort();
  assert.equal(rows.length, 2);
  assert.match(rows[0] ?? '', /^ps-exited\|Exited \(3\) (Less than a second|\d+ seconds?|About a minute) ago\|exited$/);
  assert.match(rows[1] ?? '', /^ps-running\|Up .+\|running$/);

  const q = await tsctl(['container', 'ls', '-q', '-a', '--namespace', ns]);
  assert.deepEqual(q.stdout.trimEnd().split('\n').sort(), ['ps-exited', 'ps-running']);
});

test('ps against a missing socket is one clear line', async () => {
  const r = await tsctl(['--address', '/missing.sock', 'ps']);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'Cannot connect to containerd at unix:///missing.sock: no such file or directory. Is containerd running?\n');
});
