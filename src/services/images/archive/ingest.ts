/**
 * Reading an image archive into containerd's content store in one pass, as containerd's importer does: each
 * regular file is streamed from its tar entry straight into a content-store write (under the caller's lease)
 * while we hash it, so no blob is buffered whole and nothing is spooled to disk.
 *
 * - `blobs/sha256/<hex>` files are written with that digest as the expected one; our own sha256 must match
 *   before the write is committed, else the load fails with a digest error. When the store already holds the
 *   digest (containerd shares blobs across namespaces) nothing is sent, but the entry is still hashed: every
 *   blob of the archive is verified.
 * - Other files (legacy `<id>/layer.tar`, `<hex>.json`) are written without an expected digest; the digest we
 *   compute names them, and containerd's commit records the same.
 * - manifest.json, index.json, oci-layout and repositories at the root are kept in memory (≤ 20 MiB each).
 * - Symlinks and hard links are recorded (older `docker save` links duplicate layers); every name and link
 *   target is checked not to escape the archive (./paths.ts). Other entry types are ignored.
 * The whole archive may be gzip-compressed (sniffed).
 */
import type { ContentPort } from '../../../containerd/ports';
import { InternalError, InvalidArgumentError, isTsctlError } from '../../../errors/index';
import { digestOf, sha256Hasher } from '../../../registry/digest';
import { decompress, detectCompression, SNIFF_BYTES, type Compression } from './compression';
import { blobPathDigest, entryPath, hardlinkTarget, METADATA_FILES, resolveLinks, symlinkTarget } from './paths';
import { tarEntries, type TarEntry } from './tar-read';

export const METADATA_LIMIT = 20 << 20;
/** Tar entries arrive in small slices; each content-store Write message is a round trip, so send ~1 MiB. */
const WRITE_BATCH = 1 << 20;

export interface ArchiveFile {
  path: string;
  digest: string;
  size: number;
  /** Sniffed from the first bytes. */
  compression: Compression;
}

export interface ArchiveContents {
  /** Regular files written to the content store, by clean path. */
  files: Map<string, ArchiveFile>;
  /** Link path → target path (both clean). */
  links: Map<string, string>;
  /** The metadata files at the archive root. */
  metadata: Map<string, Buffer>;
}

export interface IngestTarget {
  content: ContentPort;
  lease: string;
  /** Prefix of the content-store ingest refs (unique per load). */
  refPrefix: string;
}

async function readLimited(e: TarEntry, path: string): Promise<Buffer> {
  if (e.size > METADATA_LIMIT) throw new InvalidArgumentError(`invalid archive: ${path} is larger than ${METADATA_LIMIT >> 20} MiB`);
  const parts: Buffer[] = [];
  for await (const c of e.body) parts.push(c);
  return Buffer.concat(parts);
}

async function storeEntry(t: IngestTarget, e: TarEntry, path: string, ref: string): Promise<ArchiveFile> {
  const named = blobPathDigest(path);
  const hash = sha256Hasher();
  let head: Buffer | undefined;
  let actual = '';
  async function* source(offset: number): AsyncGenerator<Uint8Array> {
    if (offset !== 0) throw new InternalError(`content ingest ${ref} unexpectedly resumes at ${offset}`);
    let batch: Buffer[] = [];
    let batched = 0;
    for await (const chunk of e.body) {
      hash.update(chunk);
      if (head === undefined || head.length < SNIFF_BYTES) head = Buffer.concat([head ?? Buffer.alloc(0), chunk.subarray(0, SNIFF_BYTES)]);
      batch.push(chunk);
      batched += chunk.length;
      if (batched >= WRITE_BATCH) {
        yield Buffer.concat(batch, batched);
        batch = [];
        batched = 0;
      }
    }
    if (batched > 0) yield Buffer.concat(batch, batched);
    actual = digestOf(hash);
    if (named !== undefined && actual !== named) {
      throw new InvalidArgumentError(`invalid archive: ${path}: digest mismatch: the content hashes to ${actual}`);
    }
  }
  const r = await t.content.write({ ref, expected: named ?? '', total: e.size }, source, t.lease);
  if (actual === '') {
    // The store already had this digest (maybe from another namespace) and took none of our bytes: still check
    // that the archive's copy is what its name says, so a tampered archive never loads.
    for await (const _ of source(0)) {
      // hashing only
    }
  }
  const digest = named ?? actual;
  if (!r.existed && r.digest !== '' && r.digest !== digest) {
    throw new InternalError(`content store committed ${path} as ${r.digest}, expected ${digest}`);
  }
  return { path, digest, size: e.size, compression: detectCompression(head ?? Buffer.alloc(0)) };
}

/** Streams `input` (a tar, possibly gzip-compressed) into the content store; returns what it held. */
export async function ingestArchive(input: AsyncIterable<Uint8Array>, t: IngestTarget): Promise<ArchiveContents> {
  const out: ArchiveContents = { files: new Map(), links: new Map(), metadata: new Map() };
  let n = 0;
  try {
    for await (const e of tarEntries(decompress(input))) {
      const path = entryPath(e.name);
      if (path === '') continue;
      if (e.type === 'symlink') out.links.set(path, symlinkTarget(path, e.linkname ?? ''));
      else if (e.type === 'link') out.links.set(path, hardlinkTarget(path, e.linkname ?? ''));
      else if (e.type === 'file' || e.type === 'contiguous-file') {
        if (METADATA_FILES.has(path)) out.metadata.set(path, await readLimited(e, path));
        else out.files.set(path, await storeEntry(t, e, path, `${t.refPrefix}-${n++}`));
      }
    }
  } catch (e) {
    if (isTsctlError(e)) throw e;
    throw new InvalidArgumentError(`invalid archive: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return out;
}

/** The file a path in the archive (e.g. from manifest.json) refers to, following links. */
export function archiveFile(c: ArchiveContents, path: string, what: string): ArchiveFile {
  const resolved = resolveLinks(c.links, path);
  const f = c.files.get(resolved);
  if (!f) throw new InvalidArgumentError(`invalid archive: ${what} ${JSON.stringify(path)} not found in the archive`);
  return f;
}
