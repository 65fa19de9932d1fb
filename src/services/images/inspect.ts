/**
 * Images as Docker's image commands see containerd's store: the catalog (every record resolved and grouped by
 * image ID = config digest, as one Docker image has several names), the names Docker prints for a record
 * (RepoTags `busybox:latest`, RepoDigests `busybox@sha256:…`), the lookup with the daemon's "No such image"
 * wording, and `image inspect`.
 */
import type { ContainerRecord, ContainersPort, ImageRecord, SnapshotsPort } from '../../containerd/ports';
import { NotFoundError, toTsctlError, type TsctlError } from '../../errors/index';
import { DockerImageInspect } from '../../compat/inspect-image';
import { parseNormalizedNamed, parseReference } from '../../registry/reference';
import { findImages, noSuchImage, resolveAll, type FindDeps } from './find';
import { blobSize, unpackedSize, type ResolvedImage } from './model';

export interface CatalogDeps extends FindDeps {
  snapshots: SnapshotsPort;
  snapshotter: string;
}

/** One Docker image: an image ID and the records naming it. */
export interface CatalogImage {
  id: string;
  /** Records naming the image, sorted by name. */
  records: ImageRecord[];
  /** The first record, resolved (manifest and config). */
  resolved: ResolvedImage;
  /** The config's `created`, if it has one. */
  created: Date | undefined;
}

/** moby's containerd store keeps untagged images under `moby-dangling@<digest>`: they have no Docker name. */
export const DANGLING_NAME_PREFIX = 'moby-dangling@';

/** What Docker shows for a record name: `repo` (familiar) with a tag and/or a digest; undefined = no Docker name. */
export interface DockerName {
  repo: string;
  tag: string | undefined;
  digest: string | undefined;
}

export function dockerName(record: ImageRecord): DockerName | undefined {
  if (record.name.startsWith(DANGLING_NAME_PREFIX)) return undefined;
  try {
    const ref = parseNormalizedNamed(record.name);
    return { repo: ref.familiarRepository(), tag: ref.tag, digest: ref.digest };
  } catch {
    return undefined;
  }
}

/** Docker's RepoTags entry for a record (`busybox:latest`), if the record is tagged. */
export function repoTag(record: ImageRecord): string | undefined {
  const n = dockerName(record);
  return n?.tag === undefined ? undefined : `${n.repo}:${n.tag}`;
}

/** Docker's RepoDigests entry for a record: its repository at the record's digest (the target's when tagged). */
export function repoDigest(record: ImageRecord): string | undefined {
  const n = dockerName(record);
  return n === undefined ? undefined : `${n.repo}@${n.digest ?? record.target.digest}`;
}

/** What `Untagged:` lines show for a record: the familiar name, or the raw name when it is not a Docker name. */
export function familiarRecordName(record: ImageRecord): string {
  const n = dockerName(record);
  if (!n) return record.name;
  return n.repo + (n.tag === undefined ? '' : `:${n.tag}`) + (n.digest === undefined ? '' : `@${n.digest}`);
}

const dedup = (xs: (string | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => x !== undefined))];

export const repoTags = (records: ImageRecord[]): string[] => dedup(records.map(repoTag));
export const repoDigests = (records: ImageRecord[]): string[] => dedup(records.map(repoDigest));

/** Dangling (Docker): no tag names the image — only digests, or names that are not Docker references. */
export function isDangling(records: ImageRecord[]): boolean {
  return repoTags(records).length === 0;
}

function parseCreated(s: string | undefined): Date | undefined {
  if (s === undefined) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Every image of the namespace; records whose content is incomplete are left out. */
export async function loadCatalog(deps: FindDeps): Promise<CatalogImage[]> {
  const resolved = await resolveAll(deps);
  const byId = new Map<string, CatalogImage>();
  for (const r of resolved.sort((a, b) => (a.record.name < b.record.name ? -1 : a.record.name > b.record.name ? 1 : 0))) {
    const img = byId.get(r.id);
    if (img) img.records.push(r.record);
    else byId.set(r.id, { id: r.id, records: [r.record], resolved: r, created: parseCreated(r.config.created) });
  }
  return [...byId.values()];
}

/**
 * Docker's SIZE is the uncompressed size. containerd knows it once the image is unpacked (the snapshotter's
 * usage of the layer snapshots); an image that is not unpacked shows its compressed layer size instead.
 */
export async function imageSize(deps: CatalogDeps, img: ResolvedImage): Promise<number> {
  return (await unpackedSize(deps.snapshots, deps.snapshotter, img)) ?? blobSize(img);
}

/** The image ID each container uses (its `image` is a record name, as `ctr`/tsctl store it). */
export async function containersByImage(containers: ContainersPort, catalog: CatalogImage[]): Promise<Map<string, ContainerRecord[]>> {
  const idOf = new Map<string, string>();
  for (const img of catalog) {
    idOf.set(img.id, img.id);
    for (const r of img.records) idOf.set(r.name, img.id);
  }
  const out = new Map<string, ContainerRecord[]>();
  for (const c of await containers.list()) {
    let id = idOf.get(c.image);
    if (id === undefined) {
      try {
        id = idOf.get(parseReference(c.image).toString());
      } catch {
        // not a reference: the container's image is not in the store
      }
    }
    if (id !== undefined) out.set(id, [...(out.get(id) ?? []), c]);
  }
  return out;
}

/** Docker's wording: the reference with its default tag (moby daemon/images ErrImageDoesNotExist). */
export function dockerNoSuchImage(input: string): NotFoundError {
  let shown = input;
  if (/^[a-f0-9]{64}$/.test(input)) shown = `sha256:${input}`;
  else {
    try {
      const ref = parseNormalizedNamed(input);
      shown = ref.tag === undefined && ref.digest === undefined ? `${ref.familiarName()}:latest` : ref.familiarName();
    } catch {
      // not a reference: shown as given
    }
  }
  return new NotFoundError(`Error response from daemon: No such image: ${shown}`, 'IMAGE_NOT_FOUND');
}

/** findImages with the daemon's "No such image: busybox:latest" text. */
export async function lookupImages(deps: FindDeps, input: string): Promise<ResolvedImage[]> {
  try {
    return await findImages(deps, input);
  } catch (e) {
    if (e instanceof NotFoundError && e.message === noSuchImage(input).message) throw dockerNoSuchImage(input);
    throw e;
  }
}

export type InspectResult = { ok: DockerImageInspect } | { error: TsctlError };

/** `image inspect`: one result per input, in order (a failed lookup does not stop the others). */
export async function inspectImages(deps: CatalogDeps, inputs: string[]): Promise<InspectResult[]> {
  let catalog: CatalogImage[] | undefined;
  const out: InspectResult[] = [];
  for (const input of inputs) {
    try {
      const [first] = await lookupImages(deps, input);
      if (!first) throw dockerNoSuchImage(input);
      catalog ??= await loadCatalog(deps);
      const records = catalog.find((c) => c.id === first.id)?.records ?? [first.record];
      const updated = records.map((r) => r.updatedAt?.getTime() ?? 0);
      out.push({
        ok: new DockerImageInspect({
          id: first.id,
          repoTags: repoTags(records),
          repoDigests: repoDigests(records),
          config: first.config,
          size: await imageSize(deps, first),
          snapshotter: deps.snapshotter,
          lastTagTime: updated.some((t) => t > 0) ? new Date(Math.max(...updated)) : undefined,
          descriptor: first.record.target,
        }),
      });
    } catch (e) {
      out.push({ error: toTsctlError(e) });
    }
  }
  return out;
}
