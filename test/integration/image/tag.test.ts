/**
 * `tsctl image tag` against the harness (image pulled with `ctr images pull` as fixture set-up); ctr checks the
 * records tsctl writes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harnessCtr, loadHarness, tsctl, withNamespace } from '../../harness/env';

/** `ctr images ls` as name → target digest. */
async function ctrImages(ns: string): Promise<Map<string, string>> {
  const r = await harnessCtr(['images', 'ls'], ns);
  assert.equal(r.exitCode, 0, r.stderr);
  return new Map(r.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)).map(([name = '', , digest = '']) => [name, digest]));
}

test('image tag: new names for an image, as containerd records ctr sees; Docker\'s errors', async (t) => {
  const ns = withNamespace(t, 'img-tag');
  const h = loadHarness();
  const ref = h.images.busybox;
  const pull = await harnessCtr(['images', 'pull', '--plain-http', ref], ns);
  assert.equal(pull.exitCode, 0, pull.stderr);
  const id = (JSON.parse((await harnessCtr(['content', 'get', h.imageDigests.busybox], ns)).stdout) as { config: { digest: string } }).config.digest;
  const run = (...a: string[]) => tsctl(['--namespace', ns, 'image', ...a]);

  const r = await run('tag', ref, 'mybox');
  assert.deepEqual([r.exitCode, r.stdout, r.stderr], [0, '', '']);
  assert.equal((await run('tag', id.slice(7, 19), 'localhost:5000/team/app:v1')).exitCode, 0); // source by ID prefix
  assert.equal((await run('tag', 'mybox:latest', 'mybox:2')).exitCode, 0);
  const images = await ctrImages(ns);
  for (const name of ['docker.io/library/mybox:latest', 'localhost:5000/team/app:v1', 'docker.io/library/mybox:2']) {
    assert.equal(images.get(name), h.imageDigests.busybox, name);
  }
  const ls = await tsctl(['--namespace', ns, 'images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
  assert.deepEqual(ls.stdout.trimEnd().split('\n').sort(), [`${ref} ${id.slice(7, 19)}`, `localhost:5000/team/app:v1 ${id.slice(7, 19)}`, `mybox:2 ${id.slice(7, 19)}`, `mybox:latest ${id.slice(7, 19)}`].sort());
  // Re-tagging an existing name overwrites it (same image here): still one record.
  assert.equal((await run('tag', ref, 'mybox')).exitCode, 0);
  assert.equal((await ctrImages(ns)).size, 4);

  const bad = await run('tag', ref, 'Bad:tag');
  assert.deepEqual([bad.exitCode, bad.stderr], [1, 'error parsing reference: "Bad:tag" is not a valid repository/tag: invalid reference format: repository name (library/Bad) must be lowercase\n']);
  const fmt = await run('tag', ref, 'a b');
  assert.equal(fmt.stderr, 'error parsing reference: "a b" is not a valid repository/tag: invalid reference format\n');
  const dig = await run('tag', ref, `x@${h.imageDigests.busybox}`);
  assert.equal(dig.stderr, 'refusing to create a tag with a digest reference\n');
  const missing = await run('tag', 'nope', 'x');
  assert.deepEqual([missing.exitCode, missing.stderr], [1, 'Error response from daemon: No such image: nope:latest\n']);
  assert.equal((await ctrImages(ns)).size, 4);
});
