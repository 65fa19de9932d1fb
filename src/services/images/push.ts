/**
 * `push`: upload an image from containerd's content store to a registry. Blobs the registry has are skipped
 * (HEAD), blobs it has in another repository of the same registry are mounted (their distribution-source label
 * names those repositories), others are streamed from containerd. Manifests go up after their blobs, children
 * before the index, the root last under the tag.
 */
import { withLayers } from '../../oci/media-types';
import type { ContentPort, Desc, ImageRecord } from '../../containerd/ports';
import { distributionSourceLabel } from '../../oci/gc-labels';
import { isIndexType, sniffMediaType, type Descriptor, type Index, type Manifest } from '../../oci/types';
import { NotFoundError } from '../../errors/index';

export interface PushTarget {
  blobExists(desc: Desc): Promise<boolean>;
  /** Cross-repository mount; false when the registry did not mount it. */
  mountBlob(desc: Desc, fromRepository: string): Promise<boolean>;
  uploadBlob(desc: Desc, source: () => AsyncIterable<Uint8Array>): Promise<void>;
  /** Puts a manifest under a tag or digest; returns the registry's digest. */
  putManifest(reference: string, mediaType: string, bytes: Buffer): Promise<string>;
}

export interface PushDeps {
  content: ContentPort;
  target: PushTarget;
}

export interface PushRequest {
  image: ImageRecord;
  /** Tag (or digest) to push the root under. */
  reference: string;
  host: string;
  repository: string;
  /** For an index: push only this manifest (its platform), not the whole index. */
  pickOnly?: (index: Index) => Descriptor | undefined;
  concurrency: number;
}

export type PushEvent = { id: string; status: 'preparing' | 'waiting' | 'pushing' | 'pushed' | 'exists' | 'mounted'; from?: string; current?: number; total?: number };

export interface PushResult {
  digest: string;
  size: number;
}

const shortId = (d: string): string => d.replace(/^sha256:/, '').slice(0, 12);

export async function pushImage(deps: PushDeps, req: PushRequest, report: (e: PushEvent) => void = () => undefined): Promise<PushResult> {
  const distKey = distributionSourceLabel(req.host);
  const readDoc = async (d: Desc): Promise<Buffer> => {
    try {
      return await deps.content.readAll(d.digest);
    } catch (e) {
      if (e instanceof NotFoundError) throw new NotFoundError(`content ${d.digest} of ${req.image.name} is not in the content store (pull it with --all-platforms or push with --platform)`, 'IMAGE_NOT_FOUND', { cause: e });
      throw e;
    }
  };

  /** Pushes one blob; `quiet` for the config, which Docker does not list. */
  const pushBlob = async (d: Desc, quiet = false): Promise<void> => {
    const id = shortId(d.digest);
    const onEvent: (e: PushEvent) => void = quiet ? () => undefined : report;
    onEvent({ id, status: 'preparing' });
    if (await deps.target.blobExists(d)) {
      onEvent({ id, status: 'exists' });
      return;
    }
    const info = await deps.content.info(d.digest);
    if (!info) throw new NotFoundError(`blob ${d.digest} of ${req.image.name} is not in the content store`, 'IMAGE_NOT_FOUND');
    for (const from of (info.labels[distKey] ?? '').split(',').filter((r) => r && r !== req.repository)) {
      if (await deps.target.mountBlob(d, from)) {
        onEvent({ id, status: 'mounted', from });
        return;
      }
    }
    let current = 0;
    await deps.target.uploadBlob(d, async function* () {
      current = 0;
      for await (const chunk of deps.content.read(d.digest)) {
        current += chunk.length;
        onEvent({ id, status: 'pushing', current, total: d.size });
        yield chunk;
      }
    });
    onEvent({ id, status: 'pushed' });
  };

  const pushManifest = async (d: Desc, bytes: Buffer, reference: string): Promise<string> => {
    const manifest = withLayers(JSON.parse(bytes.toString('utf8')) as Manifest);
    const blobs = [...manifest.layers, manifest.config];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(req.concurrency, blobs.length)) }, async () => {
        while (next < blobs.length) {
          const blob = blobs[next++] as Desc;
          await pushBlob(blob, blob === manifest.config);
        }
      }),
    );
    return deps.target.putManifest(reference, d.mediaType, bytes);
  };

  const root = req.image.target;
  const rootBytes = await readDoc(root);
  const rootDoc = JSON.parse(rootBytes.toString('utf8')) as Index | Manifest;
  if (!(isIndexType(root.mediaType) || isIndexType(sniffMediaType(rootDoc as { mediaType?: string })))) {
    const digest = await pushManifest(root, rootBytes, req.reference);
    return { digest, size: root.size };
  }
  const index = rootDoc as Index;
  const only = req.pickOnly?.(index);
  if (req.pickOnly) {
    if (!only) throw new NotFoundError(`${req.image.name}: no manifest for the requested platform`, 'IMAGE_NOT_FOUND');
    const digest = await pushManifest(only, await readDoc(only), req.reference);
    return { digest, size: only.size };
  }
  for (const m of index.manifests) await pushManifest(m, await readDoc(m), m.digest);
  const digest = await deps.target.putManifest(req.reference, root.mediaType, rootBytes);
  return { digest, size: root.size };
}
