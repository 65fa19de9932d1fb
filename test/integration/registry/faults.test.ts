/**
 * RegistryClient against a tiny misbehaving registry (node:http on 127.0.0.1, started by the test): wrong bytes,
 * connections reset mid-blob (with and without Range support), 503/429 with Retry-After, redirects to another
 * origin, cancellation. The client must complete and verify, or fail with one clear line.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { RegistryClient } from '../../../src/registry/client';
import { DigestMismatchError, RegistryResponseError } from '../../../src/registry/errors';
import { MediaType } from '../../../src/oci/media-types';
import { CancelledError } from '../../../src/errors/index';

const blob = randomBytes(1_500_000);
const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
const desc = { mediaType: MediaType.ociLayerGzip, digest, size: blob.length };
const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: desc, layers: [] }));

interface Seen {
  method: string;
  path: string;
  range: string | undefined;
}

async function listen(t: TestContext, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; host: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function rangeStart(req: IncomingMessage): number {
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  return m === null ? 0 : Number(m[1]);
}

/** Serves the blob honouring Range (or not); `cut(n)` tells after how many body bytes request n dies (undefined: never). */
function serveBlob(req: IncomingMessage, res: ServerResponse, honourRange: boolean, cutAfter: number | undefined): void {
  const from = honourRange ? rangeStart(req) : 0;
  const body = blob.subarray(from);
  const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream', 'content-length': body.length, 'docker-content-digest': digest };
  if (from > 0) headers['content-range'] = `bytes ${from}-${blob.length - 1}/${blob.length}`;
  res.writeHead(from > 0 ? 206 : 200, headers);
  if (cutAfter === undefined) {
    res.end(body);
    return;
  }
  res.write(body.subarray(0, cutAfter), () => setTimeout(() => res.socket?.destroy(), 20));
}

async function fakeRegistry(t: TestContext, blobHandler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<{ host: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  let blobRequests = 0;
  const { host } = await listen(t, (req, res) => {
    const path = req.url ?? '/';
    seen.push({ method: req.method ?? '', path, range: req.headers.range });
    if (path === '/v2/') {
      res.writeHead(200, { 'content-length': 2 }).end('{}');
    } else if (path.includes('/blobs/')) {
      blobRequests += 1;
      blobHandler(req, res, blobRequests);
    } else if (path.includes('/manifests/')) {
      res.writeHead(200, { 'content-type': MediaType.ociManifest, 'content-length': manifest.length }).end(manifest);
    } else res.writeHead(404).end();
  });
  return { host, seen };
}

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

const newClient = (t: TestContext): RegistryClient => {
  const c = new RegistryClient({ retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 50 } });
  t.after(() => c.close());
  return c;
};

test('wrong bytes from the registry fail verification', async (t) => {
  const { host } = await fakeRegistry(t, (_req, res) => {
    const wrong = Buffer.from(blob);
    wrong[1000] = (wrong[1000] ?? 0) ^ 1;
    res.writeHead(200, { 'content-length': wrong.length }).end(wrong);
  });
  await assert.rejects(collect(newClient(t).fetchBlob(`${host}/faulty/x`, desc)), (e: unknown) => e instanceof DigestMismatchError && e.message.startsWith(`failed to verify digest ${digest}: content has digest sha256:`) && !e.message.includes('\n'));
});

test('a connection reset mid-blob resumes with Range and completes verified', async (t) => {
  const { host, seen } = await fakeRegistry(t, (req, res, n) => serveBlob(req, res, true, n <= 2 ? 400_000 : undefined));
  const got = await collect(newClient(t).fetchBlob(`${host}/reset/x`, desc));
  assert.ok(got.equals(blob));
  const ranges = seen.filter((s) => s.path.includes('/blobs/')).map((s) => s.range);
  assert.deepEqual(ranges, [undefined, 'bytes=400000-', 'bytes=800000-']);
});

test('a registry without Range support is re-read and skipped to the resume point', async (t) => {
  const { host, seen } = await fakeRegistry(t, (req, res, n) => serveBlob(req, res, false, n === 1 ? 700_000 : undefined));
  const got = await collect(newClient(t).fetchBlob(`${host}/norange/x`, desc));
  assert.ok(got.equals(blob));
  assert.equal(seen.filter((s) => s.path.includes('/blobs/')).length, 2);
});

test('503 and 429 with Retry-After are retried; a registry that keeps failing gives one line', async (t) => {
  const { host } = await fakeRegistry(t, (req, res, n) => {
    if (n === 1) res.writeHead(503, { 'retry-after': '0', 'content-length': 0 }).end();
    else if (n === 2) res.writeHead(429, { 'retry-after': '1', 'content-length': 0 }).end();
    else serveBlob(req, res, true, undefined);
  });
  const started = Date.now();
  assert.ok((await collect(newClient(t).fetchBlob(`${host}/flaky/x`, desc))).equals(blob));
  assert.ok(Date.now() - started >= 900, 'Retry-After: 1 was honoured');
  const down = await fakeRegistry(t, (_req, res) => void res.writeHead(500, { 'content-length': 0 }).end());
  await assert.rejects(collect(newClient(t).fetchBlob(`${down.host}/down/x`, desc)), (e: unknown) => e instanceof RegistryResponseError && e.message === `unexpected status from GET request to http://${down.host}/v2/down/x/blobs/${digest}: 500 Internal Server Error`);
});

test('blob redirects to another origin are followed', async (t) => {
  const storage = await listen(t, (req, res) => {
    assert.equal(req.headers.authorization, undefined);
    serveBlob(req, res, true, undefined);
  });
  const { host } = await fakeRegistry(t, (_req, res) => void res.writeHead(307, { location: `http://${storage.host}/storage/${digest}?sig=abc`, 'content-length': 0 }).end());
  assert.ok((await collect(newClient(t).fetchBlob(`${host}/redirect/x`, desc))).equals(blob));
});

test('cancellation stops a download with CancelledError', async (t) => {
  const { host } = await fakeRegistry(t, (_req, res) => {
    res.writeHead(200, { 'content-length': blob.length });
    res.write(blob.subarray(0, 100_000)); // then stall
  });
  const ac = new AbortController();
  const it = newClient(t).fetchBlob(`${host}/stall/x`, desc, { signal: ac.signal });
  setTimeout(() => ac.abort(), 200);
  await assert.rejects(collect(it), CancelledError);
});
