/**
 * The layout `save` writes: one tar that is at once an OCI image layout and a Docker archive, as Docker ≥ 25
 * and containerd's exporter produce:
 *
 *   blobs/sha256/<hex>   every blob once (sorted by digest)
 *   index.json           OCI index; one entry per saved name, annotated `io.containerd.image.name` (full name)
 *                        and `org.opencontainers.image.ref.name` (the tag); an image saved by ID gets a bare entry
 *   manifest.json        Docker's [{Config, RepoTags, Layers}] with paths into blobs/ (familiar tags)
 *   oci-layout           {"imageLayoutVersion":"1.0.0"}
 *   repositories         Docker's legacy {repo: {tag: <top layer hex>}} (only when something is tagged)
 *
 * Pure: builds the metadata and the entry list; the blob bytes are streamed by the caller's reader.
 */
import type { Desc } from '../../../containerd/ports';
import type { ImageReference } from '../../../registry/reference';
import { MT } from '../../../oci/types';
import { blobPath } from './paths';
import type { TarInput } from './tar-write';

export const ANNOTATION_IMAGE_NAME = 'io.containerd.image.name';
export const ANNOTATION_REF_NAME = 'org.opencontainers.image.ref.name';

export interface SaveImage {
  /** References the image is saved under (tag and/or digest); empty when it was named by ID. */
  names: ImageReference[];
  /** The index.json entry: the image's index or its platform manifest. */
  root: Desc;
  /** Config and layers of the manifest Docker's loader uses (manifest.json). */
  config: Desc;
  layers: Desc[];
  /** Every blob of the image, root included. */
  blobs: Desc[];
}

export interface DockerManifestEntry {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

export interface ArchiveLayout {
  blobs: Desc[];
  index: { schemaVersion: 2; mediaType: string; manifests: Desc[] };
  manifest: DockerManifestEntry[];
  repositories: Record<string, Record<string, string>> | undefined;
}

const hex = (digest: string): string => digest.slice(digest.indexOf(':') + 1);

export function archiveLayout(images: SaveImage[]): ArchiveLayout {
  const blobs = new Map<string, Desc>();
  const manifests: Desc[] = [];
  const seenNames = new Set<string>();
  const docker = new Map<string, DockerManifestEntry>();
  const repositories: Record<string, Record<string, string>> = {};
  let tagged = false;

  for (const img of images) {
    for (const b of img.blobs) if (!blobs.has(b.digest)) blobs.set(b.digest, { mediaType: b.mediaType, digest: b.digest, size: b.size });
    const rootDesc = { mediaType: img.root.mediaType, digest: img.root.digest, size: img.root.size };
    const key = `${img.root.digest} ${img.config.digest}`;
    let entry = docker.get(key);
    if (!entry) {
      entry = { Config: blobPath(img.config.digest), RepoTags: [], Layers: img.layers.map((l) => blobPath(l.digest)) };
      docker.set(key, entry);
    }
    for (const ref of img.names) {
      const full = ref.toString();
      if (seenNames.has(full)) continue;
      seenNames.add(full);
      const annotations: Record<string, string> = { [ANNOTATION_IMAGE_NAME]: full };
      if (ref.tag !== undefined) annotations[ANNOTATION_REF_NAME] = ref.tag;
      manifests.push({ ...rootDesc, annotations });
      if (ref.tag !== undefined && ref.digest === undefined) {
        entry.RepoTags.push(ref.familiarName());
        const top = img.layers.at(-1);
        (repositories[ref.familiarRepository()] ??= {})[ref.tag] = top ? hex(top.digest) : '';
        tagged = true;
      }
    }
    if (img.names.length === 0 && !manifests.some((m) => m.digest === img.root.digest)) manifests.push(rootDesc);
  }
  return {
    blobs: [...blobs.values()].sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0)),
    index: { schemaVersion: 2, mediaType: MT.ociIndex, manifests },
    manifest: [...docker.values()],
    repositories: tagged ? repositories : undefined,
  };
}

const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v), 'utf8');

/** The tar entries of `layout` in their fixed order; `blob(desc)` streams a blob's bytes. */
export function layoutEntries(layout: ArchiveLayout, blob: (d: Desc) => AsyncIterable<Uint8Array>): TarInput[] {
  const entries: TarInput[] = [
    { name: 'blobs/', type: 'directory' },
    { name: 'blobs/sha256/', type: 'directory' },
    ...layout.blobs.map((d): TarInput => ({ name: blobPath(d.digest), type: 'file', size: d.size, stream: () => blob(d) })),
    { name: 'index.json', type: 'file', data: json(layout.index) },
    { name: 'manifest.json', type: 'file', data: json(layout.manifest) },
    { name: 'oci-layout', type: 'file', data: json({ imageLayoutVersion: '1.0.0' }) },
  ];
  if (layout.repositories) entries.push({ name: 'repositories', type: 'file', data: json(layout.repositories) });
  return entries;
}
