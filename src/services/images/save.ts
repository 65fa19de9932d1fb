/**
 * `save`: writes images from containerd's content store as one tar that is both a Docker archive and an OCI
 * image layout (see archive/layout.ts). Everything is resolved and checked before the first byte is written,
 * so a bad name or missing blob fails without output. Blobs are streamed from the content store and their
 * digests re-checked on the way out.
 *
 * What is saved per image: with `--platform`, that platform's manifest; without, the whole index when every
 * manifest of it (with config and layers) is in the store, else the host platform's manifest (the usual case
 * after a single-platform pull). Names: `repo:tag` saves that tag; a bare repository saves every tag of it
 * (Docker's classic behaviour); an ID or ID prefix saves the image without names.
 */
import { withLayers } from '../../oci/media-types';
import type { Writable } from 'node:stream';
import type { ContentPort, Desc, ImageRecord, ImagesPort } from '../../containerd/ports';
import { InvalidArgumentError, NotFoundError } from '../../errors/index';
import { isIndexType, sniffMediaType, type Index, type Manifest } from '../../oci/types';
import { digestOf, sha256Hasher } from '../../registry/digest';
import { formatPlatform, matchPlatform, pickManifest, type Platform } from '../../registry/platform';
import { parseNormalizedNamed, parseReference, type ImageReference } from '../../registry/reference';
import { findImages } from './find';
import { resolveImage } from './model';
import { archiveLayout, layoutEntries, type SaveImage } from './archive/layout';
import { writeTar } from './archive/tar-write';

export interface SaveDeps {
  images: ImagesPort;
  content: ContentPort;
}

export interface SaveRequest {
  refs: string[];
  /** Only this platform's manifest (`--platform`). */
  platform?: Platform;
  /** The host platform: the manifest listed in manifest.json when a whole index is saved. */
  host: Platform;
}

async function readDoc<T>(content: ContentPort, digest: string): Promise<T> {
  return JSON.parse((await content.readAll(digest)).toString('utf8')) as T;
}

/** The records `input` names, with the names to save them under (none for an ID). */
async function targets(deps: SaveDeps, input: string, host: Platform): Promise<{ names: ImageReference[]; record: ImageRecord }[]> {
  let ref: ImageReference | undefined;
  try {
    ref = parseNormalizedNamed(input);
  } catch {
    ref = undefined;
  }
  if (ref && ref.tag === undefined && ref.digest === undefined) {
    const repo = ref.name;
    const all = (await deps.images.list()).flatMap((r) => {
      try {
        const n = parseReference(r.name);
        return n.name === repo && n.tag !== undefined && n.digest === undefined ? [{ names: [n], record: r }] : [];
      } catch {
        return [];
      }
    });
    if (all.length > 0) return all.sort((a, b) => (a.record.name < b.record.name ? -1 : 1));
  }
  const found = await findImages({ ...deps, pick: (idx) => pickManifest(idx, host) }, input);
  const byName = ref ? parseReference(input).toString() : undefined;
  const named = found.find((f) => f.record.name === byName);
  if (named) return [{ names: [parseReference(named.record.name)], record: named.record }];
  const first = found[0];
  return first ? [{ names: [], record: first.record }] : [];
}

async function requirePresent(content: ContentPort, name: string, descs: Desc[]): Promise<void> {
  for (const d of descs) {
    if (!(await content.info(d.digest))) {
      throw new NotFoundError(`image ${name}: blob ${d.digest} is missing from the content store`, 'IMAGE_NOT_FOUND');
    }
  }
}

async function manifestBlobs(content: ContentPort, desc: Desc): Promise<{ manifest: Manifest; blobs: Desc[] }> {
  const manifest = withLayers(await readDoc<Manifest>(content, desc.digest));
  if (!manifest.config || !Array.isArray(manifest.layers)) throw new InvalidArgumentError(`${desc.digest}: not an image manifest`);
  return { manifest, blobs: [desc, manifest.config, ...manifest.layers] };
}

