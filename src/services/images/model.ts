/**
 * Reading an image as Docker sees it from containerd's store: the image record → (index →) the platform's
 * manifest → the config. The image ID is the config digest (Docker's), sizes come from the layer blobs and, when
 * unpacked, from the snapshotter's usage.
 */
import { withLayers } from '../../oci/media-types';
import type { ContentPort, Desc, ImageRecord, SnapshotsPort } from '../../containerd/ports';
import { NotFoundError } from '../../errors/index';
import { chainIDs } from '../../oci/identity';
import { isIndexType, sniffMediaType, type Descriptor, type ImageConfigFile, type Index, type Manifest } from '../../oci/types';

export interface ResolvedImage {
  record: ImageRecord;
  index: Index | undefined;
  manifestDesc: Desc;
  manifest: Manifest;
  config: ImageConfigFile;
  /** Docker's image ID: the config digest. */
  id: string;
}

export type ManifestPicker = (index: Index) => Descriptor | undefined;

async function readJSON<T>(content: ContentPort, digest: string, what: string): Promise<T> {
  let bytes: Buffer;
  try {
    bytes = await content.readAll(digest);
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError(`${what} ${digest} is missing from the content store`, 'IMAGE_NOT_FOUND', { cause: e });
    throw e;
  }
  return JSON.parse(bytes.toString('utf8')) as T;
}

/** Loads the manifest and config an image record points at, for the platform `pick` chooses in an index. */
export async function resolveImage(content: ContentPort, record: ImageRecord, pick: ManifestPicker): Promise<ResolvedImage> {
  let manifestDesc: Desc = record.target;
  let index: Index | undefined;
  const rootDoc = await readJSON<Index | Manifest>(content, record.target.digest, 'image document');
  if (isIndexType(record.target.mediaType) || isIndexType(sniffMediaType(rootDoc as { mediaType?: string }))) {
    index = rootDoc as Index;
    const chosen = await pickPresent(content, index, pick);
    if (!chosen) throw new NotFoundError(`image ${record.name}: no manifest for this platform is in the content store`, 'IMAGE_NOT_FOUND');
    manifestDesc = chosen;
  }
  const manifest = withLayers(index ? await readJSON<Manifest>(content, manifestDesc.digest, 'manifest') : (rootDoc as Manifest));
  const config = await readJSON<ImageConfigFile>(content, manifest.config.digest, 'config');
  return { record, index, manifestDesc, manifest, config, id: manifest.config.digest };
}

/** The picked manifest if its blob is present; else the first present manifest (a pull of another platform). */
async function pickPresent(content: ContentPort, index: Index, pick: ManifestPicker): Promise<Descriptor | undefined> {
  const first = pick(index);
  if (first && (await content.info(first.digest))) return first;
  for (const m of index.manifests) if (await content.info(m.digest)) return m;
  return undefined;
}

/** Compressed size of the layers (what a pull transfers). */
export function blobSize(img: ResolvedImage): number {
  return img.manifest.layers.reduce((n, l) => n + l.size, 0);
}

/** Unpacked size: the sum of the snapshotter's usage over the image's layer snapshots; undefined if not unpacked. */
export async function unpackedSize(snapshots: SnapshotsPort, snapshotter: string, img: ResolvedImage): Promise<number | undefined> {
  const chain = chainIDs(img.config.rootfs?.diff_ids ?? []);
  let total = 0;
  for (const id of chain) {
    try {
      total += (await snapshots.usage(snapshotter, id)).size;
    } catch (e) {
      if (e instanceof NotFoundError) return undefined;
      throw e;
    }
  }
  return total;
}

export function topChainID(img: ResolvedImage): string | undefined {
  return chainIDs(img.config.rootfs?.diff_ids ?? []).at(-1);
}
