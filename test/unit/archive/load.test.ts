import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { Desc, DiffPort, LeasesPort, SnapshotsPort } from '../../../src/containerd/ports';
import { loadImages } from '../../../src/services/images/load';
import { saveImages } from '../../../src/services/images/save';
import { archiveLayout, layoutEntries } from '../../../src/services/images/archive/layout';
import { parseReference } from '../../../src/registry/reference';
import { FakeContent, FakeImages, chunked, gzip, hexOf, layerAndConfig, rawTar, sha, tarOf } from './fakes';

const host = { os: 'linux', architecture: 'amd64' };
const now = () => new Date(2024, 0, 2);

function fakeSnapshots(): SnapshotsPort & { committed: Set<string> } {
  const committed = new Set<string>();
  return {
    committed,
    stat: async (_s, key) => (committed.has(key) ? { name: key, parent: '', kind: 'committed', labels: {} } : undefined),
    prepare: async () => [],
    view: async () => [],
    mounts: async () => [],
    commit: async (_s, name) => void committed.add(name),
    remove: async () => undefined,
    usage: async () => ({ size: 0, inodes: 0 }),
  };
}

const fakeDiff = (content: FakeContent): DiffPort => ({
  apply: async (layer: Desc) => {
    const data = await content.readAll(layer.digest);
    const plain = layer.mediaType.endsWith('gzip') ? gunzipSync(data) : data;
    return { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha(plain), size: plain.length };
  },
  diff: async () => {
    throw new Error('not used by load');
  },
});

function fakeLeases(): LeasesPort & { active: number } {
  const l = {
    active: 0,
    async with<T>(fn: (lease: { id: string }) => Promise<T>): Promise<T> {
      l.active++;
      try {
        return await fn({ id: 'lease-x' });
      } finally {
        l.active--;
      }
    },
  };
  return l;
}

function env() {
  const content = new FakeContent();
  const images = new FakeImages();
  const snapshots = fakeSnapshots();
  const leases = fakeLeases();
  return { content, images, snapshots, leases, deps: { content, images, snapshots, leases, diff: fakeDiff(content), now } };
}

/** A source namespace with busybox:latest (gzip layer) and an archive of it saved by `refs`. */
async function savedArchive(refs: string[]): Promise<{ tar: Buffer; config: string; layer: string }> {
  const src = env();
  const { layer, config } = await layerAndConfig('bin/sh');
  const gz = gzip(layer);
  const layerDesc = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: src.content.put(gz), size: gz.length };
  const configDesc = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: src.content.put(config), size: config.length };
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: configDesc, layers: [layerDesc] }));
  const root = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: src.content.put(manifest), size: manifest.length };
  await src.images.put({ name: 'docker.io/library/busybox:latest', labels: {}, target: root });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await saveImages({ images: src.images, content: src.content }, { refs, host }, out);
  return { tar: Buffer.concat(chunks), config: configDesc.digest, layer: layerDesc.digest };
}

test('save → load round trip: records, unpacked snapshot, gc labels, lease released', async () => {
  const { tar, config, layer } = await savedArchive(['busybox']);
  const dst = env();
  const loaded = await loadImages(dst.deps, { snapshotter: 'overlayfs', host }, chunked(tar));
  assert.deepEqual(loaded, [{ name: 'busybox:latest', id: config }]);
  const rec = dst.images.records.get('docker.io/library/busybox:latest');
  assert.ok(rec);
  assert.equal((await dst.content.info(rec.target.digest))!.labels['containerd.io/gc.ref.content.l.0'], layer);
  assert.equal(dst.snapshots.committed.size, 1);
  assert.ok((await dst.content.info(config))!.labels['containerd.io/gc.ref.snapshot.overlayfs']);
  assert.equal(dst.leases.active, 0);
});

test('an image saved by ID loads under moby-dangling@<digest> (<none>) and reports its ID', async () => {
  // The source image is deterministic: learn its ID, then save it by an ID prefix.
  const { config } = await savedArchive(['busybox:latest']);
  const byId = await savedArchive([hexOf(config).slice(0, 12)]);
  const dst = env();
  const loaded = await loadImages(dst.deps, { snapshotter: 'overlayfs', host }, chunked(byId.tar));
  assert.deepEqual(loaded, [{ name: undefined, id: config }]);
  assert.deepEqual([...dst.images.records.keys()].map((k) => k.replace(/@sha256:[0-9a-f]{64}$/, '@…')), ['moby-dangling@…']);
});

