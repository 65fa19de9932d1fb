/**
 * `tsctl images` / `image ls` against the harness. Images are put into the test's namespace with
 * `ctr images pull` (fixture set-up until `tsctl pull` lands); listing is tsctl's, checked against ctr's view.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { harnessCtr, loadHarness, tsctl, withNamespace } from '../../harness/env';

async function pulled(t: TestContext) {
  const ns = withNamespace(t, 'img-ls');
  const h = loadHarness();
  const pull = await harnessCtr(['images', 'pull', '--plain-http', h.images.busybox], ns);
  assert.equal(pull.exitCode, 0, pull.stderr);
  const manifest = await harnessCtr(['content', 'get', h.imageDigests.busybox], ns);
  const id = (JSON.parse(manifest.stdout) as { config: { digest: string } }).config.digest;
  const ref = h.images.busybox;
  return { ns, ref, repo: ref.replace(/:latest$/, ''), id, digest: h.imageDigests.busybox, run: (...a: string[]) => tsctl(['--namespace', ns, ...a]) };
}

test('images: Docker columns and values, aliases, -q, --no-trunc, --digests', async (t) => {
  const { ns, repo, id, digest, run } = await pulled(t);
  const ls = await run('images');
  assert.equal(ls.exitCode, 0, ls.stderr);
  const lines = ls.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
  assert.equal(lines.length, 2, ls.stdout);
  const cols = (lines[1] ?? '').split(/\s{2,}/);
  assert.deepEqual(cols.slice(0, 3), [repo, 'latest', id.slice(7, 19)]);
  assert.match(cols[3] ?? '', /^\d+ (years|months|weeks|days) ago$/); // the harness image is dated 2024-01-01
  assert.match(cols[4] ?? '', /^\d+(\.\d+)?[kM]B$/);

  for (const alias of [['image', 'ls'], ['image', 'list']]) {
    const r = await tsctl([...alias, '-q'], { env: { CONTAINERD_NAMESPACE: ns } });
    assert.equal(r.stdout, `${id.slice(7, 19)}\n`, alias.join(' '));
  }
  assert.equal((await run('images', '-q', '--no-trunc')).stdout, `${id}\n`);

  const d = await run('images', '--digests');
  assert.match(d.stdout.split('\n')[0] ?? '', /^REPOSITORY\s+TAG\s+DIGEST\s+IMAGE ID\s+CREATED\s+SIZE$/);
  assert.ok(d.stdout.split('\n')[1]?.includes(`latest    ${digest}   ${id.slice(7, 19)}`), d.stdout);

  const f = await run('images', '--format', '{{.Repository}}|{{.Tag}}|{{.ID}}|{{.Digest}}|{{.Containers}}');
  assert.equal(f.stdout, `${repo}|latest|${id.slice(7, 19)}|${digest}|0\n`);
  const j = await run('images', '--format', 'json', '--no-trunc');
  const row = JSON.parse(j.stdout) as Record<string, string>;
  assert.equal(row.ID, id);
  assert.equal(row.Repository, repo);
  assert.deepEqual(Object.keys(row), [...Object.keys(row)].sort());
  const tbl = await run('images', '--format', 'table {{.ID}}\t{{.Size}}');
  assert.match(tbl.stdout, new RegExp(`^IMAGE ID\\s+SIZE\\n${id.slice(7, 19)}\\s+\\S+B\\n$`));
});

test('images: reference, dangling, label, before/since filters; untagged images need -a', async (t) => {
  const { ns, ref, repo, id, digest, run } = await pulled(t);
  const names = async (...a: string[]) => (await run('images', '--format', '{{.Repository}}:{{.Tag}}', ...a)).stdout.trimEnd().split('\n').filter(Boolean);
  assert.deepEqual(await names(repo), [`${repo}:latest`]); // positional REPOSITORY[:TAG]
  assert.deepEqual(await names(`${repo}:latest`), [`${repo}:latest`]);
  assert.deepEqual(await names(`${repo}:v9`), []);
  assert.deepEqual(await names('--filter', 'reference=*/tsctl-test/*'), [`${repo}:latest`]);
  assert.deepEqual(await names('-f', 'reference=busybox'), []); // Docker's familiar name is the full registry path here
  assert.deepEqual(await names('--filter', 'reference=nope', '--filter', `reference=${repo}`), [`${repo}:latest`]); // OR within a key
  assert.deepEqual(await names('--filter', 'dangling=false'), [`${repo}:latest`]);
  assert.deepEqual(await names('--filter', 'dangling=true'), []);
  assert.deepEqual(await names('--filter', 'label=maintainer'), []);
  assert.deepEqual(await names('--filter', `before=${ref}`), []);
  assert.deepEqual(await names('--filter', `since=${id.slice(7, 19)}`), []);

  // A digest-only name (what a pull by digest leaves) with no tag: Docker 29 lists it only with -a / dangling=true.
  const tag = await harnessCtr(['images', 'tag', ref, `${repo}@${digest}`], ns);
  assert.equal(tag.exitCode, 0, tag.stderr);
  assert.equal((await harnessCtr(['images', 'rm', ref], ns)).exitCode, 0);
  assert.deepEqual(await names(), []);
  assert.deepEqual(await names('-a'), [`${repo}:<none>`]);
  assert.deepEqual(await names('--filter', 'dangling=true'), [`${repo}:<none>`]);
  const dig = await run('images', '-a', '--digests', '--format', '{{.Tag}} {{.Digest}} {{.ID}}');
  assert.equal(dig.stdout, `<none> ${digest} ${id.slice(7, 19)}\n`);
});

test('images: Docker\'s errors for bad filters', async (t) => {
  const { run } = await pulled(t);
  const bad = await run('images', '--filter', 'foo=bar');
  assert.equal(bad.exitCode, 1);
  assert.equal(bad.stderr, "Error response from daemon: invalid filter 'foo'\n");
  const dang = await run('images', '-f', 'dangling=maybe');
  assert.equal(dang.stderr, "Error response from daemon: invalid filter 'dangling=[maybe]'\n");
  const fmt = await run('images', '--filter', 'dangling');
  assert.equal(fmt.exitCode, 125);
  assert.match(fmt.stderr, /^invalid argument "dangling" for "-f, --filter" flag: bad format of filter \(expected name=value\)\n\nUsage:/);
  const missing = await run('images', '--filter', 'before=nope');
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.stderr, 'Error response from daemon: No such image: nope:latest\n');
  const args = await run('images', 'a', 'b');
  assert.equal(args.exitCode, 1);
  assert.match(args.stderr, /requires at most 1 argument/);
});
