import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harnessCtr, loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';

test('push uploads to a new repository (mounting known blobs), re-push finds layers there, pull gets it back', async (t) => {
  const ns = withNamespace(t, 'push');
  const h = loadHarness();
  assert.equal((await tsctl(['-n', ns, 'pull', '-q', h.images.busybox])).exitCode, 0);
  const repo = `${h.registryHost}/pushed/${uniqueName('bb')}`;
  assert.equal((await tsctl(['-n', ns, 'tag', h.images.busybox, `${repo}:v1`])).exitCode, 0);
  const r = await tsctl(['-n', ns, 'push', `${repo}:v1`]);
  assert.equal(r.exitCode, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], `The push refers to repository [${repo}]`);
  assert.match(r.stdout, /: Mounted from tsctl-test\/busybox\n/, 'the layer is mounted from the repository it was pulled from');
  assert.match(lines.at(-1) ?? '', /^v1: digest: sha256:[0-9a-f]{64} size: \d+$/);

  const again = await tsctl(['-n', ns, 'push', `${repo}:v1`]);
  assert.equal(again.exitCode, 0, again.stderr);
  assert.match(again.stdout, /: Layer already exists\n/);

  const ns2 = withNamespace(t, 'push2');
  const pull = await tsctl(['-n', ns2, 'pull', `${repo}:v1`]);
  assert.equal(pull.exitCode, 0, pull.stderr);
  const run = await harnessCtr(['run', '--rm', `${repo}:v1`, uniqueName('c'), 'echo', 'pushed'], ns2);
  assert.equal(run.stdout, 'pushed\n');
});

test('push --all-tags pushes every tag; a missing image is a one-line error', async (t) => {
  const ns = withNamespace(t, 'pushall');
  const h = loadHarness();
  assert.equal((await tsctl(['-n', ns, 'pull', '-q', h.images.busybox])).exitCode, 0);
  const repo = `${h.registryHost}/pushed/${uniqueName('all')}`;
  for (const tag of ['a', 'b']) assert.equal((await tsctl(['-n', ns, 'tag', h.images.busybox, `${repo}:${tag}`])).exitCode, 0);
  const r = await tsctl(['-n', ns, 'push', '--all-tags', '-q', repo]);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout, `${repo}:a\n${repo}:b\n`);
  const tags = await fetch(`http://${h.registryHost}/v2/${repo.slice(h.registryHost.length + 1)}/tags/list`);
  assert.deepEqual(((await tags.json()) as { tags: string[] }).tags.sort(), ['a', 'b']);

  const missing = await tsctl(['-n', ns, 'push', `${repo}:nope`]);
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.stderr, `An image does not exist locally with the tag: ${repo}:nope\n`);
});