test('a failure while naming undoes earlier records; a missing blob names nothing', async () => {
  const dst = env();
  await dst.images.put({ name: 'docker.io/library/keep:me', labels: {}, target: { mediaType: 'x', digest: sha('k'), size: 1 } });
  const cfg = await layerAndConfig('x');
  // Two names for the same image; the second put fails.
  const legacy = await rawTar([
    { name: 'layer.tar', type: 'file', data: cfg.layer },
    { name: 'c.json', type: 'file', data: cfg.config },
    { name: 'manifest.json', type: 'file', data: JSON.stringify([{ Config: 'c.json', RepoTags: ['a:1', 'b:1'], Layers: ['layer.tar'] }]) },
  ]);
  dst.images.failOn = 'docker.io/library/b:1';
  await assert.rejects(loadImages(dst.deps, { snapshotter: 'overlayfs', host }, chunked(legacy)), /put docker.io\/library\/b:1 failed/);
  assert.deepEqual([...dst.images.records.keys()], ['docker.io/library/keep:me']);
  dst.images.failOn = undefined;

  const missing = await rawTar([
    { name: 'c.json', type: 'file', data: cfg.config },
    { name: 'manifest.json', type: 'file', data: JSON.stringify([{ Config: 'c.json', RepoTags: ['a:1'], Layers: ['layer.tar'] }]) },
  ]);
  await assert.rejects(loadImages(dst.deps, { snapshotter: 'overlayfs', host }, chunked(missing)), /layer "layer.tar" not found in the archive/);
  assert.deepEqual([...dst.images.records.keys()], ['docker.io/library/keep:me']);
  assert.equal(dst.leases.active, 0);
});

test('an image for another platform is loaded but not unpacked', async () => {
  const { tar } = await savedArchive(['busybox']);
  const dst = env();
  const loaded = await loadImages(dst.deps, { snapshotter: 'overlayfs', host: { os: 'linux', architecture: 'arm64' } }, chunked(tar));
  assert.equal(loaded.length, 1);
  assert.equal(dst.snapshots.committed.size, 0);
});

test('an OCI index entry without a name takes the RepoTags of manifest.json (Docker archives from other tools)', async () => {
  const src = env();
  const { layer, config } = await layerAndConfig('f');
  const layerDesc = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: src.content.put(layer), size: layer.length };
  const configDesc = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: src.content.put(config), size: config.length };
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, config: configDesc, layers: [layerDesc] }));
  const root = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: src.content.put(manifest), size: manifest.length };
  const layout = archiveLayout([{ names: [parseReference('app:2')], root, config: configDesc, layers: [layerDesc], blobs: [root, configDesc, layerDesc] }]);
  for (const m of layout.index.manifests) delete m.annotations;
  const tar = await tarOf(layoutEntries(layout, (d) => src.content.read(d.digest)));
  const dst = env();
  const loaded = await loadImages(dst.deps, { snapshotter: 'overlayfs', host }, chunked(tar));
  assert.deepEqual(loaded, [{ name: 'app:2', id: configDesc.digest }]);
  assert.deepEqual([...dst.images.records.keys()], ['docker.io/library/app:2']);
});

test('a multi-platform index with only the host manifest present loads; nested indexes are followed', async () => {
  const src = new FakeContent();
  const { layer, config } = await layerAndConfig('f');
  const layerDesc = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: src.put(layer), size: layer.length };
  const configDesc = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: src.put(config), size: config.length };
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, config: configDesc, layers: [layerDesc] }));
  const mDesc = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: src.put(manifest), size: manifest.length };
  const index = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      { ...mDesc, digest: sha('absent arm64 manifest'), platform: { os: 'linux', architecture: 'arm64' } },
      { ...mDesc, platform: host },
    ],
  }));
  const iDesc = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: src.put(index), size: index.length };
  const outer = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [iDesc] }));
  const oDesc = { ...iDesc, digest: src.put(outer), size: outer.length };
  const blob = (d: { digest: string }) => ({ name: `blobs/sha256/${hexOf(d.digest)}`, type: 'file' as const, data: src.blobs.get(d.digest)!.data });
  const tar = await rawTar([
    { name: 'oci-layout', type: 'file', data: '{"imageLayoutVersion":"1.0.0"}' },
    { name: 'index.json', type: 'file', data: JSON.stringify({ schemaVersion: 2, manifests: [{ ...oDesc, annotations: { 'io.containerd.image.name': 'multi:1' } }] }) },
    blob(layerDesc), blob(configDesc), blob(mDesc), blob(iDesc), blob(oDesc),
  ]);
  const dst = env();
  const loaded = await loadImages(dst.deps, { snapshotter: 'overlayfs', host }, chunked(tar));
  assert.deepEqual(loaded, [{ name: 'multi:1', id: configDesc.digest }]);
  assert.equal(dst.images.records.get('docker.io/library/multi:1')?.target.digest, oDesc.digest);
  assert.equal(dst.snapshots.committed.size, 1, 'host manifest unpacked');
  assert.equal((await dst.content.info(iDesc.digest))!.labels['containerd.io/gc.ref.content.m.1'], mDesc.digest);
});
