/**
 * `tsctl load` against the real harness: archives built by hand from the harness's busybox OCI layout (a
 * pre-Docker-25 `docker save` layout, a bare OCI layout) and from `tsctl save` output (tampered), checked with
 * `ctr` (image records, leases) and `ctr run` (the image unpacked and runs).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import { harnessCtr, loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';
import { rawTar, sha, type RawEntry } from '../../unit/archive/fakes';

const h = loadHarness();
const layoutDir = h.imageLayouts.busybox;

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tsctl-load-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const lines = (s: string): string[] => s.split('\n').map((l) => l.trim()).filter(Boolean);
const imagesIn = async (ns: string): Promise<string[]> => lines((await harnessCtr(['images', 'ls', '-q'], ns)).stdout);
const leasesIn = async (ns: string): Promise<string[]> => lines((await harnessCtr(['leases', 'ls', '-q'], ns)).stdout);

async function runsOk(ns: string, image: string): Promise<void> {
  const r = await harnessCtr(['run', '--rm', image, uniqueName('c'), 'echo', 'ok'], ns);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout.replace(/\r/g, ''), 'ok\n');
}

/** The harness image's blobs, read from its OCI layout. */
async function busyboxParts(): Promise<{ manifest: Buffer; config: Buffer; layerGz: Buffer; index: Buffer }> {
  const blob = (d: string) => readFile(join(layoutDir, 'blobs', 'sha256', d.slice(7)));
  const manifest = await blob(h.imageDigests.busybox);
  const m = JSON.parse(manifest.toString()) as { config: { digest: string }; layers: { digest: string }[] };
  return { manifest, config: await blob(m.config.digest), layerGz: await blob(m.layers[0]!.digest), index: await readFile(join(layoutDir, 'index.json')) };
}

const localDate = (): string => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

test('a legacy docker save archive (<id>/layer.tar, uncompressed, symlinked duplicate) loads and runs', async (t) => {
  const ns = withNamespace(t, 'legacy');
  const dir = await tempDir(t);
  const { config, layerGz } = await busyboxParts();
  const layer = gunzipSync(layerGz);
  // Old Docker wrote a repeated layer as a symlink to the first copy; the image here has it twice.
  const cfg = JSON.parse(config.toString()) as { rootfs: { diff_ids: string[] } };
  cfg.rootfs.diff_ids = [sha(layer), sha(layer)];
  const cfgBytes = Buffer.from(JSON.stringify(cfg));
  const [id1, id2] = ['a'.repeat(64), 'b'.repeat(64)];
  const entries: RawEntry[] = [
    { name: `${id1}/`, type: 'directory' },
    { name: `${id1}/VERSION`, type: 'file', data: '1.0' },
    { name: `${id1}/json`, type: 'file', data: JSON.stringify({ id: id1 }) },
    { name: `${id1}/layer.tar`, type: 'file', data: layer },
    { name: `${id2}/`, type: 'directory' },
    { name: `${id2}/VERSION`, type: 'file', data: '1.0' },
    { name: `${id2}/json`, type: 'file', data: JSON.stringify({ id: id2, parent: id1 }) },
    { name: `${id2}/layer.tar`, type: 'symlink', linkname: `../${id1}/layer.tar` },
    { name: `${sha(cfgBytes).slice(7)}.json`, type: 'file', data: cfgBytes },
    { name: 'manifest.json', type: 'file', data: JSON.stringify([{ Config: `${sha(cfgBytes).slice(7)}.json`, RepoTags: ['legacy/busybox:v1'], Layers: [`${id1}/layer.tar`, `${id2}/layer.tar`] }]) },
    { name: 'repositories', type: 'file', data: JSON.stringify({ 'legacy/busybox': { v1: id2 } }) },
  ];
  const file = join(dir, 'legacy.tar');
  await writeFile(file, await rawTar(entries));
  const l = await tsctl(['-n', ns, 'load', '-i', file]);
  assert.equal(l.exitCode, 0, l.stderr);
  assert.equal(l.stdout, 'Loaded image: legacy/busybox:v1\n');
  assert.deepEqual(await imagesIn(ns), ['docker.io/legacy/busybox:v1']);
  assert.deepEqual(await leasesIn(ns), []);
  await runsOk(ns, 'docker.io/legacy/busybox:v1');
});

