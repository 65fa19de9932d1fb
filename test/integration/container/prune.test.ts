import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ctrList } from '../../harness/ctr';
import { harnessCtr, loadHarness, tsctl, withNamespace } from '../../harness/env';

const img = () => loadHarness().images.busybox;

test('container prune removes stopped containers only; prompt, -f, label and until filters', async (t) => {
  const ns = withNamespace(t, 'cprune');
  const up = await tsctl(['-n', ns, 'run', '-d', '--name', 'up', img(), 'sleep', '1000']);
  assert.equal(up.exitCode, 0, up.stderr);
  const done = await tsctl(['-n', ns, 'run', '--name', 'done', '-l', 'keep=yes', img(), 'true']);
  assert.equal(done.exitCode, 0, done.stderr);
  const made = await tsctl(['-n', ns, 'create', '--name', 'made', '-l', 'team=a', img(), 'true']);
  assert.equal(made.exitCode, 0, made.stderr);
  const madeId = made.stdout.trim();

  const no = await tsctl(['-n', ns, 'container', 'prune'], { input: 'n\n' });
  assert.equal(no.exitCode, 0);
  assert.equal(no.stdout, 'WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ');
  assert.equal((await ctrList(loadHarness().containerdAddress, ['containers', 'ls'], ns)).length, 3);

  const none = await tsctl(['-n', ns, 'container', 'prune', '-f', '--filter', 'until=1h']);
  assert.equal(none.stdout, 'Total reclaimed space: 0B\n');
  const byLabel = await tsctl(['-n', ns, 'container', 'prune', '--filter', 'label=team=a'], { input: 'y\n' });
  assert.equal(byLabel.exitCode, 0, byLabel.stderr);
  assert.match(byLabel.stdout, new RegExp(`\\[y/N\\] Deleted Containers:\\n${madeId}\\n\\nTotal reclaimed space: \\d.*B\\n$`));

  const doneId = (await tsctl(['-n', ns, 'ps', '-aq', '--no-trunc', '-f', 'name=done'])).stdout.trim();
  const all = await tsctl(['-n', ns, 'container', 'prune', '-f']);
  assert.equal(all.exitCode, 0, all.stderr);
  assert.match(all.stdout, new RegExp(`^Deleted Containers:\\n${doneId}\\n\\nTotal reclaimed space: .+B\\n$`));
  assert.deepEqual(await ctrList(loadHarness().containerdAddress, ['containers', 'ls'], ns), [up.stdout.trim()]);
  const snaps = await harnessCtr(['snapshots', 'ls'], ns);
  assert.doesNotMatch(snaps.stdout, new RegExp(`${doneId}|${madeId}`));

  const bad = await tsctl(['-n', ns, 'container', 'prune', '-f', '--filter', 'status=exited']);
  assert.equal(bad.exitCode, 1);
  assert.equal(bad.stderr, "Error response from daemon: invalid filter 'status'\n");
});
