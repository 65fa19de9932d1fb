/**
 * Content store streaming: Read (server stream of ≤1 MiB chunks) and Write (containerd's lockstep
 * STAT → WRITE… → COMMIT protocol, with resume from the server's offset and ALREADY_EXISTS meaning "have it").
 */
import { ContentService, WriteAction, WriteContentRequest, type WriteContentResponse } from './gen/containerd/services/content/v1/content';
import { ConflictError, InvalidArgumentError } from '../errors/index';
import type { CallOptions, MethodDef, Rpc } from './rpc';

/** Go's client writes 1 MiB chunks; the server's message limit is 16 MiB. */
export const WRITE_CHUNK = 1 << 20;
/** WRITE requests sent ahead of their responses (the server answers them in order). */
const WRITE_WINDOW = 4;

/** Content.Write whose WRITE requests may come already encoded (see encodeWrite). */
const WRITE_METHOD: MethodDef<WriteContentRequest | Buffer, WriteContentResponse> = {
  ...ContentService.write,
  requestSerialize: (v) => (Buffer.isBuffer(v) ? v : ContentService.write.requestSerialize(v)),
};

/**
 * A WRITE request encoded by hand with its data gathered from `pieces` in one copy (the generated encoder
 * would copy the data three times: into its chunk list, into `finish()`'s array, into a Buffer).
 */
export function encodeWrite(ref: string, offset: number, pieces: readonly Uint8Array[], size: number): Buffer {
  const head = WriteContentRequest.encode(req({ action: WriteAction.WRITE, ref, offset: BigInt(offset) })).finish();
  let lenBytes = 1;
  for (let v = size; v >= 0x80; v = Math.floor(v / 128)) lenBytes++;
  const out = Buffer.allocUnsafe(head.length + 1 + lenBytes + size);
  out.set(head, 0);
  let pos = head.length;
  out[pos++] = (6 << 3) | 2; // field 6 (data), length-delimited
  for (let v = size; ; v = Math.floor(v / 128)) {
    if (v < 0x80) {
      out[pos++] = v;
      break;
    }
    out[pos++] = (v & 0x7f) | 0x80;
  }
  for (const piece of pieces) {
    out.set(piece, pos);
    pos += piece.length;
  }
  if (pos !== out.length) throw new Error(`encodeWrite: ${pos} != ${out.length}`);
  return out;
}

export interface WriteParams {
  /** Ingest reference, e.g. "layer-sha256:…". */
  ref: string;
  expected: string;
  total: number;
  labels?: Record<string, string>;
}

export interface WriteResult {
  digest: string;
  size: number;
  /** The blob was already present; nothing was sent. */
  existed: boolean;
}

function req(p: Partial<WriteContentRequest> & { action: WriteAction }): WriteContentRequest {
  return { ref: '', total: 0n, expected: '', offset: 0n, data: Buffer.alloc(0), labels: {}, ...p };
}

export class ContentStreams {
  constructor(private readonly rpc: Rpc) {}

  /** Streams a blob (or a range of it). */
  async *read(digest: string, o: CallOptions & { offset?: number; size?: number } = {}): AsyncGenerator<Buffer> {
    const request = { digest, offset: BigInt(o.offset ?? 0), size: BigInt(o.size ?? 0) };
    for await (const msg of this.rpc.serverStream(ContentService.read, request, o)) yield msg.data;
  }

  /** Reads a whole (small) blob into memory: manifests, configs, indexes. */
  async readAll(digest: string, o: CallOptions = {}): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.read(digest, o)) parts.push(chunk);
    return Buffer.concat(parts);
  }

  /**
   * Writes a blob from `source`. If the server already holds part of this ref, `source` is asked to resume at
   * that offset. Returns once containerd has verified the digest and committed it.
   */
  async write(p: WriteParams, source: (offset: number) => AsyncIterable<Uint8Array>, o: CallOptions = {}): Promise<WriteResult> {
    // Another client (a concurrent pull of the same image) holds the ref: wait for it, as containerd's client
    // does; once it commits, STAT answers ALREADY_EXISTS.
    const deadline = Date.now() + 10 * 60_000;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      try {
        return await this.writeOnce(p, source, o);
      } catch (e) {
        if (!(e instanceof ConflictError && e.code === 'CONFLICT' && / locked\b/.test(e.message)) || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private async writeOnce(p: WriteParams, source: (offset: number) => AsyncIterable<Uint8Array>, o: CallOptions): Promise<WriteResult> {
    const stream = await this.rpc.bidi(WRITE_METHOD, o);
    try {
      let status;
      try {
        status = await stream.send(req({ action: WriteAction.STAT, ref: p.ref, total: BigInt(p.total), expected: p.expected }));
      } catch (e) {
        if (e instanceof ConflictError && e.code === 'ALREADY_EXISTS') {
          stream.cancel();
          return { digest: p.expected, size: p.total, existed: true };
        }
        throw e;
      }
      let offset = Number(status.offset);
      if (offset < p.total) {
        // Write answers each request in order: the source's small pieces (an HTTP body's 16–64 KiB chunks) are
        // gathered into ~WRITE_CHUNK messages, and a few are sent ahead of their responses, so a layer costs a
        // handful of round trips' latency, not thousands.
        const pending: Uint8Array[] = [];
        let pendingBytes = 0;
        let sent = offset;
        const inflight: Promise<WriteContentResponse>[] = [];
        const settle = async (): Promise<void> => {
          offset = Number((await inflight.shift()!).offset);
        };
        const flush = async (): Promise<void> => {
          if (pendingBytes === 0) return;
          const msg = encodeWrite(p.ref, sent, pending, pendingBytes);
          sent += pendingBytes;
          pending.length = 0;
          pendingBytes = 0;
          const r = stream.send(msg);
          r.catch(() => undefined); // awaited in settle(); failures surface there
          inflight.push(r);
          if (inflight.length >= WRITE_WINDOW) await settle();
        };
        for await (const data of source(offset)) {
          for (let i = 0; i < data.length; i += WRITE_CHUNK) {
            const piece = i === 0 && data.length <= WRITE_CHUNK ? data : data.subarray(i, i + WRITE_CHUNK);
            pending.push(piece);
            pendingBytes += piece.length;
            if (pendingBytes >= WRITE_CHUNK) await flush();
          }
        }
        await flush();
        while (inflight.length > 0) await settle();
        if (offset !== sent) throw new InvalidArgumentError(`content ${p.expected}: server at offset ${offset} after ${sent} bytes were sent`);
      }
      if (offset !== p.total) throw new InvalidArgumentError(`content ${p.expected}: wrote ${offset} bytes, expected ${p.total}`);
      const done = await stream.send(
        req({ action: WriteAction.COMMIT, ref: p.ref, total: BigInt(p.total), offset: BigInt(offset), expected: p.expected, labels: p.labels ?? {} }),
      );
      await stream.close().catch(() => undefined);
      return { digest: done.digest || p.expected, size: p.total, existed: false };
    } catch (e) {
      stream.cancel();
      if (e instanceof ConflictError && e.code === 'ALREADY_EXISTS') return { digest: p.expected, size: p.total, existed: true };
      throw e;
    }
  }
}
