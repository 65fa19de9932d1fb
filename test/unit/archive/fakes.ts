/** In-memory ports and tar helpers for the archive unit tests (no containerd). */
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import type { ContentInfo, ContentPort, ContentWriteParams, ImageRecord, ImagesPort } from '../../../src/containerd/ports';
import { ConflictError, NotFoundError } from '../../../src/errors/index';
import { writeTar, type TarInput } from '../../../src/services/images/archive/tar-write';

export const sha = (b: Uint8Array | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
export const hexOf = (d: string): string => d.slice('sha256:'.length);

export class FakeContent implements ContentPort {
  readonly blobs = new Map<string, { data: Buffer; labels: Record<string, string> }>();
  readonly leased = new Map<string, string>();

  put(data: Buffer): string {
    const d = sha(data);
    this.blobs.set(d, { data, labels: {} });
    return d;
  }
  async readAll(digest: string): Promise<Buffer> {
    const b = this.blobs.get(digest);
    if (!b) throw new NotFoundError(`content digest ${digest}: not found`);
    return b.data;
  }
  async *read(digest: string, range: { offset?: number; size?: number } = {}): AsyncIterable<Buffer> {
    const data = await this.readAll(digest);
    const start = range.offset ?? 0;
    yield data.subarray(start, range.size ? start + range.size : undefined);
  }
  async info(digest: string): Promise<ContentInfo | undefined> {
    const b = this.blobs.get(digest);
    return b ? { digest, size: b.data.length, labels: { ...b.labels }, createdAt: undefined } : undefined;
  }
  async setLabels(digest: string, labels: Record<string, string>): Promise<void> {
    const b = this.blobs.get(digest);
    if (!b) throw new NotFoundError(`content digest ${digest}: not found`);
    Object.assign(b.labels, labels);
  }
  async write(p: ContentWriteParams, source: (offset: number) => AsyncIterable<Uint8Array>, lease?: string): Promise<{ digest: string; existed: boolean }> {
    if (p.expected !== '' && this.blobs.has(p.expected)) return { digest: p.expected, existed: true };
    const parts: Buffer[] = [];
    for await (const c of source(0)) parts.push(Buffer.from(c));
    const data = Buffer.concat(parts);
    if (data.length !== p.total) throw new Error(`size mismatch ${data.length} != ${p.total}`);
    const d = sha(data);
    if (p.expected !== '' && d !== p.expected) throw new ConflictError(`unexpected commit digest ${d}, expected ${p.expected}`);
    const existed = this.blobs.has(d);
    if (!existed) this.blobs.set(d, { data, labels: { ...(p.labels ?? {}) } });
    if (lease) this.leased.set(d, lease);
    return { digest: existed ? '' : d, existed };
  }
  async delete(digest: string): Promise<void> {
    this.blobs.delete(digest);
  }
  async list(): Promise<ContentInfo[]> {
    return [...this.blobs.keys()].map((d) => ({ digest: d, size: 0, labels: {}, createdAt: undefined }));
  }
}

export class FakeImages implements ImagesPort {
  readonly records = new Map<string, ImageRecord>();
  failOn: string | undefined;
  async list(): Promise<ImageRecord[]> {
    return [...this.records.values()];
  }
  async get(name: string): Promise<ImageRecord | undefined> {
    return this.records.get(name);
  }
  async put(img: { name: string; labels: Record<string, string>; target: ImageRecord['target'] }): Promise<ImageRecord> {
    if (img.name === this.failOn) throw new Error(`put ${img.name} failed`);
    const r: ImageRecord = { ...img, createdAt: undefined, updatedAt: undefined };
    this.records.set(img.name, r);
    return r;
  }
  async delete(name: string): Promise<void> {
    this.records.delete(name);
  }
}

export type RawEntry =
  | { name: string; type: 'file'; data: Buffer | string }
  | { name: string; type: 'directory' }
  | { name: string; type: 'symlink' | 'link'; linkname: string };

/** A tar built entry by entry (any names, links included), for reader tests. */
export async function rawTar(entries: RawEntry[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of pack) chunks.push(c as Buffer);
  })();
  for (const e of entries) {
    const h = { name: e.name, mtime: new Date(0) };
    if (e.type === 'file') pack.entry({ ...h, type: 'file' }, typeof e.data === 'string' ? Buffer.from(e.data) : e.data);
    else if (e.type === 'directory') pack.entry({ ...h, type: 'directory' });
    else pack.entry({ ...h, type: e.type, linkname: e.linkname });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function tarOf(entries: TarInput[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeTar(out, entries);
  return Buffer.concat(chunks);
}

/** Streams `buf` in small chunks, as a file or pipe would. */
export async function* chunked(buf: Buffer, size = 4096): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

export const gzip = (b: Buffer): Buffer => gzipSync(b);

/** A tiny single-file layer tar and its config, for building images. */
export async function layerAndConfig(file: string, os = 'linux', architecture = 'amd64'): Promise<{ layer: Buffer; config: Buffer; diffId: string }> {
  const layer = await rawTar([{ name: file, type: 'file', data: `content of ${file}\n` }]);
  const diffId = sha(layer);
  const config = Buffer.from(JSON.stringify({ architecture, os, config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: [diffId] } }));
  return { layer, config, diffId };
}
