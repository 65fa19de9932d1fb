import { test, type TestContext } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushUniqueImage } from '../../harness/fixtures';
import assert from 'node:assert/strict';
import { ctrList } from '../../harness/ctr';
import { startFaultProxy } from '../../harness/fault-proxy';
import { harnessCtr, loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';

/** A fresh image whose random layer no namespace has yet (containerd shares blobs between namespaces). */
async function uniqueRepo(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tsctl-unique-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const repo = `faults/${uniqueName('img')}`;
  await pushUniqueImage(dir, loadHarness().registryHost, repo);
  return `${repo}:latest`;
}

test('a connection reset mid-layer is retried and the pull completes', async (t) => {
  const ns = withNamespace(t, 'reset');
  const proxy = await startFaultProxy({ upstream: loadHarness().registryHost, cutAfterBytes: 100_000, mode: 'once' });
  t.after(() => proxy.close());
  const ref = `${proxy.host}/${await uniqueRepo(t)}`;
  const r = await tsctl(['-n', ns, 'pull', ref]);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.ok(proxy.cuts >= 1, 'the proxy cut at least one download');
  const run = await harnessCtr(['run', '--rm', ref, uniqueName('c'), 'echo', 'survived'], ns);
  assert.equal(run.stdout, 'survived\n');
});

// Every blob download is cut before its first byte: no progress, so the retries give up.
test('a registry that keeps failing gives one line and leaves nothing; a later pull completes', async (t) => {
  const ns = withNamespace(t, 'broken');
  const proxy = await startFaultProxy({ upstream: loadHarness().registryHost, cutAfterBytes: 0, mode: 'always' });
  t.after(() => proxy.close());
  const repo = await uniqueRepo(t);
  const ref = `${proxy.host}/${repo}`;
  const r = await tsctl(['-n', ns, 'pull', ref], { timeoutMs: 180_000 });
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  const addr = loadHarness().containerdAddress;
  assert.deepEqual(await ctrList(addr, ['images', 'ls'], ns), [], 'no image record');
  assert.deepEqual(await ctrList(addr, ['leases', 'ls'], ns), [], 'no lease');
  await proxy.close();
  const ok = await tsctl(['-n', ns, 'pull', `${loadHarness().registryHost}/${repo}`]);
  assert.equal(ok.exitCode, 0, ok.stderr);
  const run = await harnessCtr(['run', '--rm', `${loadHarness().registryHost}/${repo}`, uniqueName('c'), 'sh', '-c', 'test -s /data/random.bin && echo complete'], ns);
  assert.equal(run.stdout, 'complete\n');
});
