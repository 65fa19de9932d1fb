/**
 * OCI image layouts (`oci-layout` + `index.json`): each index.json entry is an image (a manifest or a nested
 * index). Names follow `ctr images import` (containerd's imageName + AddRefPrefix with the default base name):
 *
 * 1. the `io.containerd.image.name` annotation (Docker ≥ 25 and containerd write it);
 * 2. else `org.opencontainers.image.ref.name` when it is a full reference (contains `/`, `:` or `@`);
 * 3. else a bare ref name (a tag like `latest`) becomes `import-<yyyy-mm-dd>:<tag>`;
 * 4. no name at all: none here (the loader then tries manifest.json's RepoTags and finally names the record
 *    `import-<yyyy-mm-dd>@<digest>`, as `ctr images import --digests` does).
 * Every name is normalised with parseReference (`busybox:1` → `docker.io/library/busybox:1`).
 */
import type { Desc } from '../../../containerd/ports';
import { InvalidArgumentError } from '../../../errors/index';
import { isSha256Digest } from '../../../registry/digest';
import type { Platform } from '../../../registry/platform';
import { parseReference } from '../../../registry/reference';
import { ANNOTATION_IMAGE_NAME, ANNOTATION_REF_NAME } from './layout';
import type { ArchiveContents } from './ingest';
import { INDEX_JSON, OCI_LAYOUT } from './paths';

export interface ArchiveImage {
  /** Full, normalised names (may be empty). */
  names: string[];
  /** The image's root: a manifest or an index (mediaType may be '' when index.json omitted it). */
  target: Desc;
  platform?: Platform;
}

/** `import-<yyyy-mm-dd>` in local time, ctr's default base name. */
export function importBaseName(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `import-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function normalise(name: string, source: string): string {
  try {
    return parseReference(name).toString();
  } catch (e) {
    throw new InvalidArgumentError(`invalid archive: ${source} ${JSON.stringify(name)}: ${(e as Error).message}`);
  }
}

/** The image name of an index.json entry per the rules above; undefined when it has none. */
export function ociEntryName(annotations: Record<string, string> | undefined, now: Date): string | undefined {
  const full = annotations?.[ANNOTATION_IMAGE_NAME];
  if (full) return normalise(full, ANNOTATION_IMAGE_NAME);
  const ref = annotations?.[ANNOTATION_REF_NAME];
  if (!ref) return undefined;
  if (/[/:@]/.test(ref)) return normalise(ref, ANNOTATION_REF_NAME);
  return normalise(`${importBaseName(now)}:${ref}`, ANNOTATION_REF_NAME);
}

function parseJSON(raw: Buffer, file: string): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new InvalidArgumentError(`invalid archive: ${file}: ${(e as Error).message}`);
  }
}

/** True when the archive is an OCI layout (containerd prefers it when both formats are present). */
export function isOCILayout(c: ArchiveContents): boolean {
  return c.metadata.has(INDEX_JSON) && (c.metadata.has(OCI_LAYOUT) || !c.metadata.has('manifest.json'));
}

/** The images of an OCI layout's index.json, one per entry, in order. */
export function ociImages(c: ArchiveContents, now: Date): ArchiveImage[] {
  const layoutRaw = c.metadata.get(OCI_LAYOUT);
  if (layoutRaw !== undefined) {
    const layout = parseJSON(layoutRaw, OCI_LAYOUT) as { imageLayoutVersion?: unknown } | null;
    if (layout?.imageLayoutVersion !== '1.0.0') {
      throw new InvalidArgumentError(`invalid archive: unsupported OCI layout version ${JSON.stringify(layout?.imageLayoutVersion)}`);
    }
  }
  const raw = c.metadata.get(INDEX_JSON);
  if (raw === undefined) throw new InvalidArgumentError('invalid archive: OCI layout without index.json');
  const index = parseJSON(raw, INDEX_JSON) as { manifests?: unknown } | null;
  if (!Array.isArray(index?.manifests)) throw new InvalidArgumentError('invalid archive: index.json has no manifests list');
  return index.manifests.map((m: unknown, i: number): ArchiveImage => {
    const d = m as Partial<Desc> & { platform?: Platform };
    if (typeof d.digest !== 'string' || !isSha256Digest(d.digest) || typeof d.size !== 'number') {
      throw new InvalidArgumentError(`invalid archive: index.json entry ${i} is not a valid sha256 descriptor`);
    }
    const name = ociEntryName(d.annotations, now);
    const target: Desc = { mediaType: typeof d.mediaType === 'string' ? d.mediaType : '', digest: d.digest, size: d.size };
    return { names: name === undefined ? [] : [name], target, ...(d.platform ? { platform: d.platform } : {}) };
  });
}