/** Everything of one record that goes into the archive. */
async function planImage(deps: SaveDeps, req: SaveRequest, names: ImageReference[], record: ImageRecord): Promise<SaveImage> {
  const label = names[0]?.familiarName() ?? record.name;
  const root = await readDoc<Index | Manifest>(deps.content, record.target.digest);
  const isIndex = isIndexType(record.target.mediaType) || isIndexType(sniffMediaType(root as { mediaType?: string }));
  const want = req.platform;
  if (isIndex) {
    const index = root as Index;
    if (want === undefined) {
      const whole = await wholeIndex(deps.content, record.target, index, req.host);
      if (whole) return { names, ...whole };
    }
    const resolved = await resolveImage(deps.content, record, (idx) => pickManifest(idx, want ?? req.host));
    if (want !== undefined && !index.manifests.some((m) => m.digest === resolved.manifestDesc.digest && m.platform && matchPlatform(want, m.platform))) {
      throw new NotFoundError(`image ${label}: no manifest for platform ${formatPlatform(want)} in the content store`, 'IMAGE_NOT_FOUND');
    }
    const { manifest, blobs } = await manifestBlobs(deps.content, resolved.manifestDesc);
    await requirePresent(deps.content, label, blobs);
    const { mediaType, digest, size } = resolved.manifestDesc;
    return { names, root: { mediaType, digest, size }, config: manifest.config, layers: manifest.layers, blobs };
  }
  const { manifest, blobs } = await manifestBlobs(deps.content, record.target);
  if (want !== undefined) {
    const cfg = await readDoc<{ os: string; architecture: string; variant?: string }>(deps.content, manifest.config.digest);
    const p = { os: cfg.os, architecture: cfg.architecture, ...(cfg.variant ? { variant: cfg.variant } : {}) };
    if (!matchPlatform(want, p)) throw new NotFoundError(`image ${label}: no manifest for platform ${formatPlatform(want)} (it is ${formatPlatform(p)})`, 'IMAGE_NOT_FOUND');
  }
  await requirePresent(deps.content, label, blobs);
  return { names, root: record.target, config: manifest.config, layers: manifest.layers, blobs };
}

/** The whole index when all its manifests, configs and layers are present; undefined otherwise. */
async function wholeIndex(content: ContentPort, target: Desc, index: Index, host: Platform): Promise<Omit<SaveImage, 'names'> | undefined> {
  const blobs: Desc[] = [target];
  const parts: { desc: Desc; manifest: Manifest }[] = [];
  for (const m of index.manifests) {
    if (isIndexType(m.mediaType) || !(await content.info(m.digest))) return undefined;
    const { manifest, blobs: mb } = await manifestBlobs(content, m);
    for (const b of mb.slice(1)) if (!(await content.info(b.digest))) return undefined;
    blobs.push(...mb);
    parts.push({ desc: m, manifest });
  }
  const chosen = pickManifest(index, host);
  const main = parts.find((p) => p.desc.digest === chosen?.digest) ?? parts[0];
  if (!main) return undefined;
  return { root: { mediaType: target.mediaType, digest: target.digest, size: target.size }, config: main.manifest.config, layers: main.manifest.layers, blobs };
}

/** Streams a blob, checking its size and digest. */
async function* verifiedBlob(content: ContentPort, d: Desc): AsyncGenerator<Uint8Array> {
  const hash = sha256Hasher();
  for await (const chunk of content.read(d.digest)) {
    hash.update(chunk);
    yield chunk;
  }
  const got = digestOf(hash);
  if (got !== d.digest) throw new InvalidArgumentError(`content store blob ${d.digest} reads back as ${got}`);
}

/** Resolves every image of `req`, then writes the archive to `out` (which is left open). */
export async function saveImages(deps: SaveDeps, req: SaveRequest, out: Writable): Promise<void> {
  if (req.refs.length === 0) throw new InvalidArgumentError('nothing to save');
  const planned: SaveImage[] = [];
  for (const input of req.refs) {
    for (const t of await targets(deps, input, req.host)) planned.push(await planImage(deps, req, t.names, t.record));
  }
  const layout = archiveLayout(planned);
  await writeTar(out, layoutEntries(layout, (d) => verifiedBlob(deps.content, d)));
}
