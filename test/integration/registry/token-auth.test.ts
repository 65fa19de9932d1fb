/**
 * Token authentication end to end: test/harness/token-server.ts fronts the harness registry with Docker's
 * token protocol; credentials come from a temp docker config.json (`auths` with base64 `auth`, or an
 * `identitytoken`). Pull-side resolve/fetch and push through it work; wrong credentials give one line.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { loadHarness, uniqueName } from '../../harness/env';
import { startTokenServer, type TokenServer } from '../../harness/token-server';
import { RegistryClient } from '../../../src/registry/client';
import { credentialsProvider } from '../../../src/registry/credentials';
import { RegistryAuthError } from '../../../src/registry/errors';
import { MediaType, type ImageManifest } from '../../../src/oci/media-types';
import { sha256Of } from '../../../src/registry/digest';

const h = loadHarness();
const repoPath = h.images.busybox.slice(h.registryHost.length + 1).replace(/:latest$/, '');

async function setup(t: TestContext, auth: Record<string, unknown> | undefined): Promise<{ ts: TokenServer; client: RegistryClient }> {
  const ts = await startTokenServer({ upstream: h.registryHost, refreshToken: 'refresh-xyz' });
  t.after(() => ts.close());
  const dir = await mkdtemp(join(tmpdir(), 'tsctl-docker-config-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  if (auth !== undefined) await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [ts.host]: auth } }), { mode: 0o600 });
  const client = new RegistryClient({ credentials: credentialsProvider({ configDir: dir }), retry: { attempts: 2, baseDelayMs: 5 } });
  t.after(() => client.close());
  return { ts, client };
}

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

test('resolve and fetch through a token-protected registry with config.json credentials', async (t) => {
  const { ts, client } = await setup(t, { auth: Buffer.from('testuser:testpass').toString('base64') });
  const ref = `${ts.host}/${repoPath}:latest`;
  const { descriptor, bytes } = await client.resolve(ref);
  assert.equal(descriptor.digest, h.imageDigests.busybox);
  const manifest = JSON.parse(bytes.toString('utf8')) as ImageManifest;
  const config = await collect(client.fetchBlob(ref, manifest.config));
  assert.equal(sha256Of(config), manifest.config.digest);
  const layer = manifest.layers[0];
  assert.ok(layer !== undefined);
  assert.equal((await collect(client.fetchBlob(ref, layer))).length, layer.size);
  const pulls = ts.tokenRequests.filter((r) => r.scopes.includes(`repository:${repoPath}:pull`));
  assert.equal(pulls.length, 1, 'one token serves manifest, config and layer (cached per scope)');
  assert.equal(pulls[0]?.method, 'GET');
  assert.equal(pulls[0]?.grant, 'basic');
});

test('push through the token server uses pull,push scope and mounts with the source scope', async (t) => {
  const { ts, client } = await setup(t, { auth: Buffer.from('testuser:testpass').toString('base64') });
  const dst = `${ts.host}/tsctl-test/${uniqueName('tokpush')}`;
  const bytes = randomBytes(10_000);
  const desc = { mediaType: MediaType.ociLayer, digest: sha256Of(bytes), size: bytes.length };
  assert.equal(await client.blobExists(dst, desc.digest), false);
  await client.uploadBlob(dst, desc, async function* () {
    yield bytes;
  });
  assert.equal(await client.blobExists(dst, desc.digest), true);
  const big = randomBytes(10_000);
  const bigDesc = { mediaType: MediaType.ociLayer, digest: sha256Of(big), size: big.length };
  await client.uploadBlob(dst, bigDesc, async function* () {
    yield big.subarray(0, 3000);
    yield big.subarray(3000);
  }, { chunkSize: 4096 });
  const patches = ts.requests.filter((r) => r.method === 'PATCH' && r.allowed);
  assert.equal(patches.length, 3, 'chunked upload: 4096 + 4096 + 1808');
  assert.ok(ts.requests.some((r) => r.method === 'PUT' && r.path.includes(`digest=${encodeURIComponent(bigDesc.digest)}`) && r.path.includes('_state=')), 'closing PUT keeps the Location query');
  assert.equal(await client.blobExists(dst, bigDesc.digest), true);
  const src = `${ts.host}/${repoPath}`;
  const manifest = JSON.parse((await client.resolve(`${src}:latest`)).bytes.toString('utf8')) as ImageManifest;
  assert.equal(await client.mountBlob(dst, manifest.config.digest, src), true);
  const pushScope = `repository:${dst.slice(ts.host.length + 1)}:pull,push`;
  assert.ok(ts.tokenRequests.some((r) => r.scopes.includes(pushScope) && r.scopes.includes(`repository:${repoPath}:pull`)), JSON.stringify(ts.tokenRequests));
});

test('an identity token in config.json uses the OAuth refresh_token grant', async (t) => {
  const { ts, client } = await setup(t, { identitytoken: 'refresh-xyz' });
  const { descriptor } = await client.resolve(`${ts.host}/${repoPath}:latest`);
  assert.equal(descriptor.digest, h.imageDigests.busybox);
  assert.ok(ts.tokenRequests.some((r) => r.method === 'POST' && r.grant === 'refresh_token'));
});

test('wrong password and no credentials give one-line unauthorized errors', async (t) => {
  const bad = await setup(t, { auth: Buffer.from('testuser:wrong').toString('base64') });
  const ref = `${bad.ts.host}/${repoPath}:latest`;
  await assert.rejects(bad.client.resolve(ref), (e: unknown) => {
    assert.ok(e instanceof RegistryAuthError, String(e));
    assert.equal(e.message, `Get "http://${bad.ts.host}/v2/${repoPath}/manifests/latest": unauthorized: incorrect username or password`);
    return true;
  });
  await assert.rejects(bad.client.checkLogin(bad.ts.host), (e: unknown) => e instanceof RegistryAuthError && e.message === `Get "http://${bad.ts.host}/v2/": unauthorized: incorrect username or password`);
  const none = await setup(t, undefined);
  await assert.rejects(none.client.resolve(`${none.ts.host}/${repoPath}:latest`), (e: unknown) => e instanceof RegistryAuthError && !e.message.includes('\n') && /unauthorized/.test(e.message));
  const good = await setup(t, { auth: Buffer.from('testuser:testpass').toString('base64') });
  await good.client.checkLogin(good.ts.host);
});
