/**
 * `history IMAGE`: the config's history entries, newest first (moby daemon/containerd/image_history.go). Entries
 * that made a layer take that layer's size: the snapshotter's usage of the layer's snapshot (its chain ID) when
 * unpacked, else the compressed blob size (Docker shows 0 there; the blob size says more). The top row carries the
 * image ID; the rest are `<missing>`, as in Docker (containerd keeps no intermediate images).
 */
import { NotFoundError } from '../../errors/index';
import { chainIDs } from '../../oci/identity';
import { lookupImages, type CatalogDeps } from './inspect';

/** Docker's image.HistoryResponseItem. */
export interface HistoryItem {
  id: string;
  /** Unix seconds (0 when the entry has no time). */
  created: number;
  createdBy: string;
  size: number;
  comment: string;
}

export async function imageHistory(deps: CatalogDeps, input: string): Promise<HistoryItem[]> {
  const [img] = await lookupImages(deps, input);
  if (!img) return [];
  const chain = chainIDs(img.config.rootfs?.diff_ids ?? []);
  const sizes = await Promise.all(
    chain.map(async (id, i) => {
      try {
        return (await deps.snapshots.usage(deps.snapshotter, id)).size;
      } catch (e) {
        if (e instanceof NotFoundError) return img.manifest.layers[i]?.size ?? 0;
        throw e;
      }
    }),
  );
  let layer = 0;
  const items = (img.config.history ?? []).map((h): HistoryItem => {
    const size = h.empty_layer === true ? 0 : (sizes[layer++] ?? 0);
    const t = h.created === undefined ? NaN : new Date(h.created).getTime();
    return {
      id: '<missing>',
      created: Number.isNaN(t) ? 0 : Math.floor(t / 1000),
      createdBy: h.created_by ?? '',
      size,
      comment: h.comment ?? '',
    };
  });
  items.reverse();
  if (items[0]) items[0].id = img.id;
  return items;
}
