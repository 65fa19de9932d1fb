/**
 * `image prune`: removes dangling (untagged) images, or with `all` every image no container uses, as moby's
 * containerd store does (daemon/containerd/image_prune.go): candidates are records passing the filters
 * (`label`, `label!`, `until` = the record's creation time); a name a container was created from is kept, and an
 * image a container uses keeps at least one name. Reclaimed space is what the store really lost: blobs no longer
 * in the content store and layer snapshots no longer in the snapshotter, measured around a synchronous GC.
 */
import type { ContainersPort, ImageRecord, ImagesPort } from '../../containerd/ports';
import { NotFoundError } from '../../errors/index';
import { chainIDs } from '../../oci/identity';
import { parseReference } from '../../registry/reference';
import { containersByImage, familiarRecordName, isDangling, loadCatalog, type CatalogDeps, type CatalogImage } from './inspect';
import { boolFilter, labelMatcher, parseUntil, validateFilters, type Filters } from './list';
import type { DeleteLine } from './remove';

export interface PruneDeps extends CatalogDeps {
  images: ImagesPort;
  containers: ContainersPort;
}

export interface PruneRequest {
  all: boolean;
  filters: Filters;
  now: Date;
}

export interface PruneReport {
  lines: DeleteLine[];
  /** Bytes. */
  reclaimed: number;
}

export const PRUNE_FILTERS = ['dangling', 'label', 'label!', 'until'] as const;

function normalized(name: string): string {
  try {
    return parseReference(name).toString();
  } catch {
    return name;
  }
}

/** What deleting an image may free: its blobs and its layer snapshots (sizes taken before). */
async function footprint(deps: CatalogDeps, img: CatalogImage): Promise<{ blobs: Map<string, number>; snaps: Map<string, number> }> {
  const r = img.resolved;
  const blobs = new Map<string, number>();
  for (const d of [r.record.target, r.manifestDesc, r.manifest.config, ...r.manifest.layers]) blobs.set(d.digest, d.size);
  const snaps = new Map<string, number>();
  for (const id of chainIDs(r.config.rootfs?.diff_ids ?? [])) {
    const size = await usageOrUndefined(deps, id);
    if (size !== undefined) snaps.set(id, size);
  }
  return { blobs, snaps };
}

async function usageOrUndefined(deps: CatalogDeps, key: string): Promise<number | undefined> {
  try {
    return (await deps.snapshots.usage(deps.snapshotter, key)).size;
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

export async function pruneImages(deps: PruneDeps, req: PruneRequest): Promise<PruneReport> {
  validateFilters(req.filters, PRUNE_FILTERS);
  // docker/cli adds dangling=<!all> to the user's filters; the daemon then reads it as a bool.
  const f: Filters = new Map(req.filters);
  f.set('dangling', [...new Set([...(f.get('dangling') ?? []), String(!req.all)])]);
  const danglingOnly = boolFilter(f, 'dangling') ?? true;
  const labelsOK = labelMatcher(f);
  const until = (f.get('until') ?? []).map((v) => parseUntil(v, req.now).getTime());

  const catalog = await loadCatalog(deps);
  const users = await containersByImage(deps.containers, catalog);
  const usedNames = new Set([...users.values()].flat().map((c) => normalized(c.image)));
  const report: PruneReport = { lines: [], reclaimed: 0 };
  for (const img of catalog) {
    if (danglingOnly && !isDangling(img.records)) continue;
    if (!labelsOK(img.resolved.config.config?.Labels ?? {})) continue;
    const doomed: ImageRecord[] = img.records.filter(
      (r) => !usedNames.has(r.name) && until.every((u) => (r.createdAt?.getTime() ?? Infinity) < u),
    );
    if (users.has(img.id) && doomed.length === img.records.length) doomed.pop();
    if (doomed.length === 0) continue;
    const last = doomed.length === img.records.length;
    const before = last ? await footprint(deps, img) : undefined;
    for (const [i, r] of doomed.entries()) {
      await deps.images.delete(r.name, last && i === doomed.length - 1);
      report.lines.push({ untagged: familiarRecordName(r) });
    }
    if (!before) continue;
    for (const [digest, size] of before.blobs) if (!(await deps.content.info(digest))) report.reclaimed += size;
    for (const [key, size] of before.snaps) if ((await usageOrUndefined(deps, key)) === undefined) report.reclaimed += size;
    if (!(await deps.content.info(img.id))) report.lines.push({ deleted: img.id });
  }
  return report;
}
