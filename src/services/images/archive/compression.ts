/**
 * Compression of archives and layers, sniffed from magic bytes as Docker's DecompressStream does: gzip is
 * decompressed (node:zlib, multi-member aware); bzip2, xz and zstd are recognised and refused with a clear
 * message for whole archives (Node 20 has no decoder for them); plain tar passes through untouched.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { InvalidArgumentError } from '../../../errors/index';

export type Compression = 'none' | 'gzip' | 'bzip2' | 'xz' | 'zstd';

const MAGIC: [Compression, number[]][] = [
  ['gzip', [0x1f, 0x8b, 0x08]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
];

/** Bytes needed to recognise every format above. */
export const SNIFF_BYTES = 6;

export function detectCompression(head: Uint8Array): Compression {
  for (const [kind, magic] of MAGIC) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return kind;
  }
  return 'none';
}

/** Yields the decompressed bytes of `input` (gzip or none); throws for the unsupported formats. */
export async function* decompress(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const it = input[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let have = 0;
  let ended = false;
  try {
    while (have < SNIFF_BYTES) {
      const r = await it.next();
      if (r.done) {
        ended = true;
        break;
      }
      head.push(r.value);
      have += r.value.length;
    }
    const first = Buffer.concat(head);
    const kind = detectCompression(first);
    async function* rest(): AsyncGenerator<Uint8Array> {
      if (first.length > 0) yield first;
      while (!ended) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    }
    if (kind === 'none') {
      yield* rest();
      return;
    }
    if (kind !== 'gzip') throw new InvalidArgumentError(`invalid archive: ${kind}-compressed archives are not supported (decompress it first, or use gzip)`);
    const gunzip = createGunzip();
    const feeding = pipeline(Readable.from(rest()), gunzip);
    feeding.catch(() => undefined);
    for await (const chunk of gunzip) yield chunk as Buffer;
    await feeding;
  } finally {
    await it.return?.();
  }
}
