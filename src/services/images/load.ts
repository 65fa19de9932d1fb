/**
 * `load`: imports a Docker archive or OCI layout tar (optionally gzip-compressed) into containerd, all under one
 * lease: stream every blob into the content store with digests verified (archive/ingest.ts), work out the
 * images (archive/oci.ts, preferred when the tar is both, as containerd does; archive/docker.ts otherwise),
 * check each image's content graph and set gc labels (archive/tree.ts), unpack the host platform's layers into
 * the snapshotter, and only then create the image records. A failure before the records leaves nothing named
 * (unreferenced content goes with the lease); a failure while creating records undoes the ones already made.
 */
import type { ContentPort, Desc, DiffPort, ImageRecord, ImagesPort, LeasesPort, SnapshotsPort } from '../../containerd/ports';
import { InvalidArgumentError } from '../../errors/index';
import { isIndexType, isManifestType, type Index } from '../../oci/types';
import { matchPlatform, pickManifest, type Platform } from '../../registry/platform';
import { parseReference } from '../../registry/reference';
import { resolveImage } from './model';
import { unpackLayers } from './unpack';
import { dockerArchiveImages, dockerManifest, repoTagsByConfig } from './archive/docker';
import { ingestArchive, type ArchiveContents } from './archive/ingest';
import { isOCILayout, ociImages, type ArchiveImage } from './archive/oci';
import { DANGLING_NAME_PREFIX } from './inspect';
import { REPOSITORIES } from './archive/paths';
import { ContentTree } from './archive/tree';

export interface LoadDeps {
  images: ImagesPort;
  content: ContentPort;
  snapshots: SnapshotsPort;
  diff: DiffPort;
  leases: LeasesPort;
  now: () => Date;
}

export interface LoadRequest {
  snapshotter: string;
  /** Platform whose manifest is unpacked (the host's). */
  host: Platform;
}

export interface LoadedImage {
  /** Familiar name (`busybox:latest`); undefined for an image that came without a name. */
  name: string | undefined;
  /** Image ID: the config digest. */
  id: string;
}

async function archiveImages(c: ArchiveContents, t: Parameters<typeof dockerArchiveImages>[1], now: Date): Promise<ArchiveImage[]> {
  if (isOCILayout(c)) return ociImages(c, now);
  if (dockerManifest(c) !== undefined) return dockerArchiveImages(c, t);
  if (c.metadata.has(REPOSITORIES)) {
    throw new InvalidArgumentError('invalid archive: pre-1.10 Docker archives (a repositories file without manifest.json) are not supported');
  }
  throw new InvalidArgumentError('invalid archive: no manifest.json or index.json (neither a Docker archive nor an OCI layout)');
}

interface Planned {
  names: string[];
  target: ArchiveImage['target'];
  id: string;
  /** True when the image had no name and is recorded under `moby-dangling@<digest>`. */
  anonymous: boolean;
}

/** Descends through indexes of indexes (index.json → image index → …) to the index that lists manifests. */
async function manifestLevel(content: ContentPort, target: Desc, host: Platform): Promise<Desc> {
  let d = target;
  for (let depth = 0; depth < 8 && isIndexType(d.mediaType); depth++) {
    const index = JSON.parse((await content.readAll(d.digest)).toString('utf8')) as Index;
    const inner = index.manifests.filter((m) => isIndexType(m.mediaType));
    if (inner.length === 0 || index.manifests.some((m) => isManifestType(m.mediaType))) break;
    const next = pickManifest({ manifests: inner }, host) ?? inner[0];
    if (!next || (await content.info(next.digest)) === undefined) break;
    d = next;
  }
  return d;
}

/** Creates the records; on failure, restores or removes the ones already written. */
async function createRecords(images: ImagesPort, planned: Planned[]): Promise<void> {
  const done: { name: string; previous: ImageRecord | undefined }[] = [];
  try {
    for (const p of planned) {
      for (const name of p.names) {
        const previous = await images.get(name);
        await images.put({ name, labels: {}, target: p.target });
        done.push({ name, previous });
      }
    }
  } catch (e) {
    for (const d of done.reverse()) {
      await (d.previous ? images.put(d.previous) : images.delete(d.name)).catch(() => undefined);
    }
    throw e;
  }
}

/** Loads the archive streamed by `input`; returns the loaded images in archive order. */
export async function loadImages(deps: LoadDeps, req: LoadRequest, input: AsyncIterable<Uint8Array>): Promise<LoadedImage[]> {
  const now = deps.now();
  return deps.leases.with(async (lease) => {
    const t = { content: deps.content, lease: lease.id, refPrefix: `tsctl-load-${lease.id}` };
    const contents = await ingestArchive(input, t);
    const images = await archiveImages(contents, t, now);
    const fallbackNames = isOCILayout(contents) ? repoTagsByConfig(contents) : new Map<string, string[]>();
    const archived = new Map([...contents.files.values()].map((f) => [f.digest, f.size]));
    const tree = new ContentTree(deps.content, archived);
    const unpacked = new Set<string>();
    const planned: Planned[] = [];
    for (const img of images) {
      const target = { ...img.target, mediaType: await tree.check(img.target) };
      const record: ImageRecord = { name: '', labels: {}, target: await manifestLevel(deps.content, target, req.host), createdAt: undefined, updatedAt: undefined };
      const r = await resolveImage(deps.content, record, (idx) => pickManifest(idx, req.host));
      let names = img.names.length > 0 ? img.names : (fallbackNames.get(r.id) ?? []);
      const anonymous = names.length === 0;
      // containerd cannot keep a nameless image: recorded as moby's containerd store does (`<none>` in `images`).
      if (anonymous) names = [`${DANGLING_NAME_PREFIX}${target.digest}`];
      planned.push({ names, target, id: r.id, anonymous });
      const { os, architecture, variant } = r.config;
      const runnable = typeof os === 'string' && typeof architecture === 'string' && matchPlatform(req.host, { os, architecture, ...(variant ? { variant } : {}) });
      if (!runnable || unpacked.has(r.manifestDesc.digest)) continue;
      unpacked.add(r.manifestDesc.digest);
      await unpackLayers(
        deps,
        { snapshotter: req.snapshotter, layers: r.manifest.layers, diffIDs: r.config.rootfs?.diff_ids ?? [], config: r.manifest.config, lease: lease.id },
        () => Promise.resolve(),
      );
    }
    await createRecords(deps.images, planned);
    return planned.flatMap((p): LoadedImage[] =>
      p.anonymous ? [{ name: undefined, id: p.id }] : p.names.map((n) => ({ name: parseReference(n).familiarName(), id: p.id })),
    );
  });
}
