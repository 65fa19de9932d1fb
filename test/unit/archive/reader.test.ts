import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerArchiveImages } from '../../../src/services/images/archive/docker';
import { ingestArchive } from '../../../src/services/images/archive/ingest';
import { ociEntryName, ociImages } from '../../../src/services/images/archive/oci';
import { FakeContent, chunked, gzip, hexOf, layerAndConfig, rawTar, sha, type RawEntry } from './fakes';

const target = (content: FakeContent) => ({ content, lease: 'lease-1', refPrefix: 'tsctl-load-test' });
const ingest = (content: FakeContent, tar: Buffer) => ingestArchive(chunked(tar), target(content));

/** A docker-archive as `docker save` wrote it before Docker 25: <id>/layer.tar, a duplicate as a symlink. */
async function legacyArchive(opts: { gzipLayer?: boolean } = {}): Promise<{ tar: Buffer; layer: Buffer; config: Buffer }> {
  const { layer: plain, config: baseConfig, diffId } = await layerAndConfig('hello.txt');
  const layer = opts.gzipLayer ? gzip(plain) : plain;
  const cfg = JSON.parse(baseConfig.toString()) as { rootfs: { diff_ids: string[] } };
  cfg.rootfs.diff_ids = [diffId, diffId];
  const config = Buffer.from(JSON.stringify(cfg));
  const cfgHex = hexOf(sha(config));
  const [id1, id2] = ['1'.repeat(64), '2'.repeat(64)];
  const entries: RawEntry[] = [
    { name: `${id1}/`, type: 'directory' },
    { name: `${id1}/VERSION`, type: 'file', data: '1.0' },
    { name: `${id1}/json`, type: 'file', data: '{}' },
    { name: `${id1}/layer.tar`, type: 'file', data: layer },
    { name: `${id2}/`, type: 'directory' },
    { name: `${id2}/layer.tar`, type: 'symlink', linkname: `../${id1}/layer.tar` },
    { name: `${cfgHex}.json`, type: 'file', data: config },
    { name: 'manifest.json', type: 'file', data: JSON.stringify([{ Config: `${cfgHex}.json`, RepoTags: ['busybox:latest', 'example.com/team/app:v1'], Layers: [`${id1}/layer.tar`, `./${id2}/layer.tar`] }]) },
    { name: 'repositories', type: 'file', data: JSON.stringify({ busybox: { latest: id2 } }) },
  ];
  return { tar: await rawTar(entries), layer, config };
}

test('legacy docker-archive: layer files hashed, symlinked duplicate resolved, OCI manifest built', async () => {
  const content = new FakeContent();
  const { tar, layer, config } = await legacyArchive();
  const c = await ingest(content, tar);
  assert.ok(c.metadata.has('manifest.json') && c.metadata.has('repositories'));
  const imgs = await dockerArchiveImages(c, target(content));
  assert.equal(imgs.length, 1);
  const img = imgs[0]!;
  assert.deepEqual(img.names, ['docker.io/library/busybox:latest', 'example.com/team/app:v1']);
  assert.deepEqual(img.platform, { os: 'linux', architecture: 'amd64' });
  const manifest = JSON.parse((await content.readAll(img.target.digest)).toString()) as { mediaType: string; config: { mediaType: string; digest: string }; layers: { mediaType: string; digest: string; size: number }[] };
  assert.equal(manifest.mediaType, 'application/vnd.oci.image.manifest.v1+json');
  assert.deepEqual(manifest.config, { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length });
  assert.deepEqual(manifest.layers, [0, 1].map(() => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha(layer), size: layer.length })));
  const labels = (await content.info(img.target.digest))!.labels;
  assert.equal(labels['containerd.io/gc.ref.content.config'], sha(config));
  assert.equal(labels['containerd.io/gc.ref.content.l.1'], sha(layer));
  assert.equal(content.leased.get(sha(layer)), 'lease-1', 'written under the lease');
});

test('legacy docker-archive with a gzip layer gets the +gzip media type', async () => {
  const content = new FakeContent();
  const { tar } = await legacyArchive({ gzipLayer: true });
  const [img] = await dockerArchiveImages(await ingest(content, tar), target(content));
  const manifest = JSON.parse((await content.readAll(img!.target.digest)).toString()) as { layers: { mediaType: string }[] };
  assert.deepEqual(manifest.layers.map((l) => l.mediaType), ['application/vnd.oci.image.layer.v1.tar+gzip', 'application/vnd.oci.image.layer.v1.tar+gzip']);
});

test('a gzip-compressed archive is detected and read; bzip2 is refused clearly', async () => {
  const { tar } = await legacyArchive();
  const content = new FakeContent();
  const c = await ingest(content, gzip(tar));
  assert.equal((await dockerArchiveImages(c, target(content))).length, 1);
  const bz = Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(100)]);
  await assert.rejects(ingest(new FakeContent(), bz), /bzip2-compressed archives are not supported/);
  await assert.rejects(ingest(new FakeContent(), Buffer.from('definitely not a tar archive'.repeat(40))), /invalid archive/);
});

