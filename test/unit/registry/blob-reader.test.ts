import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { readBlob, type BlobOpener } from '../../../src/registry/blob-reader';
import { DigestMismatchError, RegistryUnavailableError } from '../../../src/registry/errors';
import type { HttpResponse } from '../../../src/registry/transport';

const data = randomBytes(100_000);
const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
const desc = { mediaType: 'application/octet-stream', digest, size: data.length };
const retry = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

interface Plan {
  /** Status to answer with for a ranged request (206 honours it, 200 ignores it). */
  status: 200 | 206;
  /** Fail after this many body bytes with a socket error (undefined: send all). */
  cutAfter?: number;
  /** Bytes to send instead of the real ones. */
  bytes?: Buffer;
}

function opener(plans: Plan[], log: number[]): BlobOpener {
  return async (from) => {
    log.push(from);
    const plan = plans.shift() ?? { status: 206 };
    const src = plan.bytes ?? data;
    const body = plan.status === 206 ? src.subarray(from) : src;
    const cut = plan.cutAfter;
    async function* gen(): AsyncGenerator<Buffer> {
      for (let i = 0; i < body.length; i += 7_000) {
        const end = Math.min(body.length, i + 7_000);
        if (cut !== undefined && end > cut) {
          if (cut > i) yield body.subarray(i, cut);
          throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
        }
        yield body.subarray(i, end);
      }
    }
    const stream = Object.assign(Readable.from(gen()), { dump: async (): Promise<void> => undefined });
    const headers: Record<string, string> = plan.status === 206 ? { 'content-range': `bytes ${from}-${src.length - 1}/${src.length}` } : {};
    return { statusCode: plan.status, headers, body: stream, url: 'http://fake/v2/x/blobs/' + digest } as unknown as HttpResponse;
  };
}

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

test('a plain download is delivered and verified', async () => {
  const log: number[] = [];
  assert.ok((await collect(readBlob(opener([{ status: 200 }], log), desc, retry))).equals(data));
  assert.deepEqual(log, [0]);
});

test('resets mid-stream resume at the delivered byte (206) and the stream stays continuous', async () => {
  const log: number[] = [];
  const out = await collect(readBlob(opener([{ status: 200, cutAfter: 30_000 }, { status: 206, cutAfter: 20_000 }, { status: 206 }], log), desc, retry));
  assert.ok(out.equals(data));
  assert.deepEqual(log, [0, 30_000, 50_000]);
});

test('a server ignoring Range (200) is skipped up to the resume point', async () => {
  const log: number[] = [];
  const out = await collect(readBlob(opener([{ status: 200, cutAfter: 45_000 }, { status: 200 }], log), desc, retry));
  assert.ok(out.equals(data));
  assert.deepEqual(log, [0, 45_000]);
});

test('offset with a prefix hash downloads only the rest; without it hashes the prefix but does not deliver it', async () => {
  const prefixHash = createHash('sha256').update(data.subarray(0, 60_000));
  const log: number[] = [];
  const tail = await collect(readBlob(opener([{ status: 206 }], log), desc, retry, { offset: 60_000, prefixHash }));
  assert.ok(tail.equals(data.subarray(60_000)));
  assert.deepEqual(log, [60_000]);
  const log2: number[] = [];
  const tail2 = await collect(readBlob(opener([{ status: 200 }], log2), desc, retry, { offset: 60_000 }));
  assert.ok(tail2.equals(data.subarray(60_000)));
  assert.deepEqual(log2, [0]);
});

test('wrong bytes fail with "failed to verify digest" before the last chunk is delivered', async () => {
  const wrong = Buffer.from(data);
  wrong[500] = (wrong[500] ?? 0) ^ 0xff;
  let delivered = 0;
  await assert.rejects(
    (async () => {
      for await (const c of readBlob(opener([{ status: 200, bytes: wrong }], []), desc, retry)) delivered += c.length;
    })(),
    (e: unknown) => e instanceof DigestMismatchError && e.message.startsWith(`failed to verify digest ${digest}: content has digest sha256:`),
  );
  assert.ok(delivered < data.length);
  await assert.rejects(collect(readBlob(opener([{ status: 200, bytes: Buffer.concat([data, Buffer.from('x')]) }], []), desc, retry)), /more than the expected 100000 bytes/);
});

test('the retry budget restarts after progress but ends a connection that keeps failing without it', async () => {
  const progress = Array.from({ length: 8 }, (_, i) => ({ status: 206 as const, cutAfter: 10_000 + i }));
  assert.ok((await collect(readBlob(opener([...progress, { status: 206 }], []), desc, retry))).equals(data));
  const stuck = Array.from({ length: 10 }, () => ({ status: 206 as const, cutAfter: 0 }));
  await assert.rejects(collect(readBlob(opener(stuck, []), desc, retry)), (e: unknown) => e instanceof RegistryUnavailableError && /^Get "http:\/\/fake\/v2\/x\/blobs\/sha256:[0-9a-f]+": read tcp /.test(e.message));
});

test('an empty blob needs no request', async () => {
  const empty = { mediaType: 'x', size: 0, digest: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' };
  const log: number[] = [];
  assert.equal((await collect(readBlob(opener([], log), empty, retry))).length, 0);
  assert.deepEqual(log, []);
});
