/**
 * `pull`: resolve a reference at the registry, fetch the root document and the platform's manifest, config and
 * layers into containerd's content store (through the Content service, with containerd's gc and distribution
 * labels, all under one lease), unpack layers into the snapshotter as soon as each is complete, then create or
 * update the image record. Blobs already in the store are not downloaded again.
 */
import { withLayers } from '../../oci/media-types';
import type { ContentPort, Desc, DiffPort, ImageRecord, ImagesPort, LeasesPort, SnapshotsPort } from '../../containerd/ports';
import { childGCLabels, childrenOf, distributionSourceLabel } from '../../oci/gc-labels';
import { isIndexType, isManifestType, sniffMediaType, type Descriptor, type ImageConfigFile, type Index, type Manifest } from '../../oci/types';
import { InvalidArgumentError } from '../../errors/index';
import { unpackLayers } from './unpack';

export interface PullSource {
  /** The root descriptor and document bytes for a reference (digest verified). */
  resolve(): Promise<{ descriptor: Desc; bytes: Buffer }>;
  /** A child document (manifest) by digest, verified. */
  fetchManifest(desc: Desc): Promise<Buffer>;
  /** A blob streamed from `offset`, verified at the end. */
  fetchBlob(desc: Desc, offset: number): AsyncIterable<Uint8Array>;
}

export interface PullDeps {
  images: ImagesPort;
  content: ContentPort;
  snapshots: SnapshotsPort;
  diff: DiffPort;
  leases: LeasesPort;
  source: PullSource;
  /** Chooses the manifests of an index to fetch (platform selection); empty = none matches. */
  selectManifests: (index: Index) => Descriptor[];
  /** Whether a manifest's platform can run here (unpack only then). */
  runnableHere: (platform: { os: string; architecture: string; variant?: string } | undefined) => boolean;
}

export interface PullRequest {
  /** Normalised name for the image record, e.g. docker.io/library/busybox:latest. */
  name: string;
  /** Registry host and repository path for the distribution-source label. */
  host: string;
  repository: string;
  snapshotter: string;
  unpack: boolean;
  concurrency: number;
}

export type PullEvent =
  | { kind: 'resolved'; root: Desc; upToDate: boolean }
  | { kind: 'layer'; id: string; status: 'waiting' | 'downloading' | 'verifying' | 'downloaded' | 'exists' | 'extracting' | 'complete'; current?: number; total?: number };

export interface PullResult {
  image: ImageRecord;
  /**
   * The image record is new or now points at a different root (Docker's "Downloaded newer image"); false when
   * the name already pointed at this digest ("Image is up to date").
   */
  downloaded: boolean;
  unpacked: boolean;
}

const shortId = (digest: string): string => digest.replace(/^sha256:/, '').slice(0, 12);

/** How long the first layer downloads alone before the others join it (see runLimited's headStart). */
const HEAD_START_MS = 500;

/**
 * Runs `fn` over `items`, at most `limit` at once, in order. With `headStart`, item 0 runs alone until it is done
 * or HEAD_START_MS have passed: unpacking can only begin with the first layer, and on a fast registry (loopback,
 * LAN) the client and containerd's ingest are CPU-bound, so sharing them between all layers would delay the first
 * one (and with it the whole unpack chain) for little gain. On a slow link the others start after the cap anyway.
 */
export async function runLimited<T>(items: T[], limit: number, fn: (item: T, index: number) => Promise<void>, headStart = false): Promise<void> {
  let next = 0;
  let opened: Promise<unknown> = Promise.resolve();
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async (_, w) => {
    if (w > 0) await opened;
    while (next < items.length) {
      const i = next++;
      const run = fn(items[i] as T, i);
      if (headStart && i === 0) {
        let timer: NodeJS.Timeout | undefined;
        opened = Promise.race([run.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, HEAD_START_MS)))]).finally(() => clearTimeout(timer));
      }
      await run;
    }
  });
  await Promise.all(workers);
}

