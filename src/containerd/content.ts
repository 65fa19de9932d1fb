/**
 * Content store streaming: Read (server stream of ≤1 MiB chunks) and Write (containerd's lockstep
 * STAT → WRITE… → COMMIT protocol, with resume from the server's offset and ALREADY_EXISTS meaning "have it").
 */
import { ContentService, WriteAction, type WriteContentRequest } from './gen/containerd/services/content/v1/content';
import { ConflictError, InvalidArgumentError } from '../errors/index';
import type { CallOptions, Rpc } from './rpc';

/** Go's client writes 1 MiB chunks; the server's message limit is 16 MiB. */
export const WRITE_CHUNK = 1 << 20;

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
    const stream = await this.rpc.bidi(ContentService.write, o);
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
        // Write is lockstep (one response per request): the source's small pieces (an HTTP body's 16–64 KiB
        // chunks) are gathered into WRITE_CHUNK messages, so a layer costs a few round trips, not thousands.
        const pending: Uint8Array[] = [];
        let pendingBytes = 0;
        const flush = async (all: boolean): Promise<void> => {
          if (pendingBytes === 0) return;
          const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
          pending.length = 0;
          pendingBytes = 0;
          let i = 0;
          for (; i + WRITE_CHUNK <= data.length || (all && i < data.length); i += WRITE_CHUNK) {
            const chunk = Buffer.from(data.buffer, data.byteOffset + i, Math.min(WRITE_CHUNK, data.length - i));
            const r = await stream.send(req({ action: WriteAction.WRITE, ref: p.ref, offset: BigInt(offset), data: chunk }));
            offset = Number(r.offset);
          }
          if (i < data.length) {
            pending.push(data.subarray(i));
            pendingBytes = data.length - i;
          }
        };
        for await (const data of source(offset)) {
          pending.push(data);
          pendingBytes += data.length;
          if (pendingBytes >= WRITE_CHUNK) await flush(false);
        }
        await flush(true);
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
