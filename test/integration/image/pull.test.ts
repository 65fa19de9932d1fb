import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ctrList } from '../../harness/ctr';
import { pushMultiLayerIndex, type MultiPlatformImage } from '../../harness/fixtures';
import { harnessCtr, loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';

let multi: Promise<MultiPlatformImage> | undefined;
function multiImage(): Promise<MultiPlatformImage> {
  multi ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsctl-fixture-'));
    try {
      return await pushMultiLayerIndex(dir, loadHarness().registryHost, `fixtures/multi-${process.pid}`, 'v1');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return multi;
}

const addr = () => loadHarness().containerdAddress;

test('pull fetches, unpacks and records the image; ctr runs it; a second pull downloads nothing', async (t) => {
  const ns = withNamespace(t, 'pull');
  const ref = loadHarness().images.busybox;
  const r = await tsctl(['--namespace', ns, 'pull', ref]);
  assert.equal(r.exitCode, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'latest: Pulling from tsctl-test/busybox');
  assert.match(r.stdout, /\n[0-9a-f]{12}: Pull complete\n/);
  assert.match(r.stdout, /\nDigest: sha256:[0-9a-f]{64}\n/);
  assert.equal(lines.at(-2), `Status: Downloaded newer image for ${ref}`);
  assert.equal(lines.at(-1), ref);
  assert.deepEqual(await ctrList(addr(), ['images', 'ls'], ns), [ref]);
  const snaps = await harnessCtr(['snapshots', 'ls'], ns);
  assert.match(snaps.stdout, /sha256:[0-9a-f]{64}\s+Committed/, 'the layer is unpacked into a committed snapshot');
  assert.deepEqual(await ctrList(addr(), ['leases', 'ls'], ns), [], 'no lease is left behind');

  const run = await harnessCtr(['run', '--rm', ref, uniqueName('c'), 'echo', 'hello from tsctl pull'], ns);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout, 'hello from tsctl pull\n');

  const again = await tsctl(['--namespace', ns, 'pull', ref]);
  assert.equal(again.exitCode, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /Downloading|Download complete|Pull complete|Already exists/);
  assert.match(again.stdout, new RegExp(`Status: Image is up to date for ${ref.replace(/[.]/g, '\\.')}\\n`));

  const q = await tsctl(['--namespace', ns, 'pull', '-q', ref]);
  assert.equal(q.stdout, `${ref}\n`);

  // The content stays under another name: layers "Already exists", and the name is new, so "Downloaded".
  assert.equal((await tsctl(['--namespace', ns, 'tag', ref, 'keep:1'])).exitCode, 0);
  assert.equal((await tsctl(['--namespace', ns, 'rmi', ref])).exitCode, 0);
  const shared = await tsctl(['--namespace', ns, 'pull', ref]);
  assert.equal(shared.exitCode, 0, shared.stderr);
  assert.match(shared.stdout, /: Already exists\n/);
  assert.match(shared.stdout, /Status: Downloaded newer image for /);
  assert.doesNotMatch(shared.stdout, /Downloading|Extracting/, 'no progress lines when stdout is not a terminal');
});

test('pull of a multi-layer, two-platform index picks the host platform; --platform picks another without unpacking', async (t) => {
  const ns = withNamespace(t, 'multi');
  const img = await multiImage();
  const r = await tsctl(['-n', ns, 'pull', '--max-concurrent-downloads', '2', img.ref]);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal((r.stdout.match(/: Pull complete\n/g) ?? []).length, 4, r.stdout);
  // A digest of the files, not their 32 KB: ctr's output copy sometimes loses the tail of a big output.
  const run = await harnessCtr(['run', '--rm', img.ref, uniqueName('c'), 'sh', '-c', 'cat /data/layer1.txt /data/layer3.txt | sha256sum'], ns);
  assert.equal(run.exitCode, 0, run.stderr);
  const { createHash } = await import('node:crypto');
  assert.equal(run.stdout, `${createHash('sha256').update('layer 1\n'.repeat(1000) + 'layer 3\n'.repeat(3000)).digest('hex')}  -\n`);
  const content = await ctrList(addr(), ['content', 'ls'], ns);
  const hostArch = process.arch === 'x64' ? 'amd64' : 'arm64';
  const otherArch = hostArch === 'amd64' ? 'arm64' : 'amd64';
  assert.ok(content.some((l) => l.startsWith(img.manifests[hostArch] ?? 'x')), 'host manifest fetched');
  assert.ok(!content.some((l) => l.startsWith(img.manifests[otherArch] ?? 'x')), 'other platform not fetched');

  const ns2 = withNamespace(t, 'multi2');
  const other = await tsctl(['-n', ns2, 'pull', '--platform', `linux/${otherArch}`, img.ref]);
  assert.equal(other.exitCode, 0, other.stderr);
  const content2 = await ctrList(addr(), ['content', 'ls'], ns2);
  assert.ok(content2.some((l) => l.startsWith(img.manifests[otherArch] ?? 'x')));
  const snaps = await harnessCtr(['snapshots', 'ls'], ns2);
  assert.equal(snaps.stdout.trim().split('\n').length, 1, `foreign platform is not unpacked: ${snaps.stdout}`);
});

test('pull --unpack=false stores content without snapshots; --all-platforms fetches both manifests', async (t) => {
  const ns = withNamespace(t, 'nounpack');
  const img = await multiImage();
  const r = await tsctl(['-n', ns, 'pull', '--unpack', 'false', '--all-platforms', img.ref]);
  assert.equal(r.exitCode, 0, r.stderr);
  const content = await ctrList(addr(), ['content', 'ls'], ns);
  for (const d of Object.values(img.manifests)) assert.ok(content.some((l) => l.startsWith(d)), d);
  const snaps = await harnessCtr(['snapshots', 'ls'], ns);
  assert.equal(snaps.stdout.trim().split('\n').length, 1, snaps.stdout);
});

test('pull errors are one line and leave nothing behind', async (t) => {
  const ns = withNamespace(t, 'pullerr');
  const h = loadHarness();
  const missing = await tsctl(['-n', ns, 'pull', `${h.registryHost}/tsctl-test/busybox:nope`]);
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.stderr, `Error response from daemon: manifest for ${h.registryHost}/tsctl-test/busybox:nope not found: manifest unknown: manifest unknown\n`);
  const bad = await tsctl(['-n', ns, 'pull', 'bad/Name']);
  assert.equal(bad.exitCode, 1);
  assert.equal(bad.stderr, 'invalid reference format: repository name (bad/Name) must be lowercase\n');
  const down = await tsctl(['-n', ns, 'pull', '127.0.0.1:1/x:latest']);
  assert.equal(down.exitCode, 1);
  assert.match(down.stderr, /^Error response from daemon: Get "http:\/\/127\.0\.0\.1:1\/v2\/": dial tcp 127\.0\.0\.1:1: connect: connection refused\n$/);
  assert.deepEqual(await ctrList(addr(), ['images', 'ls'], ns), []);
  assert.deepEqual(await ctrList(addr(), ['leases', 'ls'], ns), []);
});
