/**
 * Path rules of `cp` and friends: Docker's CONTAINER:PATH argument split, its copy plan (trailing `/`, `/.`,
 * file vs directory), the read-only view of a snapshot's mounts, and resolving a path inside a container's root
 * as if chrooted (symlinks are followed relative to the root, `..` never climbs above it).
 */
import { lstat, readlink } from 'node:fs/promises';
import { posix } from 'node:path';
import type { MountSpec } from '../../../containerd/ports';
import { InvalidArgumentError } from '../../../errors/index';

/** docker/cli splitCpArg: `name:path` unless the argument is absolute or starts with `.` before the colon. */
export function splitCpArg(arg: string): { container: string | undefined; path: string } {
  if (arg.startsWith('/')) return { container: undefined, path: arg };
  const i = arg.indexOf(':');
  if (i < 0 || arg.startsWith('.')) return { container: undefined, path: arg };
  return { container: arg.slice(0, i), path: arg.slice(i + 1) };
}

/** Does the path say "directory" (ends with `/` or `/.`)? (moby archive.assertsDirectory) */
export function assertsDirectory(p: string): boolean {
  return p.endsWith('/') || p === '.' || p.endsWith('/.');
}

/** Ends with `/.`: copy the contents of the directory, not the directory. */
export function specifiesCurrentDir(p: string): boolean {
  return posix.basename(p) === '.' || p.endsWith('/.') || p === '.';
}

/** moby archive.SplitPathDirEntry: directory and base, keeping a trailing `.`. */
export function splitPathDirEntry(p: string): { dir: string; base: string } {
  let cleaned = posix.normalize(p);
  if (cleaned.length > 1 && cleaned.endsWith('/')) cleaned = cleaned.slice(0, -1);
  if (specifiesCurrentDir(p)) cleaned = cleaned === '/' ? '/.' : `${cleaned.replace(/\/\.$/, '')}/.`.replace(/^\/\//, '/');
  return { dir: posix.dirname(cleaned), base: posix.basename(cleaned) };
}

/** moby archive.PreserveTrailingDotOrSeparator: `cleaned` with the `/` or `/.` that `original` ended with. */
export function preserveTrailingDotOrSeparator(cleaned: string, original: string): string {
  if (specifiesCurrentDir(original) && !cleaned.endsWith('/.')) return cleaned === '/' ? '/.' : `${cleaned}/.`;
  if (original.endsWith('/') && !cleaned.endsWith('/')) return `${cleaned}/`;
  return cleaned;
}

export interface CopySource {
  isDir: boolean;
  /** The name the copied tree gets when nothing renames it (basename of the requested path; `.` for `dir/.`). */
  base: string;
}

export interface CopyDest {
  path: string;
  exists: boolean;
  isDir: boolean;
}

/** Where to extract and under which name the source's top entry lands (`.` = into `dir` itself). */
export interface CopyPlan {
  dir: string;
  name: string;
}

/** moby archive.PrepareArchiveCopy, as a decision instead of a rewritten tar stream. */
export function planCopy(src: CopySource, dst: CopyDest): CopyPlan {
  const { dir, base } = splitPathDirEntry(dst.path);
  if (dst.exists && dst.isDir) return { dir: dst.path, name: src.base };
  if (dst.exists && src.isDir) throw new InvalidArgumentError('cannot copy directory');
  if (dst.exists || src.isDir) return { dir, name: base };
  if (assertsDirectory(dst.path)) throw new InvalidArgumentError('no such directory');
  return { dir, name: base };
}

/** A tar entry name made relative and clean; undefined when it leaves the extraction directory (moby's breakout check). */
export function safeEntryPath(name: string): string | undefined {
  const n = posix.normalize(name.replace(/^\/+/, '')).replace(/\/+$/, '');
  if (n === '..' || n.startsWith('../')) return undefined;
  return n === '' ? '.' : n;
}

/**
 * The snapshot's mounts made read-only (containerd's readonlyMounts): an overlay loses upperdir/workdir and
 * stacks the upper directory on top of its lowerdirs; a single remaining directory becomes a read-only bind.
 */
export function readonlyMounts(mounts: MountSpec[]): MountSpec[] {
  return mounts.map((m) => {
    if (m.type === 'overlay') {
      const opt = (k: string) => m.options.find((o) => o.startsWith(`${k}=`))?.slice(k.length + 1);
      const upper = opt('upperdir');
      if (upper === undefined) return m;
      const lowers = [upper, ...(opt('lowerdir')?.split(':') ?? [])];
      const rest = m.options.filter((o) => !/^(upperdir|workdir|lowerdir)=/.test(o) && o !== 'rw' && o !== 'ro');
      if (lowers.length === 1) return { type: 'bind', source: upper, target: m.target, options: ['ro', 'rbind'] };
      return { ...m, options: [...rest, `lowerdir=${lowers.join(':')}`, 'ro'] };
    }
    if (m.type === 'bind' || m.options.includes('bind') || m.options.includes('rbind')) {
      return { ...m, options: [...m.options.filter((o) => o !== 'rw' && o !== 'ro'), 'ro'] };
    }
    return m;
  });
}

export interface ScopedPath {
  /** Host path under the root. */
  host: string;
  /** The same path as the container sees it (always absolute, cleaned). */
  inRoot: string;
}

const MAX_SYMLINKS = 255;

function components(p: string): string[] {
  return p.split('/').filter((c) => c !== '' && c !== '.');
}

/**
 * Resolves `path` inside `root` like a chrooted process would: every symlink met is read and resolved against
 * `root` (absolute targets) or its own directory (relative ones), `..` stops at the root. The last component's
 * symlink is followed only when `followLast`. Missing components are kept as they are (the caller's lstat fails).
 */
export async function resolveInRoot(root: string, path: string, followLast: boolean): Promise<ScopedPath> {
  const base = root.replace(/\/+$/, '');
  let resolved: string[] = [];
  const queue = components(path);
  let links = 0;
  while (queue.length > 0) {
    const c = queue.shift() as string;
    if (c === '..') {
      resolved.pop();
      continue;
    }
    const last = queue.length === 0;
    const host = `${base}/${[...resolved, c].join('/')}`;
    if (!last || followLast) {
      const st = await lstat(host).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
        throw e;
      });
      if (st?.isSymbolicLink()) {
        if (++links > MAX_SYMLINKS) throw new InvalidArgumentError(`${path}: too many levels of symbolic links`);
        const target = await readlink(host);
        if (target.startsWith('/')) resolved = [];
        queue.unshift(...components(target));
        continue;
      }
    }
    resolved.push(c);
  }
  const inRoot = `/${resolved.join('/')}`;
  // The root itself as `<root>/.`, so that lstat looks through a root that is a link (/proc/<pid>/root).
  return { host: resolved.length === 0 ? `${base}/.` : `${base}/${resolved.join('/')}`, inRoot };
}
