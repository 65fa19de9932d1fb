/**
 * Paths inside an image archive. Every entry name and link target is normalised to a clean relative path
 * (`./a//b/` → `a/b`); a path that is absolute or climbs above the archive root with `..` is refused, as is a
 * symlink or hard link pointing outside the archive. Links are resolved against the archive's own entries only.
 * Pure: no I/O.
 */
import { InvalidArgumentError } from '../../../errors/index';

/** Names of the top-level metadata files of docker-archive and OCI layout tars. */
export const MANIFEST_JSON = 'manifest.json';
export const INDEX_JSON = 'index.json';
export const OCI_LAYOUT = 'oci-layout';
export const REPOSITORIES = 'repositories';
export const METADATA_FILES: ReadonlySet<string> = new Set([MANIFEST_JSON, INDEX_JSON, OCI_LAYOUT, REPOSITORIES]);

const MAX_LINK_HOPS = 40;

export function escapeError(what: string, name: string): InvalidArgumentError {
  return new InvalidArgumentError(`invalid archive: ${what} ${JSON.stringify(name)} escapes the archive root`);
}

/** Joins and cleans `parts` relative to the archive root; undefined when the result climbs above the root. */
function clean(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** The clean relative form of a tar entry name; throws for absolute names and names escaping the root. */
export function entryPath(name: string): string {
  if (name.startsWith('/')) throw escapeError('entry', name);
  const p = clean(name);
  if (p === undefined) throw escapeError('entry', name);
  return p;
}

/** Where a symlink entry at `path` (already clean) points, as an archive path; throws when it points outside. */
export function symlinkTarget(path: string, linkname: string): string {
  if (linkname.startsWith('/')) throw escapeError(`symlink ${JSON.stringify(path)} →`, linkname);
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const p = clean(dir === '' ? linkname : `${dir}/${linkname}`);
  if (p === undefined || p === '') throw escapeError(`symlink ${JSON.stringify(path)} →`, linkname);
  return p;
}

/** A hard link's target (tar stores it relative to the archive root). */
export function hardlinkTarget(path: string, linkname: string): string {
  if (linkname.startsWith('/')) throw escapeError(`hard link ${JSON.stringify(path)} →`, linkname);
  const p = clean(linkname);
  if (p === undefined || p === '') throw escapeError(`hard link ${JSON.stringify(path)} →`, linkname);
  return p;
}

/**
 * Follows `links` (path → target) from `path` until a non-link path; throws on escape, loops and long chains.
 * A reference read from manifest.json goes through here, so `../x` there is refused the same way.
 */
export function resolveLinks(links: ReadonlyMap<string, string>, path: string): string {
  let p = entryPath(path);
  for (let hops = 0; hops < MAX_LINK_HOPS; hops++) {
    const next = links.get(p);
    if (next === undefined) return p;
    p = next;
  }
  throw new InvalidArgumentError(`invalid archive: too many levels of links resolving ${JSON.stringify(path)}`);
}

/** `blobs/sha256/<hex>` → `sha256:<hex>`; undefined for other paths. Other algorithms are refused. */
export function blobPathDigest(path: string): string | undefined {
  const m = /^blobs\/([^/]+)\/([^/]+)$/.exec(path);
  if (!m) return undefined;
  const [, alg = '', enc = ''] = m;
  if (alg !== 'sha256') throw new InvalidArgumentError(`invalid archive: ${path}: unsupported digest algorithm ${alg} (tsctl supports sha256 only)`);
  if (!/^[a-f0-9]{64}$/.test(enc)) throw new InvalidArgumentError(`invalid archive: ${path}: not a sha256 digest`);
  return `sha256:${enc}`;
}

/** The archive path of a blob: `blobs/sha256/<hex>`. */
export function blobPath(digest: string): string {
  const [alg, enc] = digest.split(':');
  return `blobs/${alg ?? ''}/${enc ?? ''}`;
}
