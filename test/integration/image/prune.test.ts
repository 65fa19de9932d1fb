/**
 * `tsctl image prune` against the harness (images pulled and containers made with ctr as fixture set-up): the
 * confirmation prompt, dangling-only and `-a` pruning, the report, and what ctr still sees afterwards.
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
  return { ns, ref, repo: ref.replace(/:latest$/, ''), digest: h.imageDigests.busybox, id, names, run: (...a: string[]) => tsctl(['--namespace', ns, 'image', 'prune', ...a]) };
}

const DANGLING_PROMPT = 'WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ';

test('image prune: prompt (no answer = no), dangling images only, then nothing to do', async (t) => {
  const { ns, ref, repo, digest, id, names, run } = await setup(t, 'prune-dangling');
  // Leave a digest-only (untagged) name, as a pull by digest would.
  assert.equal((await harnessCtr(['images', 'tag', ref, `${repo}@${digest}`], ns)).exitCode, 0);
  assert.equal((await harnessCtr(['images', 'rm', ref], ns)).exitCode, 0);

  const no = await run();
  assert.deepEqual([no.exitCode, no.stdout, no.stderr], [0, DANGLING_PROMPT, '']);
  const n = await tsctl(['--namespace', ns, 'image', 'prune'], { input: 'n\n' });
  assert.equal(n.stdout, DANGLING_PROMPT);
  assert.deepEqual(await names(), [`${repo}@${digest}`]);

  const yes = await tsctl(['--namespace', ns, 'image', 'prune'], { input: 'y\n' });
  assert.equal(yes.exitCode, 0, yes.stderr);
  const m = new RegExp(`^${DANGLING_PROMPT.replace(/[?[\]]/g, '\\$&')}Deleted Images:\\nuntagged: ${repo}@${digest}\\ndeleted: ${id}\\n\\nTotal reclaimed space: (\\d+(\\.\\d+)?[kM]B)\\n$`).exec(yes.stdout);
  assert.ok(m, yes.stdout);
  assert.deepEqual(await names(), []);
  assert.equal((await harnessCtr(['snapshots', 'ls'], ns)).stdout.trim().split('\n').length, 1, 'the layer snapshot went too');

  const again = await run('-f');
  assert.deepEqual([again.exitCode, again.stdout], [0, 'Total reclaimed space: 0B\n']);
});

test('image prune -a: removes images no container uses; tagged images survive a dangling prune', async (t) => {
  const { ns, ref, id, names, run } = await setup(t, 'prune-all');
  assert.equal((await tsctl(['--namespace', ns, 'image', 'tag', ref, 'spare:1'])).exitCode, 0);
  assert.equal((await run('-f')).stdout, 'Total reclaimed space: 0B\n');
  assert.deepEqual(await names(), ['docker.io/library/spare:1', ref].sort());

  const up = await harnessCtr(['run', '-d', ref, 'prune-user', 'sleep', '300'], ns);
  assert.equal(up.exitCode, 0, up.stderr);
  const all = await run('-a', '--force');
  assert.equal(all.exitCode, 0, all.stderr);
  assert.equal(all.stdout, 'Deleted Images:\nuntagged: spare:1\n\nTotal reclaimed space: 0B\n');
  assert.deepEqual(await names(), [ref]);
  assert.equal((await tsctl(['--namespace', ns, 'images', '-q', '--no-trunc'])).stdout, `${id}\n`);

  const prompt = await run('-a');
  assert.equal(prompt.stdout, 'WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] ');
  const bad = await run('-f', '--filter', 'reference=x');
  assert.deepEqual([bad.exitCode, bad.stderr], [1, "Error response from daemon: invalid filter 'reference'\n"]);
  const label = await run('-a', '-f', '--filter', 'label=nope');
  assert.equal(label.stdout, 'Total reclaimed space: 0B\n');
});