test('paths escaping the archive are rejected', async () => {
  const cases: [RawEntry[], RegExp][] = [
    [[{ name: '../evil', type: 'file', data: 'x' }], /entry "\.\.\/evil" escapes the archive root/],
    [[{ name: 'a/../../evil', type: 'file', data: 'x' }], /escapes the archive root/],
    [[{ name: '/etc/passwd', type: 'file', data: 'x' }], /entry "\/etc\/passwd" escapes the archive root/],
    [[{ name: 'a/link', type: 'symlink', linkname: '../../etc/passwd' }], /symlink "a\/link" → "\.\.\/\.\.\/etc\/passwd" escapes the archive root/],
    [[{ name: 'link', type: 'symlink', linkname: '/etc/passwd' }], /escapes the archive root/],
    [[{ name: 'hard', type: 'link', linkname: '../x' }], /hard link "hard" → "\.\.\/x" escapes/],
  ];
  for (const [entries, re] of cases) await assert.rejects(ingest(new FakeContent(), await rawTar(entries)), re);
  // A manifest.json pointing outside is refused the same way.
  const content = new FakeContent();
  const c = await ingest(content, await rawTar([{ name: 'manifest.json', type: 'file', data: JSON.stringify([{ Config: '../c.json', RepoTags: [], Layers: [] }]) }]));
  await assert.rejects(dockerArchiveImages(c, target(content)), /"\.\.\/c\.json" escapes the archive root/);
  // Inside-the-archive `..` is fine.
  const ok = await ingest(new FakeContent(), await rawTar([{ name: 'a/../b', type: 'file', data: 'x' }]));
  assert.ok(ok.files.has('b'));
});

test('a blob whose bytes do not match its digest name fails with a digest error', async () => {
  const good = Buffer.from('good');
  const tar = await rawTar([{ name: `blobs/sha256/${hexOf(sha(good))}`, type: 'file', data: 'evil' }]);
  const content = new FakeContent();
  await assert.rejects(ingest(content, tar), /blobs\/sha256\/[0-9a-f]{64}: digest mismatch: the content hashes to sha256:/);
  assert.equal(content.blobs.size, 0);
  // Also when the store already holds the digest (containerd shares blobs between namespaces) and takes no bytes.
  const holding = new FakeContent();
  holding.put(good);
  await assert.rejects(ingest(holding, tar), /digest mismatch/);
  await assert.rejects(ingest(new FakeContent(), await rawTar([{ name: 'blobs/sha512/abc', type: 'file', data: 'x' }])), /unsupported digest algorithm sha512/);
});

test('OCI index.json names follow ctr images import', async () => {
  const now = new Date(2024, 4, 7);
  assert.equal(ociEntryName({ 'io.containerd.image.name': 'busybox:1', 'org.opencontainers.image.ref.name': '1' }, now), 'docker.io/library/busybox:1');
  assert.equal(ociEntryName({ 'org.opencontainers.image.ref.name': 'example.com/x:2' }, now), 'example.com/x:2');
  assert.equal(ociEntryName({ 'org.opencontainers.image.ref.name': 'latest' }, now), 'docker.io/library/import-2024-05-07:latest');
  assert.equal(ociEntryName(undefined, now), undefined);
  const m = Buffer.from('{}');
  const index = { schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(m), size: 2, annotations: { 'org.opencontainers.image.ref.name': 'v3' } }] };
  const c = await ingest(new FakeContent(), await rawTar([
    { name: 'oci-layout', type: 'file', data: '{"imageLayoutVersion":"1.0.0"}' },
    { name: 'index.json', type: 'file', data: JSON.stringify(index) },
  ]));
  assert.deepEqual(ociImages(c, now).map((i) => i.names), [['docker.io/library/import-2024-05-07:v3']]);
  const bad = await ingest(new FakeContent(), await rawTar([{ name: 'oci-layout', type: 'file', data: '{"imageLayoutVersion":"9"}' }, { name: 'index.json', type: 'file', data: '{"manifests":[]}' }]));
  assert.throws(() => ociImages(bad, now), /unsupported OCI layout version "9"/);
});

test('a layer-less image ("Layers": null, as BuildKit writes FROM scratch) loads with no layers', async () => {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [] } }));
  const content = new FakeContent();
  const c = await ingest(content, await rawTar([
    { name: 'c.json', type: 'file', data: config },
    { name: 'manifest.json', type: 'file', data: JSON.stringify([{ Config: 'c.json', RepoTags: ['scratchy:1'], Layers: null }]) },
  ]));
  const images = await dockerArchiveImages(c, target(content));
  assert.equal(images.length, 1);
  assert.deepEqual(images[0]?.names, ['docker.io/library/scratchy:1']);
  const manifest = JSON.parse((content.blobs.get(images[0]?.target.digest ?? '')?.data ?? Buffer.from('{}')).toString()) as { layers?: unknown[] };
  assert.deepEqual(manifest.layers, []);
});

test('withLayers: a manifest with "layers": null has no layers; other documents are left alone', async () => {
  const { withLayers, detectManifestType } = await import('../../../src/oci/media-types');
  assert.deepEqual(withLayers({ config: { digest: 'x' }, layers: null }), { config: { digest: 'x' }, layers: [] });
  assert.deepEqual(withLayers({ manifests: [] }), { manifests: [] });
  assert.equal(detectManifestType(Buffer.from(JSON.stringify({ schemaVersion: 2, config: { digest: 'x' }, layers: null }))), 'application/vnd.oci.image.manifest.v1+json');
});
