/**
 * Tar of a directory tree (`cp` sources, `export`) and extraction of a tar into a directory inside a root, the
 * way moby's archive package does it, with the escapes closed: every entry is placed by resolving its parent
 * inside the root (symlinks never lead out), the final component is never followed (an existing symlink is
 * replaced, files are opened O_NOFOLLOW|O_EXCL), entries and hard links outside the destination are refused, as
 * are symlinks whose relative target climbs out of it (moby's breakout checks).
 */
import { constants } from 'node:fs';
import { chmod, lchown, link, lstat, lutimes, mkdir, open, readdir, readlink, rm, symlink, unlink } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Writable } from 'node:stream';
import tarStream from 'tar-stream';
import { InvalidArgumentError } from '../../../errors/index';
import type { TarEntry } from '../../images/archive/tar-read';
import { resolveInRoot, safeEntryPath } from './paths';

type Pack = ReturnType<typeof tarStream.pack>;
type Header = Parameters<Pack['entry']>[0];

export interface PackStats {
  /** Bytes of regular-file content packed so far. */
  bytes: number;
}

function addEntry(pack: Pack, header: Header, body?: AsyncIterable<Uint8Array>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (err?: unknown): void => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve());
    if (!body) {
      pack.entry(header, done);
      return;
    }
    const sink = pack.entry(header, done);
    void (async () => {
      for await (const chunk of body) {
        if (!sink.write(chunk)) await new Promise<void>((r) => sink.once('drain', () => r()));
      }
      sink.end(null);
    })().catch((e: unknown) => {
      sink.destroy(e instanceof Error ? e : new Error(String(e)));
      reject(e);
    });
  });
}

async function* fileBody(path: string, size: number): AsyncGenerator<Uint8Array> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buf = Buffer.alloc(Math.min(size, 1 << 20) || 1);
    let left = size;
    while (left > 0) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, left), null);
      if (bytesRead === 0) break;
      left -= bytesRead;
      yield Buffer.from(buf.subarray(0, bytesRead));
    }
    // A file that shrank while being read is padded, as the header already promised `size` bytes.
    if (left > 0) yield Buffer.alloc(left);
  } finally {
    await fh.close();
  }
}

const major = (rdev: number): number => Math.floor(rdev / 256) & 0xfff;
const minor = (rdev: number): number => (rdev & 0xff) | (Math.floor(rdev / 4096) & 0xfff00);

/**
 * The tar of the tree at host path `src`. The top entry is named `name` (`.` gives `./` and bare child names;
 * `''` leaves the top directory out, as `export` does). Nothing is followed: symlinks are stored as links, and
 * files seen before under another name become hard links.
 */
export function packTree(src: string, name: string, stats: PackStats = { bytes: 0 }): AsyncIterable<Uint8Array> {
  const pack = tarStream.pack();
  const seen = new Map<string, string>();
  const child = (parent: string, k: string): string => (parent === '' ? k : `${parent}/${k}`);
  const walk = async (host: string, entry: string): Promise<void> => {
    const st = await lstat(host);
    const h = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime, uname: '', gname: '' };
    if (st.isDirectory()) {
      if (entry !== '') await addEntry(pack, { ...h, name: entry === '.' ? './' : `${entry}/`, type: 'directory' });
      for (const k of (await readdir(host)).sort()) await walk(`${host}/${k}`, child(entry, k));
      return;
    }
    const key = `${st.dev}:${st.ino}`;
    const first = st.nlink > 1 && !st.isDirectory() ? seen.get(key) : undefined;
    if (first !== undefined) {
      await addEntry(pack, { ...h, name: entry, type: 'link', linkname: first, size: 0 });
      return;
    }
    if (st.nlink > 1) seen.set(key, entry);
    if (st.isFile()) {
      stats.bytes += st.size;
      await addEntry(pack, { ...h, name: entry, type: 'file', size: st.size }, fileBody(host, st.size));
    } else if (st.isSymbolicLink()) {
      await addEntry(pack, { ...h, name: entry, type: 'symlink', linkname: await readlink(host) });
    } else if (st.isCharacterDevice() || st.isBlockDevice()) {
      const type = st.isCharacterDevice() ? 'character-device' : 'block-device';
      await addEntry(pack, { ...h, name: entry, type, devmajor: major(st.rdev), devminor: minor(st.rdev) });
    } else if (st.isFIFO()) {
      await addEntry(pack, { ...h, name: entry, type: 'fifo' });
    }
    // Sockets are left out, as Go's archive/tar does.
  };
  walk(src, name).then(
    () => pack.finalize(),
    (e: unknown) => pack.destroy(e instanceof Error ? e : new Error(String(e))),
  );
  return pack as AsyncIterable<Uint8Array>;
}

/**
 * Copies a tar stream to `out` with backpressure (not ending `out`); stops at an error of `out` (a closed pipe)
 * or when `signal` aborts.
 */
