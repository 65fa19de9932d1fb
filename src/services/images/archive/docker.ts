/**
 * Docker archives (`manifest.json`: [{Config, RepoTags, Layers}], Docker 1.10+ and the Docker ≥ 25 hybrid):
 * each entry becomes an OCI image manifest written to the content store — config media type
 * `application/vnd.oci.image.config.v1+json`, layers `application/vnd.oci.image.layer.v1.tar` with `+gzip` /
 * `+zstd` when the layer file is compressed (sniffed, as Docker's loader and containerd's importer do) — with the
 * platform taken from the config. Config and Layers are paths in the tar (legacy `<id>/layer.tar`, symlinks to
 * other layers, or `blobs/sha256/<hex>`), resolved through ./ingest.ts. RepoTags are normalised to full names.
 */
import type { ContentPort, Desc } from '../../../containerd/ports';
import { InvalidArgumentError } from '../../../errors/index';
import { childGCLabels, childrenOf } from '../../../oci/gc-labels';
import { MT, type ImageConfigFile, type Manifest } from '../../../oci/types';
import { putBlob } from '../blob';
import { parseReference } from '../../../registry/reference';
import type { Compression } from './compression';
import { archiveFile, type ArchiveContents, type ArchiveFile, type IngestTarget } from './ingest';
import { MANIFEST_JSON } from './paths';
import type { ArchiveImage } from './oci';

interface ManifestEntry {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

/** Parses and checks manifest.json; undefined when the archive has none. */
export function dockerManifest(c: ArchiveContents): ManifestEntry[] | undefined {
  const raw = c.metadata.get(MANIFEST_JSON);
  if (raw === undefined) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new InvalidArgumentError(`invalid archive: manifest.json: ${(e as Error).message}`);
  }
  const ok = (m: unknown): m is ManifestEntry => {
    const o = m as Partial<ManifestEntry> | null;
    // A layer-less image (FROM scratch + metadata) comes as `"Layers": null` from Go writers (BuildKit, moby).
    if (typeof o === 'object' && o !== null && o.Layers === null) o.Layers = [];
    return (
      typeof o === 'object' && o !== null && typeof o.Config === 'string' && Array.isArray(o.Layers) && o.Layers.every((l) => typeof l === 'string') &&
      (o.RepoTags === undefined || o.RepoTags === null || (Array.isArray(o.RepoTags) && o.RepoTags.every((t) => typeof t === 'string')))
    );
  };
  if (!Array.isArray(doc) || !doc.every(ok)) throw new InvalidArgumentError('invalid archive: manifest.json is not a list of {Config, RepoTags, Layers}');
  return doc;
}

/** Full names from RepoTags (`busybox:latest` → `docker.io/library/busybox:latest`). */
export function normalizedTags(tags: string[] | null): string[] {
  return (tags ?? []).map((t) => {
    try {
      return parseReference(t).toString();
    } catch (e) {
      throw new InvalidArgumentError(`invalid archive: manifest.json: RepoTag ${JSON.stringify(t)}: ${(e as Error).message}`);
    }
  });
}

/** RepoTags by config digest, to name OCI index entries that carry no name annotation. */
export function repoTagsByConfig(c: ArchiveContents): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of dockerManifest(c) ?? []) {
    let f: ArchiveFile | undefined;
    try {
      f = archiveFile(c, m.Config, 'config');
    } catch {
      f = undefined;
    }
    if (f) out.set(f.digest, [...(out.get(f.digest) ?? []), ...normalizedTags(m.RepoTags)]);
  }
  return out;
}

function layerType(c: Compression): string {
  if (c === 'none') return MT.ociLayer;
  if (c === 'gzip') return MT.ociLayerGzip;
  if (c === 'zstd') return MT.ociLayerZstd;
  throw new InvalidArgumentError(`invalid archive: ${c}-compressed layers are not supported`);
}

/** Builds and stores an OCI manifest per manifest.json entry; returns the images with their names. */
export async function dockerArchiveImages(c: ArchiveContents, t: IngestTarget): Promise<ArchiveImage[]> {
  const content = t.content;
  const entries = dockerManifest(c);
  if (entries === undefined) throw new InvalidArgumentError('invalid archive: no manifest.json');
  const out: ArchiveImage[] = [];
  for (const m of entries) {
    const cfgFile = archiveFile(c, m.Config, 'config');
    const config: Desc = { mediaType: MT.ociConfig, digest: cfgFile.digest, size: cfgFile.size };
    const layers: Desc[] = [];
    for (const p of m.Layers) {
      const f = archiveFile(c, p, 'layer');
      layers.push({ mediaType: layerType(f.compression), digest: f.digest, size: f.size });
    }
    let cfg: ImageConfigFile;
    try {
      cfg = JSON.parse((await content.readAll(config.digest)).toString('utf8')) as ImageConfigFile;
    } catch (e) {
      throw new InvalidArgumentError(`invalid archive: config ${m.Config}: ${(e as Error).message}`);
    }
    const manifest: Manifest = { schemaVersion: 2, mediaType: MT.ociManifest, config, layers };
    const bytes = Buffer.from(JSON.stringify(manifest), 'utf8');
    const { digest } = await putBlob(content, bytes, MT.ociManifest, { refPrefix: t.refPrefix, labels: childGCLabels(childrenOf(manifest)), lease: t.lease });
    const platform = cfg.os && cfg.architecture ? { os: cfg.os, architecture: cfg.architecture, ...(cfg.variant ? { variant: cfg.variant } : {}) } : undefined;
    out.push({ names: normalizedTags(m.RepoTags), target: { mediaType: MT.ociManifest, digest, size: bytes.length }, ...(platform ? { platform } : {}) });
  }
  return out;
}
