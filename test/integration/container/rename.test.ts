import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHarness, tsctl, withNamespace } from '../../harness/env';

const img = () => loadHarness().images.busybox;

test('rename moves the name (old one free again, new one taken) with Docker\'s errors', async (t) => {
  const ns = withNamespace(t, 'rename');
  const a = await tsctl(['-n', ns, 'run', '-d', '--name', 'alpha', img(), 'sleep', '1000']);
  assert.equal(a.exitCode, 0, a.stderr);
  const b = await tsctl(['-n', ns, 'create', '--name', 'beta', img(), 'true']);
  assert.equal(b.exitCode, 0, b.stderr);
  const betaId = b.stdout.trim();

  const r = await tsctl(['-n', ns, 'rename', 'alpha', 'gamma']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal((await tsctl(['-n', ns, 'inspect', '-f', '{{.Name}}', a.stdout.trim()])).stdout, '/gamma\n');
  assert.equal((await tsctl(['-n', ns, 'ps', '--format', '{{.Names}}'])).stdout, 'gamma\n');
  // The old name is free again, the new one is taken.
  const reuse = await tsctl(['-n', ns, 'create', '--name', 'alpha', img(), 'true']);
  assert.equal(reuse.exitCode, 0, reuse.stderr);
  const taken = await tsctl(['-n', ns, 'create', '--name', 'gamma', img(), 'true']);
  assert.notEqual(taken.exitCode, 0);
  assert.match(taken.stderr, /The container name "\/gamma" is already in use by container/);

  const conflict = await tsctl(['-n', ns, 'container', 'rename', 'gamma', 'beta']);
  assert.equal(conflict.exitCode, 1);
  assert.equal(
    conflict.stderr,
    `failed to rename container: Error response from daemon: Error when allocating new name: Conflict. The container name "/beta" is already in use by container "${betaId}". You have to remove (or rename) that container to be able to reuse that name.\n`,
  );
  const same = await tsctl(['-n', ns, 'rename', 'gamma', '/gamma']);
  assert.equal(same.stderr, 'failed to rename container: Error response from daemon: Renaming a container with the same name as its current name\n');
  const bad = await tsctl(['-n', ns, 'rename', 'gamma', 'bad name']);
  assert.equal(bad.stderr, 'failed to rename container: Error response from daemon: Error when allocating new name: Invalid container name (/bad name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n');
  const blank = await tsctl(['-n', ns, 'rename', 'gamma', ' ']);
  assert.equal(blank.stderr, 'failed to rename container: new name cannot be blank\n');
  const ghost = await tsctl(['-n', ns, 'rename', 'ghost', 'x1']);
  assert.equal(ghost.exitCode, 1);
  assert.equal(ghost.stderr, 'failed to rename container: Error response from daemon: No such container: ghost\n');
  const args = await tsctl(['-n', ns, 'rename', 'gamma']);
  assert.equal(args.exitCode, 1);

  // rm releases the new name, so it can be used again.
  assert.equal((await tsctl(['-n', ns, 'rm', '-f', 'gamma'])).exitCode, 0);
  assert.equal((await tsctl(['-n', ns, 'create', '--name', 'gamma', img(), 'true'])).exitCode, 0);
});