test('a bare OCI layout (gzip-compressed tar, ref.name only) loads as import-<date>:<tag>; unnamed gets its ID line and is <none>', async (t) => {
  const ns = withNamespace(t, 'oci');
  const dir = await tempDir(t);
  const { manifest, config, layerGz, index } = await busyboxParts();
  const blob = (b: Buffer): RawEntry => ({ name: `blobs/sha256/${sha(b).slice(7)}`, type: 'file', data: b });
  const layout = (idx: Buffer) =>
    rawTar([{ name: 'oci-layout', type: 'file', data: '{"imageLayoutVersion":"1.0.0"}' }, { name: 'index.json', type: 'file', data: idx }, blob(layerGz), blob(config), blob(manifest)]);
  const file = join(dir, 'oci.tar.gz');
  await writeFile(file, gzipSync(await layout(index)));
  const l = await tsctl(['-n', ns, 'load', '-i', file]);
  assert.equal(l.exitCode, 0, l.stderr);
  const name = `import-${localDate()}:latest`;
  assert.equal(l.stdout, `Loaded image: ${name}\n`);
  assert.deepEqual(await imagesIn(ns), [`docker.io/library/${name}`]);
  await runsOk(ns, `docker.io/library/${name}`);

  const ns2 = withNamespace(t, 'oci-anon');
  const bare = JSON.parse(index.toString()) as { manifests: { annotations?: Record<string, string> }[] };
  for (const m of bare.manifests) delete m.annotations;
  const anon = join(dir, 'anon.tar');
  await writeFile(anon, await layout(Buffer.from(JSON.stringify(bare))));
  const a = await tsctl(['-n', ns2, 'load', '-i', anon]);
  assert.equal(a.exitCode, 0, a.stderr);
  assert.equal(a.stdout, `Loaded image ID: ${sha(config)}\n`);
  assert.deepEqual(await imagesIn(ns2), [`moby-dangling@${h.imageDigests.busybox}`]);
  // Shown as Docker shows a nameless image: only with -a, as <none>.
  assert.equal((await tsctl(['-n', ns2, 'images', '-q'])).stdout, '');
  assert.equal((await tsctl(['-n', ns2, 'images', '-a', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'])).stdout, `<none>:<none> ${sha(config).slice(7, 19)}\n`);
});

/** Rewrites a tar, replacing the bytes of entries `edit` returns something for (same length). */
async function rewriteTar(src: Buffer, edit: (name: string, data: Buffer) => Buffer | undefined): Promise<Buffer> {
  const ex = tarStream.extract();
  const entries: RawEntry[] = [];
  const feeding = (async () => {
    ex.write(src);
    ex.end(null);
  })();
  for await (const e of ex) {
    const parts: Buffer[] = [];
    for await (const c of e) parts.push(c as Buffer);
    const data = Buffer.concat(parts);
    entries.push(e.header.type === 'directory' ? { name: e.header.name, type: 'directory' } : { name: e.header.name, type: 'file', data: edit(e.header.name, data) ?? data });
  }
  await feeding;
  return rawTar(entries);
}

test('a tampered blob fails with a digest error and leaves no image and no lease', async (t) => {
  const ns = withNamespace(t, 'tamper');
  const dir = await tempDir(t);
  const src = withNamespace(t, 'tamper-src');
  const pull = await harnessCtr(['images', 'pull', '--plain-http', h.images.busybox], src);
  assert.equal(pull.exitCode, 0, pull.stderr);
  const saved = join(dir, 'saved.tar');
  assert.equal((await tsctl(['-n', src, 'save', '-o', saved, h.images.busybox])).exitCode, 0);
  const { layerGz } = await busyboxParts();
  const layerPath = `blobs/sha256/${sha(layerGz).slice(7)}`;
  const tampered = await rewriteTar(await readFile(saved), (name, data) => {
    if (name !== layerPath) return undefined;
    const copy = Buffer.from(data);
    copy[copy.length - 100] = (copy[copy.length - 100] ?? 0) ^ 0xff;
    return copy;
  });
  const file = join(dir, 'tampered.tar');
  await writeFile(file, tampered);
  const l = await tsctl(['-n', ns, 'load', '-i', file]);
  assert.equal(l.exitCode, 1);
  assert.equal(l.stdout, '');
  assert.match(l.stderr, new RegExp(`^invalid archive: ${layerPath}: digest mismatch: the content hashes to sha256:[0-9a-f]{64}\\n$`));
  assert.deepEqual(await imagesIn(ns), []);
  assert.deepEqual(await leasesIn(ns), []);
});

test('archives with paths escaping the root are rejected; a missing input file is one clear line', async (t) => {
  const ns = withNamespace(t, 'escape');
  const dir = await tempDir(t);
  const cases: [RawEntry[], RegExp][] = [
    [[{ name: '../../evil', type: 'file', data: 'x' }], /^invalid archive: entry "\.\.\/\.\.\/evil" escapes the archive root\n$/],
    [[{ name: 'x/layer.tar', type: 'symlink', linkname: '../../../etc/passwd' }], /symlink "x\/layer.tar" → "\.\.\/\.\.\/\.\.\/etc\/passwd" escapes the archive root/],
    [[{ name: 'manifest.json', type: 'file', data: JSON.stringify([{ Config: '../../etc/passwd', RepoTags: ['evil:1'], Layers: [] }]) }], /"\.\.\/\.\.\/etc\/passwd" escapes the archive root/],
  ];
  for (const [entries, re] of cases) {
    const file = join(dir, 'evil.tar');
    await writeFile(file, await rawTar(entries));
    const l = await tsctl(['-n', ns, 'load', '-i', file]);
    assert.equal(l.exitCode, 1);
    assert.match(l.stderr, re);
  }
  assert.deepEqual(await imagesIn(ns), []);
  assert.deepEqual(await leasesIn(ns), []);
  assert.ok(!(await readdir(join(dir, '..'))).includes('evil'));

  const missing = await tsctl(['-n', ns, 'load', '-i', join(dir, 'nope.tar')]);
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.stderr, `open ${join(dir, 'nope.tar')}: no such file or directory\n`);
  const empty = await tsctl(['-n', ns, 'load'], { input: '' });
  assert.equal(empty.exitCode, 1);
  assert.match(empty.stderr, /no manifest\.json or index\.json/);
});