export async function pump(src: AsyncIterable<Uint8Array>, out: Writable, signal?: AbortSignal): Promise<void> {
  let failed: unknown;
  const onError = (e: unknown): void => {
    failed ??= e;
  };
  out.on('error', onError);
  try {
    for await (const chunk of src) {
      signal?.throwIfAborted();
      if (failed !== undefined || out.destroyed) throw failed ?? new InvalidArgumentError('output stream closed');
      if (!out.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            out.off('drain', done);
            out.off('close', done);
            out.off('error', done);
            resolve();
          };
          out.on('drain', done).on('close', done).on('error', done);
        });
      }
    }
    if (failed !== undefined) throw failed;
  } finally {
    out.off('error', onError);
  }
}

export type Ownership = { kind: 'archive' } | { kind: 'fixed'; uid: number; gid: number } | { kind: 'none' };

export interface ExtractOptions {
  owner: Ownership;
  /** Put in front of extraction errors (the daemon's `Error processing tar file(exit status 1): `). */
  errorPrefix?: string;
  signal?: AbortSignal;
}

async function lstatOrUndefined(p: string) {
  return lstat(p).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
}

async function writeFile(host: string, mode: number, body: AsyncIterable<Uint8Array>): Promise<void> {
  const fh = await open(host, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    for await (const chunk of body) await fh.write(chunk);
  } finally {
    await fh.close();
  }
}


/**
 * Extracts the tar `entries` into `dir` (a path inside `root`, which must be an existing directory) with moby's
 * NoOverwriteDirNonDir rule. Devices are skipped (tsctl does not mknod).
 */
export async function extractTree(entries: AsyncIterable<TarEntry>, root: string, dir: string, opts: ExtractOptions): Promise<void> {
  const dirs: { host: string; mtime: Date | undefined }[] = [];
  const fail = (msg: string): InvalidArgumentError => new InvalidArgumentError(`${opts.errorPrefix ?? ''}${msg}`);
  const breakout = (name: string): InvalidArgumentError => fail(`"${name}" is outside of "${dir}"`);
  for await (const e of entries) {
    opts.signal?.throwIfAborted();
    const rel = safeEntryPath(e.name);
    if (rel === undefined) throw breakout(e.name);
    const target = posix.join(dir, rel);
    const isTop = rel === '.';
    const parent = await resolveInRoot(root, posix.dirname(target), true);
    const host = isTop ? (await resolveInRoot(root, target, true)).host : `${parent.host}/${posix.basename(target)}`;
    if (!isTop) {
      const pst = await lstatOrUndefined(parent.host);
      if (!pst?.isDirectory()) throw fail(`${posix.dirname(target)}: not a directory`);
    }
    const existing = await lstatOrUndefined(host);
    switch (e.type) {
      case 'directory':
        if (existing && !existing.isDirectory()) throw fail(`cannot overwrite non-directory "${target}" with directory "${rel}"`);
        if (!existing) await mkdir(host, { mode: 0o700 });
        dirs.push({ host, mtime: e.mtime });
        break;
      case 'file':
      case 'contiguous-file':
      case 'symlink':
      case 'link': {
        if (existing?.isDirectory()) throw fail(`cannot overwrite directory "${target}" with non-directory "${rel}"`);
        if (existing) await unlink(host);
        if (e.type === 'symlink') {
          const linkname = e.linkname ?? '';
          if (!linkname.startsWith('/') && posix.normalize(posix.join(posix.dirname(rel), linkname)).startsWith('..')) {
            throw fail(`invalid symlink "${target}" -> "${linkname}"`);
          }
          await symlink(linkname, host);
        } else if (e.type === 'link') {
          const lrel = safeEntryPath(e.linkname ?? '');
          if (lrel === undefined || lrel === '.') throw breakout(e.linkname ?? '');
          const lpath = posix.join(dir, lrel);
          const lparent = await resolveInRoot(root, posix.dirname(lpath), true);
          await link(`${lparent.host}/${posix.basename(lpath)}`, host);
        } else {
          await writeFile(host, e.mode & 0o777, e.body).catch(async (err: unknown) => {
            await rm(host, { force: true });
            throw err;
          });
        }
        break;
      }
      default:
        continue; // devices, fifos, pax bookkeeping
    }
    if (opts.owner.kind !== 'none') {
      const [uid, gid] = opts.owner.kind === 'archive' ? [e.uid, e.gid] : [opts.owner.uid, opts.owner.gid];
      await lchown(host, uid, gid);
    }
    if (e.type !== 'symlink') await chmod(host, e.mode & 0o7777);
    if (e.mtime && e.type !== 'directory') await lutimes(host, e.mtime, e.mtime);
  }
  for (const d of dirs.reverse()) if (d.mtime) await lutimes(d.host, d.mtime, d.mtime);
}