export async function pullImage(deps: PullDeps, req: PullRequest, onEvent: (e: PullEvent) => void = () => undefined): Promise<PullResult> {
  const { descriptor: root, bytes: rootBytes } = await deps.source.resolve();
  const previous = await deps.images.get(req.name);
  const upToDate = previous?.target.digest === root.digest;
  // An image that is already there in full shows no layer lines (Docker's containerd store does the same).
  const emit: (e: PullEvent) => void = upToDate ? (e) => (e.kind === 'layer' ? undefined : onEvent(e)) : onEvent;
  onEvent({ kind: 'resolved', root, upToDate });
  const distKey = distributionSourceLabel(req.host);

  /** Ensures a blob is in the store with our labels; `bytes` when already in memory. */
  const store = async (
    desc: Desc,
    labels: Record<string, string>,
    lease: string,
    bytes?: Buffer,
    progress?: (n: number) => void,
    onStart?: () => void,
  ): Promise<boolean> => {
    const existing = await deps.content.info(desc.digest);
    if (existing) {
      const repos = new Set((existing.labels[distKey] ?? '').split(',').filter(Boolean));
      const missing = Object.entries(labels).filter(([k, v]) => k !== distKey && existing.labels[k] !== v);
      if (!repos.has(req.repository) || missing.length > 0) {
        repos.add(req.repository);
        await deps.content.setLabels(desc.digest, { ...Object.fromEntries(missing), [distKey]: [...repos].sort().join(',') });
      }
      return false;
    }
    onStart?.();
    const source = bytes
      ? async function* (offset: number) {
          yield bytes.subarray(offset);
        }
      : async function* (offset: number) {
          for await (const chunk of deps.source.fetchBlob(desc, offset)) {
            progress?.(chunk.length);
            yield chunk;
          }
        };
    const ref = `${isIndexType(desc.mediaType) ? 'index' : isManifestType(desc.mediaType) ? 'manifest' : 'layer'}-${desc.digest}`;
    const r = await deps.content.write({ ref, expected: desc.digest, total: desc.size, labels: { ...labels, [distKey]: req.repository } }, source, lease);
    return !r.existed;
  };

  const readDoc = async (desc: Desc, fetch: () => Promise<Buffer>): Promise<Buffer> =>
    (await deps.content.info(desc.digest)) ? deps.content.readAll(desc.digest) : fetch();

  let unpacked = false;
  const image = await deps.leases.with(async (lease) => {
    let manifests: { desc: Desc; bytes: Buffer; platform: Descriptor['platform'] }[];
    const rootDoc = JSON.parse(rootBytes.toString('utf8')) as Index | Manifest;
    const rootType = sniffMediaType(rootDoc as { mediaType?: string });
    if (isIndexType(root.mediaType) || isIndexType(rootType)) {
      const index = rootDoc as Index;
      const chosen = deps.selectManifests(index);
      if (chosen.length === 0) {
        throw new InvalidArgumentError(`no matching manifest for the requested platform in the manifest list entries of ${req.name}`);
      }
      manifests = await Promise.all(
        chosen.map(async (d) => ({ desc: d, bytes: await readDoc(d, () => deps.source.fetchManifest(d)), platform: d.platform })),
      );
      await store(root, childGCLabels(childrenOf(index)), lease.id, rootBytes);
    } else {
      manifests = [{ desc: root, bytes: rootBytes, platform: undefined }];
    }
    for (const m of manifests) {
      const manifest = withLayers(JSON.parse(m.bytes.toString('utf8')) as Manifest);
      if (!manifest.config || !Array.isArray(manifest.layers)) throw new InvalidArgumentError(`${m.desc.digest}: not an image manifest`);
      const configBytes = await readDoc(manifest.config, async () => {
        const parts: Uint8Array[] = [];
        for await (const c of deps.source.fetchBlob(manifest.config, 0)) parts.push(c);
        return Buffer.concat(parts);
      });
      const config = JSON.parse(configBytes.toString('utf8')) as ImageConfigFile;
      await store(manifest.config, {}, lease.id, configBytes);

      const doneLayer: Promise<void>[] = [];
      const resolvers: { resolve: () => void; reject: (e: unknown) => void }[] = [];
      for (let i = 0; i < manifest.layers.length; i++) {
        doneLayer.push(new Promise<void>((resolve, reject) => resolvers.push({ resolve, reject })));
        doneLayer[i]?.catch(() => undefined);
      }
      const platform = m.platform ?? { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) };
      const doUnpack = req.unpack && manifests.length === 1 && deps.runnableHere(platform);
      const downloads = runLimited(manifest.layers, req.concurrency, async (layer, i) => {
        const id = shortId(layer.digest);
        try {
          let current = 0;
          const fresh = await store(
            layer,
            {},
            lease.id,
            undefined,
            (n) => {
              current += n;
              emit({ kind: 'layer', id, status: 'downloading', current, total: layer.size });
            },
            () => emit({ kind: 'layer', id, status: 'waiting', total: layer.size }),
          );
          emit({ kind: 'layer', id, status: fresh ? 'downloaded' : 'exists', total: layer.size });
          resolvers[i]?.resolve();
        } catch (e) {
          resolvers[i]?.reject(e);
          throw e;
        }
      }, doUnpack);
      const unpacking = doUnpack
        ? unpackLayers(
            deps,
            { snapshotter: req.snapshotter, layers: manifest.layers, diffIDs: config.rootfs?.diff_ids ?? [], config: manifest.config, lease: lease.id },
            (i) => doneLayer[i] ?? Promise.resolve(),
            (ev) => {
              emit({ kind: 'layer', id: shortId(ev.layer.digest), status: ev.status === 'done' ? 'complete' : ev.status });
            },
          )
        : Promise.resolve('');
      // Wait for both sides even when one fails, so nothing is still writing when the lease goes.
      const settled = await Promise.allSettled([downloads, unpacking]);
      for (const r of settled) if (r.status === 'rejected') throw r.reason;
      if (!doUnpack) for (const l of manifest.layers) emit({ kind: 'layer', id: shortId(l.digest), status: 'complete' });
      unpacked = unpacked || doUnpack;
      await store(m.desc, childGCLabels(childrenOf(manifest)), lease.id, m.bytes);
    }
    return deps.images.put({ name: req.name, labels: {}, target: root });
  });
  return { image, downloaded: !upToDate, unpacked };
}
