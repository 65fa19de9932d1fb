/**
 * Reading a tar stream entry by entry with tar-stream, with backpressure: the consumer gets each entry's
 * header and a byte stream, reads as much as it wants, and whatever it leaves is skipped before the next
 * entry. Errors of the source (a truncated or corrupt archive) surface from the iteration.
 */
import tarStream from 'tar-stream';

export interface TarEntry {
  name: string;
  type: string;
  size: number;
  linkname: string | undefined;
  mode: number;
  uid: number;
  gid: number;
  mtime: Date | undefined;
  /** The entry's bytes; read it fully or not at all within the loop body. */
  body: AsyncIterable<Buffer>;
}

type Extract = ReturnType<typeof tarStream.extract>;

async function feed(input: AsyncIterable<Uint8Array>, extract: Extract): Promise<void> {
  try {
    for await (const chunk of input) {
      if (extract.destroyed) return;
      if (!extract.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            extract.off('drain', done);
            extract.off('close', done);
            resolve();
          };
          extract.on('drain', done);
          extract.on('close', done);
        });
      }
    }
    if (!extract.destroyed) extract.end(null);
  } catch (e) {
    extract.destroy(e instanceof Error ? e : new Error(String(e)));
  }
}

/** Reads whatever is left of an entry so the extractor moves on. */
async function drain(body: AsyncIterable<Buffer>): Promise<void> {
  for await (const _ of body) {
    // discard
  }
}

/** Yields the entries of the tar in `input`, in archive order. */
export async function* tarEntries(input: AsyncIterable<Uint8Array>): AsyncGenerator<TarEntry> {
  const extract = tarStream.extract();
  const feeding = feed(input, extract);
  let complete = false;
  try {
    for await (const entry of extract) {
      const h = entry.header;
      yield { name: h.name, type: h.type ?? 'file', size: h.size ?? 0, linkname: h.linkname ?? undefined,
        mode: h.mode ?? 0o644, uid: h.uid ?? 0, gid: h.gid ?? 0, mtime: h.mtime, body: entry as AsyncIterable<Buffer> };
      await drain(entry as AsyncIterable<Buffer>);
    }
    complete = true;
  } finally {
    if (complete) await feeding;
    else {
      // Stopped early (an error here or in the consumer): don't wait for a source that may never end.
      extract.destroy();
      feeding.catch(() => undefined);
    }
  }
}
