/**
 * Extra registry fixtures for image tests, pushed with plain Distribution API calls (not tsctl's code):
 * a 4-layer image (busybox + three small gzip layers) as a two-platform OCI index (host arch + another arch,
 * same layers, different configs).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import { blob, buildBusyboxImage, expectStatus, ociArch, pushBlob, OCI_CONFIG, OCI_INDEX, OCI_LAYER_GZIP, OCI_MANIFEST, type Blob } from './image';
import { createHash } from 'node:crypto';

const FIXED = new Date('2024-01-01T00:00:00Z');

async function fileLayer(name: string, content: string): Promise<{ gz: Blob; diffId: string }> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(Buffer.from(c as Uint8Array)));
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  pack.entry({ name: 'data/', type: 'directory', mode: 0o755, mtime: FIXED });
  pack.entry({ name: `data/${name}`, mode: 0o644, mtime: FIXED }, content);
  pack.finalize();
  await done;
  const tar = Buffer.concat(chunks);
  return { gz: blob(gzipSync(tar, { level: 9 })), diffId: `sha256:${createHash('sha256').update(tar).digest('hex')}` };
}

export interface MultiPlatformImage {
  ref: string;
  indexDigest: string;
  manifests: Record<string, string>;
  layers: string[];
}

/** Pushes `<registryHost>/<repo>:<tag>`: an index of two 4-layer manifests (host arch and one other). */
export async function pushMultiLayerIndex(dir: string, registryHost: string, repo: string, tag: string): Promise<MultiPlatformImage> {
  const base = `http://${registryHost}`;
  const bb = await buildBusyboxImage(dir);
  const bbLayer = blob(await readFile(join(bb.layoutDir, 'blobs', 'sha256', bb.layerDigest.slice(7))));
  const bbConfig = JSON.parse((await readFile(join(bb.layoutDir, 'blobs', 'sha256', bb.configDigest.slice(7)))).toString()) as { rootfs: { diff_ids: string[] } };
  const extra = await Promise.all([1, 2, 3].map((i) => fileLayer(`layer${i}.txt`, `layer ${i}\n`.repeat(1000 * i))));
  const layers = [bbLayer, ...extra.map((e) => e.gz)];
  const diffIds = [bbConfig.rootfs.diff_ids[0] ?? '', ...extra.map((e) => e.diffId)];
  for (const l of layers) await pushBlob(base, repo, l);
  const host = ociArch();
  const other = host === 'amd64' ? 'arm64' : 'amd64';
  const manifests: Record<string, string> = {};
  const entries = [];
  for (const arch of [host, other]) {
    const config = blob(Buffer.from(JSON.stringify({
      architecture: arch, os: 'linux', created: '2024-01-01T00:00:00Z',
      config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'], Labels: { fixture: 'multi' } },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: diffIds.map((_, i) => ({ created: '2024-01-01T00:00:00Z', created_by: `layer ${i}` })),
    })));
    await pushBlob(base, repo, config);
    const manifest = blob(Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: config.digest, size: config.bytes.length },
      layers: layers.map((l) => ({ mediaType: OCI_LAYER_GZIP, digest: l.digest, size: l.bytes.length })),
    })));
    const put = await fetch(`${base}/v2/${repo}/manifests/${manifest.digest}`, { method: 'PUT', headers: { 'content-type': OCI_MANIFEST }, body: manifest.bytes });
    await expectStatus(put, 201, `push manifest ${arch}`);
    manifests[arch] = manifest.digest;
    entries.push({ mediaType: OCI_MANIFEST, digest: manifest.digest, size: manifest.bytes.length, platform: { architecture: arch, os: 'linux' } });
  }
  const index = blob(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: entries })));
  const put = await fetch(`${base}/v2/${repo}/manifests/${tag}`, { method: 'PUT', headers: { 'content-type': OCI_INDEX }, body: index.bytes });
  await expectStatus(put, 201, 'push index');
  return { ref: `${registryHost}/${repo}:${tag}`, indexDigest: index.digest, manifests, layers: layers.map((l) => l.digest) };
}

/**
 * Pushes a busybox-based image with one extra layer of random bytes (`/data/random.bin`, `size` bytes), so its
 * blobs are in no containerd namespace yet (containerd shares content between namespaces).
 */
export async function pushUniqueImage(dir: string, registryHost: string, repo: string, size = 512 * 1024): Promise<{ ref: string; randomLayer: string }> {
  const base = `http://${registryHost}`;
  const bb = await buildBusyboxImage(dir);
  const bbLayer = blob(await readFile(join(bb.layoutDir, 'blobs', 'sha256', bb.layerDigest.slice(7))));
  const bbConfig = JSON.parse((await readFile(join(bb.layoutDir, 'blobs', 'sha256', bb.configDigest.slice(7)))).toString()) as { rootfs: { diff_ids: string[] } };
  const { randomBytes } = await import('node:crypto');
  const extra = await fileLayer('random.bin', randomBytes(size).toString('base64'));
  for (const l of [bbLayer, extra.gz]) await pushBlob(base, repo, l);
  const config = blob(Buffer.from(JSON.stringify({
    architecture: ociArch(), os: 'linux', created: new Date().toISOString(),
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: [bbConfig.rootfs.diff_ids[0] ?? '', extra.diffId] },
  })));
  await pushBlob(base, repo, config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: config.digest, size: config.bytes.length },
    layers: [bbLayer, extra.gz].map((l) => ({ mediaType: OCI_LAYER_GZIP, digest: l.digest, size: l.bytes.length })),
  }));
  const put = await fetch(`${base}/v2/${repo}/manifests/latest`, { method: 'PUT', headers: { 'content-type': OCI_MANIFEST }, body: manifest });
  await expectStatus(put, 201, 'push unique manifest');
  return { ref: `${registryHost}/${repo}:latest`, randomLayer: extra.gz.digest };
}
