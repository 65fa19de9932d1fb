import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHarness, tsctl, withNamespace } from '../../harness/env';

const img = () => loadHarness().images.busybox;

test('ps --filter (status, exited, label, name, id, ancestor, before/since) and -s', async (t) => {
  const ns = withNamespace(t, 'psf');
  const ok = async (args: string[]): Promise<string> => {
    const r = await tsctl(['-n', ns, ...args]);
    assert.equal(r.exitCode, 0, r.stderr);
    return r.stdout;
  };
  // Created one after the other, so the newest-first order is old < mid < new.
  assert.equal((await tsctl(['-n', ns, 'run', '--name', 'old', '-l', 'app=shop', img(), 'sh', '-c', 'exit 3'])).exitCode, 3);
  const midId = (await ok(['run', '-d', '--name', 'mid', '-l', 'app=shop', '-l', 'tier=web', img(), 'sleep', '1000'])).trim();
  await ok(['create', '--name', 'new', '-l', 'app=blog', img(), 'true']);
  await ok(['pause', 'mid']);
  const names = async (...filters: string[]): Promise<string> =>
    (await ok(['ps', ...filters.flatMap((f) => ['--filter', f]), '--format', '{{.Names}}'])).trim().split('\n').join(' ');

  assert.equal(await names(), 'mid');
  assert.equal(await names('status=exited'), 'old');
  assert.equal(await names('status=paused'), 'mid');
  assert.equal(await names('status=created', 'status=exited'), 'new old');
  assert.equal(await names('exited=3'), '');
  assert.equal((await ok(['ps', '-a', '-f', 'exited=3', '--format', '{{.Names}}'])).trim(), 'old');
  assert.equal((await ok(['ps', '-a', '-f', 'label=app=shop', '-f', 'label=tier', '--format', '{{.Names}}'])).trim(), 'mid');
  assert.equal((await ok(['ps', '-a', '-f', 'label=app', '--format', '{{.Names}}'])).trim(), 'new\nmid\nold');
  assert.equal((await ok(['ps', '-a', '-f', 'name=^/?ol', '--format', '{{.Names}}'])).trim(), 'old');
  assert.equal((await ok(['ps', '-a', '-f', `id=${midId.slice(0, 8)}`, '--format', '{{.Names}}'])).trim(), 'mid');
  assert.equal((await ok(['ps', '-a', '-f', 'before=new', '--format', '{{.Names}}'])).trim(), 'mid\nold');
  assert.equal((await ok(['ps', '-a', '-f', 'since=old', '--format', '{{.Names}}'])).trim(), 'new\nmid');
  assert.equal((await ok(['ps', '-a', '-f', `ancestor=${img()}`, '-q'])).trim().split('\n').length, 3);
  assert.equal((await ok(['ps', '-a', '-f', 'ancestor=nosuchimage', '-q'])), '');

  const bad = await tsctl(['-n', ns, 'ps', '--filter', 'foo=bar']);
  assert.equal(bad.exitCode, 1);
  assert.equal(bad.stderr, "Error response from daemon: invalid filter 'foo'\n");
  const badStatus = await tsctl(['-n', ns, 'ps', '-f', 'status=up']);
  assert.equal(badStatus.stderr, "Error response from daemon: invalid filter 'status=up': invalid value for state (up): must be one of created, running, paused, restarting, removing, exited, dead\n");
  const noSuch = await tsctl(['-n', ns, 'ps', '-f', 'since=ghost']);
  assert.equal(noSuch.stderr, 'Error response from daemon: No such container: ghost\n');

  const sized = await ok(['ps', '-s']);
  const [head, row] = sized.trimEnd().split('\n');
  assert.match(head ?? '', /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES\s+SIZE$/);
  assert.match(row ?? '', /\s+mid\s+\d+(\.\d+)?k?B \(virtual \d+(\.\d+)?[kM]B\)$/);
  assert.match(await ok(['ps', '-a', '--format', '{{.Names}} {{.Size}}']), /^new \S+ \(virtual [\d.]+MB\)\n/);
  assert.equal(await ok(['ps', '--format', '{{.Names}}']), 'mid\n');
});
