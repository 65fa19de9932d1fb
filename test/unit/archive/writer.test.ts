import { test } from 'node:test';
import assert from 'node:assert/strict';
import tarStream from 'tar-stream';
import type { Desc } from '../../../src/containerd/ports';
import { archiveLayout, layoutEntries, type SaveImage } from '../../../src/services/images/archive/layout';
import { saveImages } from '../../../src/services/images/save';
import { parseReference } from '../../../src/registry/reference';
import { FakeContent, FakeImages, chunked, hexOf, layerAndConfig, sha, tarOf } from './fakes';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const host = { os: 'linux', architecture: 'amd64' };

interface Read {
  name: string;
  type: string;
  mode: number;
  mtime: number;
  uid: number;
  data: Buffer;
}

async function readTar(buf: Buffer): Promise<Read[]> {
  const out: Read[] = [];
  const ex = tarStream.extract();
  const feeding = (async () => {
    for await (const c of chunked(buf)) ex.write(c);
    ex.end(null);
  })();
  for await (const e of ex) {
    const parts: Buffer[] = [];
    for await (const c of e) parts.push(c as Buffer);
    out.push({ name: e.header.name, type: e.header.type, mode: e.header.mode, mtime: e.header.mtime.getTime(), uid: e.header.uid, data: Buffer.concat(parts) });
  }
  await feeding;
  return out;
}

/** Stores an image (manifest → config + layers) in `content`; returns its manifest descriptor and parts. */
async function storeImage(content: FakeContent, file: string, sharedLayer?: Buffer) {
  const { layer, config } = await layerAndConfig(file);
  const layers = [...(sharedLayer ? [sharedLayer] : []), layer];
  const layerDescs: Desc[] = layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: content.put(l), size: l.length }));
  const configDesc: Desc = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: content.put(config), size: config.length };
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: configDesc, layers: layerDescs }));
  const root: Desc = { mediaType: OCI_MANIFEST, digest: content.put(manifest), size: manifest.length };
  return { root, config: configDesc, layers: layerDescs, blobs: [root, configDesc, ...layerDescs], layer };
}

test('archiveLayout: manifest.json, index.json, repositories and entry order', async () => {
  const content = new FakeContent();
  const a = await storeImage(content, 'a.txt');
  const b = await storeImage(content, 'b.txt', a.layer);
  const images: SaveImage[] = [
    { names: [parseReference('busybox:latest'), parseReference('busybox:1')], root: a.root, config: a.config, layers: a.layers, blobs: a.blobs },
    { names: [parseReference('example.com:5000/team/app:v2')], root: b.root, config: b.config, layers: b.layers, blobs: b.blobs },
    { names: [], root: b.root, config: b.config, layers: b.layers, blobs: b.blobs },
  ];
  const layout = archiveLayout(images);
  assert.deepEqual(layout.manifest, [
    { Config: `blobs/sha256/${hexOf(a.config.digest)}`, RepoTags: ['busybox:latest', 'busybox:1'], Layers: [`blobs/sha256/${hexOf(a.layers[0]!.digest)}`] },
    { Config: `blobs/sha256/${hexOf(b.config.digest)}`, RepoTags: ['example.com:5000/team/app:v2'], Layers: b.layers.map((l) => `blobs/sha256/${hexOf(l.digest)}`) },
  ]);
  assert.deepEqual(layout.index.manifests.map((m) => m.annotations), [
    { 'io.containerd.image.name': 'docker.io/library/busybox:latest', 'org.opencontainers.image.ref.name': 'latest' },
    { 'io.containerd.image.name': 'docker.io/library/busybox:1', 'org.opencontainers.image.ref.name': '1' },
    { 'io.containerd.image.name': 'example.com:5000/team/app:v2', 'org.opencontainers.image.ref.name': 'v2' },
  ]);
  assert.deepEqual(layout.repositories, {
    busybox: { latest: hexOf(a.layers[0]!.digest), '1': hexOf(a.layers[0]!.digest) },
    'example.com:5000/team/app': { v2: hexOf(b.layers[1]!.digest) },
  });
  // The shared layer is stored once; blobs are sorted by digest.
  const digests = layout.blobs.map((d) => d.digest);
  assert.equal(new Set(digests).size, digests.length);
  assert.equal(digests.length, 6, "7 blobs, the shared layer once");
  assert.deepEqual(digests, [...digests].sort());

  const read = (d: Desc) => content.read(d.digest);
  const tar1 = await tarOf(layoutEntries(layout, read));
  const tar2 = await tarOf(layoutEntries(archiveLayout(images), read));
  assert.ok(tar1.equals(tar2), 'deterministic output');
  const entries = await readTar(tar1);
  assert.deepEqual(entries.map((e) => e.name), [
    'blobs/', 'blobs/sha256/', ...digests.map((d) => `blobs/sha256/${hexOf(d)}`), 'index.json', 'manifest.json', 'oci-layout', 'repositories',
  ]);
  for (const e of entries) {
    assert.equal(e.mtime, 0);
    assert.equal(e.uid, 0);
    assert.equal(e.mode, e.type === 'directory' ? 0o755 : 0o644);
    if (e.name.startsWith('blobs/sha256/') && e.type === 'file') assert.equal(sha(e.data), `sha256:${e.name.slice(13)}`);
  }
  assert.deepEqual(JSON.parse(entries.find((e) => e.name === 'oci-layout')!.data.toString()), { imageLayoutVersion: '1.0.0' });
  const index = JSON.parse(entries.find((e) => e.name === 'index.json')!.data.toString()) as { mediaType: string; manifests: Desc[] };
  assert.equal(index.mediaType, 'application/vnd.oci.image.index.v1+json');
  assert.deepEqual(index.manifests.map((m) => m.digest), [a.root.digest, a.root.digest, b.root.digest]);
});

test('saveImages: by tag, by bare repository (all tags), by ID (untagged)', async () => {
  const content = new FakeContent();
  const images = new FakeImages();
  const a = await storeImage(content, 'a.txt');
  const b = await storeImage(content, 'b.txt');
  await images.put({ name: 'docker.io/library/busybox:latest', labels: {}, target: a.root });
  await images.put({ name: 'docker.io/library/busybox:1', labels: {}, target: a.root });
  await images.put({ name: 'docker.io/library/other:x', labels: {}, target: b.root });
  const save = async (refs: string[]) => {
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await saveImages({ images, content }, { refs, host }, out);
    const entries = await readTar(Buffer.concat(chunks));
    return JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString()) as { RepoTags: string[] }[];
  };
  assert.deepEqual((await save(['busybox'])).map((m) => m.RepoTags), [['busybox:1', 'busybox:latest']]);
  assert.deepEqual((await save(['busybox:1', 'other:x'])).map((m) => m.RepoTags), [['busybox:1'], ['other:x']]);
  assert.deepEqual((await save([hexOf(b.config.digest).slice(0, 12)])).map((m) => m.RepoTags), [[]]);
  await assert.rejects(save(['nope:1']), /No such image: nope:1/);
  content.blobs.delete(a.layers[0]!.digest);
  await assert.rejects(save(['busybox:1']), /is missing from the content store/);
});
