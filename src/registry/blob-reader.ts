/**
 * Streams one blob as a continuous sequence of Buffers across reconnects, verifying its sha256.
 *
 * - Never buffers the blob: chunks are passed on as they arrive (one chunk is held back so that a digest
 *   mismatch is raised before the consumer has seen every byte).
 * - Resuming: a connection reset, timeout or short body mid-stream reconnects with `Range: bytes=<pos>-` and
 *   continues at the byte already delivered; a 206 must start at that byte; a 200 (no range support) is
 *   skipped up to it. The retry budget restarts whenever bytes arrived since the last failure.
 * - `offset`: start delivering at that byte. The hash still covers the whole blob: pass `prefixHash` (a sha256
 *   already fed with bytes [0, offset), e.g. from a partial ingest) to download only the rest; without it the
 *   first `offset` bytes are downloaded and hashed but not delivered.
 */
import type { Hash } from 'node:crypto';
import { digestOf, sha256Hasher } from './digest';
import { DigestMismatchError, RegistryResponseError, RegistryUnavailableError, networkError } from './errors';
import type { Descriptor } from '../oci/media-types';
import { InvalidArgumentError, TsctlError } from '../errors/index';
import { backoffMs, cancelled, isRetryable, wait, type HttpResponse, type RetryPolicy } from './transport';

export interface FetchBlobOptions {
  /** First byte to deliver (default 0). */
  offset?: number;
  /** sha256 state covering bytes [0, offset) of the blob. */
  prefixHash?: Hash;
  signal?: AbortSignal;
}

/** Opens the blob from byte `from` (sends `Range` when > 0); throws mapped errors for unexpected statuses. */
export type BlobOpener = (from: number) => Promise<HttpResponse>;

function contentRangeStart(v: string | string[] | undefined): number | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  const m = s === undefined ? null : /^bytes\s+(\d+)-\d+\/(?:\d+|\*)$/i.exec(s.trim());
  return m === null ? undefined : Number(m[1]);
}

class ShortRead extends Error {
  constructor() {
    super('unexpected EOF');
  }
}

export async function* readBlob(open: BlobOpener, desc: Descriptor, retry: RetryPolicy, opts: FetchBlobOptions = {}): AsyncGenerator<Buffer> {
  const start = opts.offset ?? 0;
  const size = desc.size;
  if (start < 0 || (size >= 0 && start > size)) {
    throw new InvalidArgumentError(`invalid offset ${start} for blob ${desc.digest} of ${size} bytes`);
  }
  const hash = opts.prefixHash ?? sha256Hasher();
  let pos = opts.prefixHash !== undefined ? start : 0; // next byte to hash
  let held: Buffer | undefined;
  let failures = 0;
  let lastUrl = '';
  let done = size >= 0 && pos >= size;
  while (!done) {
    let res: HttpResponse | undefined;
    const before = pos;
    try {
      res = await open(pos);
      lastUrl = res.url;
      let skip = pos; // 200: the whole blob again
      if (res.statusCode === 206) {
        const first = contentRangeStart(res.headers['content-range']);
        if (first === undefined || first > pos) {
          throw new RegistryResponseError(`range request for ${desc.digest} from byte ${pos} answered with ${String(res.headers['content-range'])}`);
        }
        skip = pos - first;
      } else if (res.statusCode === 416 && pos === size) {
        await res.body.dump();
        break;
      }
      for await (const raw of res.body) {
        let chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as Uint8Array);
        if (skip > 0) {
          const n = Math.min(skip, chunk.length);
          skip -= n;
          chunk = chunk.subarray(n);
          if (chunk.length === 0) continue;
        }
        if (size >= 0 && pos + chunk.length > size) {
          throw new DigestMismatchError(desc.digest, '', `failed to verify digest ${desc.digest}: more than the expected ${size} bytes received`);
        }
        hash.update(chunk);
        const chunkStart = pos;
        pos += chunk.length;
        if (pos <= start) continue;
        const out = chunkStart < start ? chunk.subarray(start - chunkStart) : chunk;
        if (held !== undefined) yield held;
        held = out;
      }
      res = undefined;
      if (size >= 0 && pos < size) throw new ShortRead();
      done = true;
    } catch (e) {
      if (res !== undefined && !res.body.destroyed) res.body.destroy();
      if (opts.signal?.aborted === true) throw cancelled(opts.signal, e);
      if (e instanceof TsctlError && !(e instanceof RegistryUnavailableError)) throw e;
      const err =
        e instanceof RegistryUnavailableError ? e
        : e instanceof ShortRead ? new RegistryUnavailableError(`Get "${lastUrl}": unexpected EOF`, 'UND_ERR_SOCKET', { url: lastUrl })
        : networkError('GET', lastUrl, e);
      if (!isRetryable(err)) throw err;
      if (pos > before) failures = 0;
      failures += 1;
      if (failures >= retry.attempts) throw err;
      await wait(backoffMs(retry, failures), opts.signal);
    }
  }
  const actual = digestOf(hash);
  if (actual !== desc.digest) {
    throw new DigestMismatchError(desc.digest, actual, `failed to verify digest ${desc.digest}: content has digest ${actual} (${pos} bytes)`);
  }
  if (held !== undefined) yield held;
}
