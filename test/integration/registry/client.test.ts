/**
 * RegistryClient against the real harness registry (Distribution, plain HTTP on 127.0.0.1): resolve and fetch
 * the busybox image the harness pushed, push blobs (monolithic and chunked) and a manifest to a new repository,
 * cross-repository mount, HEAD, resumed downloads, tag listing, Docker's not-found and connection texts.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { loadHarness, uniqueName } from '../../harness/env';
import { RegistryClient } from '../../../src/registry/client';
import { MediaType, type ImageManifest } from '../../../src/oci/media-types';
import { parseReference } from '../../../src/registry/reference';
import { sha256Of } from '../../../src/registry/digest';
import { RegistryNotFoundError, RegistryUnavailableError } from '../../../src/registry/errors';

const h = loadHarness();
const client = (): RegistryClient => new RegistryClient({ userAgent: 'tsctl-test', retry: { attempts: 3, baseDelayMs: 20 } });

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

async function* once(b: Buffer, piece = 8192): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += piece) yield b.subarray(i, i + piece);
}

test('resolve the harness busybox image and fetch manifest, config and layer with verification', async (t) => {
  const c = client();
  t.after(() => c.close());
  const ref = parseReference(h.images.busybox);
  const { descriptor, bytes } = await c.resolve(ref);
  assert.equal(descriptor.digest, h.imageDigests.busybox);
  assert.equal(descriptor.mediaType, MediaType.ociManifest);
  assert.equal(descriptor.size, bytes.length);
  const byDigest = await c.resolve(ref.withDigest(descriptor.digest));
  assert.ok(byDigest.bytes.equals(bytes));
  assert.ok((await c.fetchManifest(ref, descriptor.digest)).equals(bytes));
  const manifest = JSON.parse(bytes.toString('utf8')) as ImageManifest;
  const config = await collect(c.fetchBlob(ref, manifest.config));
  assert.equal(sha256Of(config), manifest.config.digest);
  assert.equal((JSON.parse(config.toString('utf8')) as { os: string }).os, 'linux');
  const [layer] = manifest.layers;
  assert.ok(layer !== undefined);
  let chunks = 0;
  const parts: Buffer[] = [];
  for await (const chunk of c.fetchBlob(ref, layer)) {
    chunks += 1;
    parts.push(chunk);
  }
  const blob = Buffer.concat(parts);
  assert.ok(chunks > 1, 'the layer arrives as a stream of chunks');
  assert.equal(blob.length, layer.size);
  assert.ok(gunzipSync(blob).length > blob.length);
});

test('resumed download from an offset (with and without a prefix hash)', async (t) => {
  const c = client();
  t.after(() => c.close());
  const ref = parseReference(h.images.busybox);
  const manifest = JSON.parse((await c.resolve(ref)).bytes.toString('utf8')) as ImageManifest;
  const layer = manifest.layers[0];
  assert.ok(layer !== undefined);
  const full = await collect(c.fetchBlob(ref, layer));
  const offset = Math.floor(layer.size / 3);
  const prefixHash = createHash('sha256').update(full.subarray(0, offset));
  const tail = await collect(c.fetchBlob(ref, layer, { offset, prefixHash }));
  assert.ok(tail.equals(full.subarray(offset)));
  const tail2 = await collect(c.fetchBlob(ref, layer, { offset }));
  assert.ok(tail2.equals(full.subarray(offset)));
  const wrongPrefix = createHash('sha256').update(Buffer.alloc(offset));
  await assert.rejects(collect(c.fetchBlob(ref, layer, { offset, prefixHash: wrongPrefix })), /^Error: failed to verify digest|failed to verify digest/);
});

test('push blobs (monolithic and chunked) and a manifest to a new repository, then resolve it back', async (t) => {
  const c = client();
  t.after(() => c.close());
  const repo = parseReference(`${h.registryHost}/tsctl-test/${uniqueName('push')}:v1`);
  const layerBytes = randomBytes(300_000);
  const layer = { mediaType: MediaType.ociLayer, digest: sha256Of(layerBytes), size: layerBytes.length };
  const configBytes = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } }));
  const config = { mediaType: MediaType.ociConfig, digest: sha256Of(configBytes), size: configBytes.length };
  assert.equal(await c.blobExists(repo, layer.digest), false);
  let reads = 0;
  await c.uploadBlob(repo, layer, () => {
    reads += 1;
    return once(layerBytes, 50_000);
  }, { chunkSize: 64 * 1024 });
  assert.equal(reads, 1);
  await c.uploadBlob(repo, config, () => once(configBytes));
  assert.equal(await c.blobExists(repo, layer.digest), true);
  assert.equal(await c.blobExists(repo, config.digest), true);
  assert.ok((await collect(c.fetchBlob(repo, layer))).equals(layerBytes));
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config, layers: [layer] }));
  const digest = await c.putManifest(repo, 'v1', MediaType.ociManifest, manifest);
  assert.equal(digest, sha256Of(manifest));
  const back = await c.resolve(repo);
  assert.equal(back.descriptor.digest, digest);
  assert.ok(back.bytes.equals(manifest));
  assert.equal(await c.putManifest(repo, digest, MediaType.ociManifest, manifest), digest);
  await c.putManifest(repo, 'v2', MediaType.ociManifest, manifest);
  assert.deepEqual((await c.listTags(repo)).sort(), ['v1', 'v2']);
  await assert.rejects(c.uploadBlob(repo, { ...layer, digest: sha256Of('other') }, () => once(layerBytes)), /digest invalid|blob upload invalid|unexpected status/);
});

test('cross-repository mount from tsctl-test/busybox', async (t) => {
  const c = client();
  t.after(() => c.close());
  const src = parseReference(h.images.busybox);
  const manifest = JSON.parse((await c.resolve(src)).bytes.toString('utf8')) as ImageManifest;
  const layer = manifest.layers[0];
  assert.ok(layer !== undefined);
  const dst = parseReference(`${h.registryHost}/tsctl-test/${uniqueName('mount')}`);
  assert.equal(await c.blobExists(dst, layer.digest), false);
  assert.equal(await c.mountBlob(dst, layer.digest, src), true);
  assert.equal(await c.blobExists(dst, layer.digest), true);
  const missing = sha256Of(randomBytes(16));
  assert.equal(await c.mountBlob(dst, missing, src), false, 'an unknown blob is not mounted (upload opened instead)');
});

test('not found: unknown tag, unknown repository, blob with a wrong digest', async (t) => {
  const c = client();
  t.after(() => c.close());
  const nope = parseReference(`${h.registryHost}/tsctl-test/busybox:nope`);
  await assert.rejects(c.resolve(nope), (e: unknown) => e instanceof RegistryNotFoundError && e.message === `manifest for ${h.registryHost}/tsctl-test/busybox:nope not found: manifest unknown: manifest unknown`);
  await assert.rejects(c.resolve(`${h.registryHost}/tsctl-test/${uniqueName('none')}:latest`), (e: unknown) => e instanceof RegistryNotFoundError && /not found: (name unknown: repository name not known to registry|manifest unknown: manifest unknown)$/.test(e.message));
  const ref = parseReference(h.images.busybox);
  const manifest = JSON.parse((await c.resolve(ref)).bytes.toString('utf8')) as ImageManifest;
  const wrong = { ...manifest.config, digest: sha256Of('definitely not the config') };
  await assert.rejects(collect(c.fetchBlob(ref, wrong)), (e: unknown) => e instanceof RegistryNotFoundError && e.message.startsWith(`blob ${wrong.digest} not found in ${h.registryHost}/tsctl-test/busybox: blob unknown`));
  await assert.rejects(c.fetchManifest(ref, sha256Of('x')), RegistryNotFoundError);
});

test('connection refused reads like Docker', async (t) => {
  const c = new RegistryClient({ retry: { attempts: 2, baseDelayMs: 1 } });
  t.after(() => c.close());
  await assert.rejects(c.resolve('127.0.0.1:1/x:y'), (e: unknown) => e instanceof RegistryUnavailableError && e.message === 'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused');
});

test('hosts.toml: a dead mirror is skipped; http with TLS settings tries https first, then falls back', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'tsctl-certs-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'mirrored.test'));
  await writeFile(
    join(root, 'mirrored.test', 'hosts.toml'),
    `server = "http://${h.registryHost}"\n[host."http://127.0.0.1:1"]\n  capabilities = ["pull", "resolve"]\n`,
  );
  await mkdir(join(root, 'fallback.test'));
  await writeFile(join(root, 'fallback.test', 'hosts.toml'), `server = "http://${h.registryHost}"\nskip_verify = true\n`);
  const c = new RegistryClient({ certsDir: root, retry: { attempts: 2, baseDelayMs: 1 } });
  t.after(() => c.close());
  const viaMirrorConfig = await c.resolve('mirrored.test/tsctl-test/busybox:latest');
  assert.equal(viaMirrorConfig.descriptor.digest, h.imageDigests.busybox);
  const viaFallback = await c.resolve('fallback.test/tsctl-test/busybox:latest');
  assert.equal(viaFallback.descriptor.digest, h.imageDigests.busybox);
  const manifest = JSON.parse(viaFallback.bytes.toString('utf8')) as ImageManifest;
  assert.equal(sha256Of(await collect(c.fetchBlob(parseReference('fallback.test/tsctl-test/busybox'), manifest.config))), manifest.config.digest);
});

test('an unknown host reads like Docker', async (t) => {
  const c = new RegistryClient({ retry: { attempts: 1 } });
  t.after(() => c.close());
  await assert.rejects(c.resolve('example.invalid/x:y'), (e: unknown) => e instanceof RegistryUnavailableError && e.message === 'Get "https://example.invalid/v2/": dial tcp: lookup example.invalid: no such host');
});
