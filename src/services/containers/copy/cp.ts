/**
 * `cp`: files between a container and the host, with Docker's rules (docker/cli cp.go on the client side, moby
 * daemon/archive.go on the daemon's): the source's parent is resolved in the container, its last component only
 * with -L or a trailing `/`/`/.`; the destination decides file vs directory (planCopy). Everything goes through
 * a tar stream, so `-` (a tar on stdin/stdout) is the same path with one end replaced.
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Writable } from 'node:stream';
import type { ContainersPort } from '../../../containerd/ports';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../../../errors/index';
import { tarEntries } from '../../images/archive/tar-read';
import { findContainer } from '../resolve';
import { assertsDirectory, planCopy, preserveTrailingDotOrSeparator, resolveInRoot, specifiesCurrentDir, type CopySource } from './paths';
import { withContainerRoot, type RootfsDeps } from './rootfs';
import { extractTree, packTree, pump, type Ownership, type PackStats } from './tree-tar';

export interface CpDeps extends RootfsDeps {
  list: ContainersPort;
}

const notFound = (path: string, ref: string): NotFoundError =>
  new NotFoundError(`Error response from daemon: Could not find the file ${path} in container ${ref}`);

/** An absolute container path from the user's, keeping a trailing `/` or `/.` (archive.PreserveTrailingDotOrSeparator). */
export function containerPath(p: string): string {
  return preserveTrailingDotOrSeparator(posix.join('/', p), p);
}

/** The name a source tree's top entry gets: `.` for `dir/.` (its contents), else the requested basename. */
function sourceBase(p: string): string {
  if (specifiesCurrentDir(p)) return '.';
  const b = posix.basename(posix.normalize(p));
  return b === '' || b === '/' ? '.' : b;
}

export type CopyOut = { kind: 'stream'; out: Writable } | { kind: 'host'; path: string };

/** Validates a host destination as docker/cli ValidateOutputPath does. */
export async function validateOutputPath(path: string): Promise<void> {
  const dir = posix.dirname(posix.normalize(path));
  const dst = await stat(dir).catch(() => undefined);
  if (!dst?.isDirectory()) throw new InvalidArgumentError(`invalid output path: directory "${dir}" does not exist`);
  const st = await stat(path).catch(() => undefined);
  if (st && !st.isDirectory() && !st.isFile()) throw new InvalidArgumentError(`invalid output path: "${path}" must be a directory or a regular file`);
}

/** CONTAINER:SRC → host path or stream; returns the bytes of file content copied. */
export async function copyFromContainer(deps: CpDeps, req: { ref: string; path: string; followLink: boolean; to: CopyOut; signal?: AbortSignal }): Promise<number> {
  const c = await findContainer(deps.list, req.ref);
  if (req.to.kind === 'host') await validateOutputPath(req.to.path);
  const abs = containerPath(req.path);
  const stats: PackStats = { bytes: 0 };
  await withContainerRoot(deps, c.id, 'read', async (root) => {
    const r = await resolveInRoot(root, abs, req.followLink || assertsDirectory(abs));
    const st = await lstat(r.host).catch(() => undefined);
    if (!st) throw notFound(req.path, req.ref);
    if (assertsDirectory(abs) && !st.isDirectory()) throw new InvalidArgumentError(`Error response from daemon: lstat ${abs}: not a directory`);
    const src: CopySource = { isDir: st.isDirectory(), base: sourceBase(abs) };
    if (req.to.kind === 'stream') {
      await pump(packTree(r.host, src.base, stats), req.to.out, req.signal);
      return;
    }
    const dst = req.to.path;
    const dstSt = await stat(dst).catch(() => undefined);
    const plan = planCopy(src, { path: dst, exists: dstSt !== undefined, isDir: dstSt?.isDirectory() ?? false });
    const into = await realpath(plan.dir);
    await extractTree(tarEntries(packTree(r.host, plan.name, stats)), into, '/', { owner: { kind: 'none' }, ...(req.signal ? { signal: req.signal } : {}) });
  });
  return stats.bytes;
}

/**
 * Owners of copied files, as moby's daemon sets them: the archive's uid/gid; with -a (CopyUIDGID) the
 * container's user when it has one (moby daemon tarCopyOptions), which the spec holds already resolved.
 */
function copyOwner(spec: Record<string, unknown> | undefined, archive: boolean): Ownership {
  if (!archive) return { kind: 'archive' };
  const user = (spec?.process as { user?: { uid?: number; gid?: number } } | undefined)?.user;
  const uid = user?.uid ?? 0;
  const gid = user?.gid ?? 0;
  return uid === 0 && gid === 0 ? { kind: 'archive' } : { kind: 'fixed', uid, gid };
}

export type CopyIn = { kind: 'stream'; input: AsyncIterable<Uint8Array> } | { kind: 'host'; path: string };

/** Host path or a tar stream → CONTAINER:DEST; returns the bytes of file content copied (0 for a stream). */
export async function copyToContainer(
  deps: CpDeps,
  req: { ref: string; path: string; followLink: boolean; archive: boolean; from: CopyIn; signal?: AbortSignal },
): Promise<number> {
  const c = await findContainer(deps.list, req.ref);
  let src: CopySource | undefined;
  let srcHost = '';
  if (req.from.kind === 'host') {
    srcHost = req.from.path;
    const st = await (req.followLink ? stat(srcHost) : lstat(srcHost)).catch(() => undefined);
    if (!st) throw new NotFoundError(`${req.followLink ? 'stat' : 'lstat'} ${srcHost.replace(/\/\.?$/, '') || '/'}: no such file or directory`);
    if (req.followLink && (await lstat(srcHost)).isSymbolicLink()) srcHost = await realpath(srcHost);
    src = { isDir: st.isDirectory(), base: sourceBase(req.from.path) };
  }
  const abs = containerPath(req.path);
  const spec = (await deps.containers.get(c.id))?.spec;
  if ((spec?.root as { readonly?: boolean } | undefined)?.readonly === true) {
    throw new FailedPreconditionError('Error response from daemon: container rootfs is marked read-only');
  }
  const owner = copyOwner(spec, req.archive);
  const errorPrefix = 'Error response from daemon: Error processing tar file(exit status 1): ';
  const xo = { owner, errorPrefix, ...(req.signal ? { signal: req.signal } : {}) };
  const stats: PackStats = { bytes: 0 };
  await withContainerRoot(deps, c.id, 'write', async (root) => {
    const d = await resolveInRoot(root, abs, true);
    const dst = await lstat(d.host).catch(() => undefined);
    if (dst && !dst.isDirectory() && !dst.isFile()) throw new InvalidArgumentError(`destination "${req.ref}:${req.path}" must be a directory or a regular file`);
    if (req.from.kind === 'stream') {
      if (!dst?.isDirectory()) throw new InvalidArgumentError(`destination "${req.ref}:${req.path}" must be a directory`);
      await extractTree(tarEntries(req.from.input), root, d.inRoot, xo);
      return;
    }
    const plan = planCopy(src as CopySource, { path: abs, exists: dst !== undefined, isDir: dst?.isDirectory() ?? false });
    const into = await resolveInRoot(root, plan.dir, true);
    const intoSt = await lstat(into.host).catch(() => undefined);
    if (!intoSt) throw notFound(plan.dir, req.ref);
    if (!intoSt.isDirectory()) throw new InvalidArgumentError('Error response from daemon: extraction point is not a directory');
    await extractTree(tarEntries(packTree(srcHost, plan.name, stats)), root, into.inRoot, xo);
  });
  return stats.bytes;
}
