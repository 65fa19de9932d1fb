/**
 * containerd's garbage-collection labels that link a blob to its children (images.ChildGCLabels): an index points
 * at its manifests (`gc.ref.content.m.<i>`), a manifest at its config (`gc.ref.content.config`) and layers
 * (`gc.ref.content.l.<i>`). Computed over the full, unfiltered child list, as containerd does.
 */
import { isConfigType, isIndexType, isLayerType, isManifestType, type Descriptor } from './types';

const PREFIX = 'containerd.io/gc.ref.content';

export function childGCLabels(children: readonly Descriptor[]): Record<string, string> {
  const labels: Record<string, string> = {};
  const counters = new Map<string, number>();
  for (const c of children) {
    let key: string;
    if (isConfigType(c.mediaType)) key = `${PREFIX}.config`;
    else if (isManifestType(c.mediaType) || isIndexType(c.mediaType)) key = `${PREFIX}.m.`;
    else if (isLayerType(c.mediaType)) key = `${PREFIX}.l.`;
    else key = `${PREFIX}.`;
    const n = counters.get(key) ?? 0;
    counters.set(key, n + 1);
    const name = key.endsWith('.') ? `${key}${n}` : n === 0 ? key : `${key}${n}`;
    labels[name] = c.digest;
  }
  return labels;
}

/** The children a document points at: manifests of an index, config + layers of a manifest. */
export function childrenOf(doc: { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] }): Descriptor[] {
  if (doc.manifests) return doc.manifests;
  return [...(doc.config ? [doc.config] : []), ...(doc.layers ?? [])];
}

export const UNCOMPRESSED_LABEL = 'containerd.io/uncompressed';
export const SNAPSHOT_REF_LABEL = 'containerd.io/snapshot.ref';
export const distributionSourceLabel = (host: string): string => `containerd.io/distribution.source.${host}`;
export const snapshotGCLabel = (snapshotter: string): string => `containerd.io/gc.ref.snapshot.${snapshotter}`;
