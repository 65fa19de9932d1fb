import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ctrList } from '../../harness/ctr';
import { harnessCtr, loadHarness, tsctl, withNamespace } from '../../harness/env';

const nsList = async () => ctrList(loadHarness().containerdAddress, ['namespaces', 'ls']);

test('namespace create / ls / inspect / update / rm round-trip', async (t) => {
  const ns = withNamespace(t, 'roundtrip');
  const c = await tsctl(['namespace', 'create', '--label', 'team=a', '-l', 'tier=web', ns]);
  assert.equal(c.exitCode, 0, c.stderr);
  assert.equal(c.stdout, '');
  assert.ok((await nsList()).includes(ns), 'ctr sees the namespace');

  const ls = await tsctl(['namespace', 'ls']);
  assert.equal(ls.exitCode, 0, ls.stderr);
  const header = ls.stdout.split('\n')[0] ?? '';
  assert.match(header, /^NAME\s+CONTAINERS\s+IMAGES\s+VOLUMES\s+LABELS$/);
  const row = ls.stdout.split('\n').find((l) => l.startsWith(`${ns} `));
  assert.ok(row, ls.stdout);
  assert.match(row, new RegExp(`^${ns}\\s+0\\s+0\\s+0\\s+team=a,tier=web$`));

  const q = await tsctl(['ns', 'ls', '-q']);
  assert.ok(q.stdout.split('\n').includes(ns));
  const f = await tsctl(['namespace', 'ls', '--format', '{{.Name}}|{{.Labels}}']);
  assert.ok(f.stdout.split('\n').includes(`${ns}|team=a,tier=web`), f.stdout);

  const up = await tsctl(['namespace', 'update', '-l', 'team=b', '-l', 'x=1', ns]);
  assert.equal(up.exitCode, 0, up.stderr);
  const insp = await tsctl(['namespace', 'inspect', ns]);
  assert.equal(insp.exitCode, 0, insp.stderr);
  assert.deepEqual(JSON.parse(insp.stdout), [{ Name: ns, Labels: { team: 'b', tier: 'web', x: '1' } }]);
  assert.match(insp.stdout, /^\[\n    \{\n        "Name"/);
  const fmt = await tsctl(['namespace', 'inspect', '-f', '{{.Name}} {{index .Labels "team"}}', ns]);
  assert.equal(fmt.stdout, `${ns} b\n`);

  const rm = await tsctl(['namespace', 'rm', ns]);
  assert.equal(rm.exitCode, 0, rm.stderr);
  assert.equal(rm.stdout, `${ns}\n`);
  assert.ok(!(await nsList()).includes(ns), 'ctr no longer sees the namespace');
});

test('namespace rm of a missing namespace fails with one line, others are still removed', async (t) => {
  const ns = withNamespace(t, 'present');
  assert.equal((await tsctl(['namespace', 'create', ns])).exitCode, 0);
  const r = await tsctl(['namespace', 'rm', 'no-such-ns-xyz', ns]);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, 'namespace "no-such-ns-xyz" not found\n');
  assert.equal(r.stdout, `${ns}\n`);
  assert.ok(!(await nsList()).includes(ns));
});

test('namespace rm refuses a non-empty namespace with containerd\'s reason', async (t) => {
  const ns = withNamespace(t, 'busy');
  assert.equal((await tsctl(['namespace', 'create', ns])).exitCode, 0);
  // Put content into the namespace with containerd's own client (tsctl pull arrives with the images issue).
  const pull = await harnessCtr(['images', 'pull', '--plain-http', loadHarness().images.busybox], ns);
  assert.equal(pull.exitCode, 0, pull.stderr);
  const r = await tsctl(['namespace', 'rm', ns]);
  assert.equal(r.exitCode, 1);
  assert.match(r.stderr, /^namespace "[^"]+" must be empty, but it (still has|contains) [a-z", ]+: failed precondition\n$/);
  assert.ok((await nsList()).includes(ns), 'the namespace is still there');
});

test('namespace create of an invalid name reports containerd\'s validation error', async () => {
  const r = await tsctl(['namespace', 'create', 'Bad Name!']);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr.split('\n').length, 2, r.stderr);
  assert.match(r.stderr, /invalid/i);
});

test('inspect of a missing namespace prints [] and the error, exit 1', async () => {
  const r = await tsctl(['namespace', 'inspect', 'no-such-ns-abc']);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stdout, '[]\n');
  assert.equal(r.stderr, 'namespace "no-such-ns-abc" not found\n');
});
