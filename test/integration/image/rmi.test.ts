/**
 * `tsctl rmi` / `image rm` against the harness. The image is pulled and the container made with ctr (fixture
 * set-up until `tsctl pull`/`run` land); what remains is checked with `ctr images ls` / `ctr content ls`.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { harnessCtr, loadHarness, tsctl, withNamespace } from '../../harness/env';

async function setup(t: TestContext, prefix: string) {
  const ns = withNamespace(t, prefix);
  const h = loadHarness();
  const ref = h.images.busybox;
  const pull = await harnessCtr(['images', 'pull', '--plain-http', ref], ns);
  assert.equal(pull.exitCode, 0, pull.stderr);
  const id = (JSON.parse((await harnessCtr(['content', 'get', h.imageDigests.busybox], ns)).stdout) as { config: { digest: string } }).config.digest;
  const names = async (): Promise<string[]> => (await harnessCtr(['images', 'ls', '-q'], ns)).stdout.trim().split('\n').filter(Boolean).sort();
  return { ns, ref, id, id12: id.slice(7, 19), names, run: (...a: string[]) => tsctl(['--namespace', ns, ...a]) };
}

test('rmi: untag while other names remain; the last name deletes the image; ctr agrees', async (t) => {
  const { ns, ref, id, names, run } = await setup(t, 'rmi-name');
  assert.equal((await run('image', 'tag', ref, 'copy:1')).exitCode, 0);
  const r1 = await run('rmi', 'copy:1');
  assert.deepEqual([r1.exitCode, r1.stdout, r1.stderr], [0, 'Untagged: copy:1\n', '']);
  assert.deepEqual(await names(), [ref]);
  const r2 = await run('image', 'rm', ref, 'nope');
  assert.equal(r2.exitCode, 1);
  assert.equal(r2.stdout, `Untagged: ${ref}\nDeleted: ${id}\n`);
  assert.equal(r2.stderr, 'Error response from daemon: No such image: nope:latest\n');
  assert.deepEqual(await names(), []);
  const content = await harnessCtr(['content', 'ls', '-q'], ns);
  assert.ok(!content.stdout.includes(id), 'the config blob was garbage-collected before Deleted: was printed');
  assert.equal((await run('images', '-a', '-q')).stdout, '');
  // -f: a missing image is reported but is not an error.
  const f = await run('image', 'remove', '-f', 'nope');
  assert.deepEqual([f.exitCode, f.stdout, f.stderr], [0, '', 'Error response from daemon: No such image: nope:latest\n']);
});

test('rmi by ID: several repositories need -f; then every name goes', async (t) => {
  const { ref, id, id12, names, run } = await setup(t, 'rmi-id');
  assert.equal((await run('image', 'tag', ref, 'other/name:2')).exitCode, 0);
  const c = await run('rmi', id12);
  assert.equal(c.exitCode, 1);
  assert.equal(c.stderr, `Error response from daemon: conflict: unable to delete ${id12} (must be forced) - image is referenced in multiple repositories\n`);
  assert.equal(c.stdout, '');
  const f = await run('rmi', '-f', id.slice(7, 20));
  assert.equal(f.exitCode, 0, f.stderr);
  assert.deepEqual(f.stdout.split('\n').filter(Boolean).sort(), [`Deleted: ${id}`, 'Untagged: other/name:2', `Untagged: ${ref}`].sort());
  assert.ok(f.stdout.endsWith(`Deleted: ${id}\n`));
  assert.deepEqual(await names(), []);
});

test('rmi: an image a container uses is refused (running: even with -f by ID)', async (t) => {
  const { ns, ref, id12, names, run } = await setup(t, 'rmi-ctr');
  const up = await harnessCtr(['run', '-d', ref, 'rmi-user-0123456789', 'sleep', '300'], ns);
  assert.equal(up.exitCode, 0, up.stderr);
  const byName = await run('rmi', ref);
  assert.equal(byName.exitCode, 1);
  assert.equal(byName.stderr, `Error response from daemon: conflict: unable to remove repository reference "${ref}" (must force) - container rmi-user-012 is using its referenced image ${id12}\n`);
  const byId = await run('rmi', '-f', id12);
  assert.equal(byId.exitCode, 1);
  assert.equal(byId.stderr, `Error response from daemon: conflict: unable to delete ${id12} (cannot be forced) - image is being used by running container rmi-user-012\n`);
  assert.deepEqual(await names(), [ref]);
  // Stopped: refused without -f, removed with it.
  await harnessCtr(['tasks', 'kill', '--signal', 'SIGKILL', 'rmi-user-0123456789'], ns);
  for (let i = 0; i < 100 && !/STOPPED/.test((await harnessCtr(['tasks', 'ls'], ns)).stdout); i++) await new Promise((r) => setTimeout(r, 50));
  const stopped = await run('rmi', id12);
  assert.equal(stopped.stderr, `Error response from daemon: conflict: unable to delete ${id12} (must be forced) - image is being used by stopped container rmi-user-012\n`);
  const forced = await run('rmi', '-f', ref);
  assert.equal(forced.exitCode, 0, forced.stderr);
  assert.match(forced.stdout, new RegExp(`^Untagged: ${ref.replace(/[.]/g, '\\.')}\\nDeleted: sha256:${id12}`));
  assert.deepEqual(await names(), []);
});
