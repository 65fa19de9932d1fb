/**
 * Writing a deterministic tar with tar-stream: fixed mtime (the Unix epoch), uid/gid 0, no user/group names,
 * mode 0755 for directories and 0644 for files, entries in the order given. File bodies come from memory or
 * are streamed with backpressure (a blob is never held whole); a streamed body must match its declared size.
 */
import type { Writable } from 'node:stream';
import tarStream from 'tar-stream';
import { InternalError } from '../../../errors/index';

export const FIXED_MTIME = new Date(0);

export type TarInput =
  | { name: string; type: 'directory' }
  | { name: string; type: 'file'; data: Buffer }
  | { name: string; type: 'file'; size: number; stream: () => AsyncIterable<Uint8Array> };

type Pack = ReturnType<typeof tarStream.pack>;

const header = (name: string, type: 'directory' | 'file', size: number) => ({
  name,
  type,
  size,
  mode: type === 'directory' ? 0o755 : 0o644,
  uid: 0,
  gid: 0,
  uname: '',
  gname: '',
  mtime: FIXED_MTIME,
});

interface Drainable {
  destroyed: boolean;
  once(ev: string, fn: (...a: unknown[]) => void): unknown;
  off(ev: string, fn: (...a: unknown[]) => void): unknown;
}

/** Resolves on 'drain'; rejects when the stream errors or closes first (a reader that went away). */
function drained(s: Drainable): Promise<void> {
  if (s.destroyed) return Promise.reject(new InternalError('output stream closed'));
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      s.off('drain', ok);
      s.off('close', closed);
      s.off('error', bad);
    };
    const ok = (): void => {
      cleanup();
      resolve();
    };
    const bad = (e: unknown): void => {
      cleanup();
      reject(e);
    };
    const closed = (): void => bad(new InternalError('output stream closed'));
    s.once('drain', ok);
    s.once('close', closed);
    s.once('error', bad);
  });
}

async function addEntry(pack: Pack, e: TarInput): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const done = (err?: Error | null): void => (err ? reject(err) : resolve());
    if (e.type === 'directory') {
      pack.entry(header(e.name, 'directory', 0), done);
      return;
    }
    if ('data' in e) {
      pack.entry(header(e.name, 'file', e.data.length), e.data, done);
      return;
    }
    const sink = pack.entry(header(e.name, 'file', e.size), done);
    void (async () => {
      let written = 0;
      for await (const chunk of e.stream()) {
        written += chunk.length;
        if (written > e.size) throw new InternalError(`${e.name}: more than the expected ${e.size} bytes`);
        if (!sink.write(chunk)) await drained(sink);
      }
      if (written !== e.size) throw new InternalError(`${e.name}: got ${written} bytes, expected ${e.size}`);
      sink.end(null);
    })().catch((err: unknown) => {
      sink.destroy(err instanceof Error ? err : new Error(String(err)));
      reject(err);
    });
  });
}

/** Writes `entries` as a tar to `out` (not ended afterwards); resolves once every byte has been handed over. */
export async function writeTar(out: Writable, entries: Iterable<TarInput> | AsyncIterable<TarInput>): Promise<void> {
  const pack = tarStream.pack();
  const producing = (async () => {
    for await (const e of entries) await addEntry(pack, e);
    pack.finalize();
  })();
  producing.catch((err: unknown) => pack.destroy(err instanceof Error ? err : new Error(String(err))));
  const consuming = (async () => {
    for await (const chunk of pack) {
      if (out.destroyed) throw new InternalError('output stream closed');
      if (!out.write(chunk)) await drained(out);
    }
  })();
  consuming.catch((err: unknown) => pack.destroy(err instanceof Error ? err : new Error(String(err))));
  const [p, c] = await Promise.allSettled([producing, consuming]);
  if (p.status === 'rejected') throw p.reason;
  if (c.status === 'rejected') throw c.reason;
}
