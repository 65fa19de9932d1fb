/**
 * Media types of OCI image-spec v1 and Docker image manifest v2 schema 2, plus small classifiers and the
 * descriptor/manifest/index shapes the registry layer reads. Pure data.
 */

export const MediaType = {
  // OCI image-spec v1
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociLayerNonDistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociLayerNonDistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  ociLayerNonDistributableZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  // Docker v2 schema 2
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerLayerForeign: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  dockerLayerZstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd',
  dockerPluginConfig: 'application/vnd.docker.plugin.v1+json',
  // Docker v2 schema 1 (not supported; recognised to reject clearly)
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

/** What `resolve` asks for: indexes and manifests of both families (OCI first, as containerd orders them). */
export const MANIFEST_ACCEPT: readonly string[] = [
  MediaType.ociIndex,
  MediaType.dockerManifestList,
  MediaType.ociManifest,
  MediaType.dockerManifest,
];

const INDEXES = new Set<string>([MediaType.ociIndex, MediaType.dockerManifestList]);
const MANIFESTS = new Set<string>([MediaType.ociManifest, MediaType.dockerManifest]);
const CONFIGS = new Set<string>([MediaType.ociConfig, MediaType.dockerConfig]);
const LAYERS = new Set<string>([
  MediaType.ociLayer,
  MediaType.ociLayerGzip,
  MediaType.ociLayerZstd,
  MediaType.ociLayerNonDistributable,
  MediaType.ociLayerNonDistributableGzip,
  MediaType.ociLayerNonDistributableZstd,
  MediaType.dockerLayer,
  MediaType.dockerLayerGzip,
  MediaType.dockerLayerForeign,
  MediaType.dockerLayerZstd,
]);

/** Strips parameters (`; charset=utf-8`) and case from a Content-Type. */
export function baseMediaType(mt: string): string {
  return (mt.split(';')[0] ?? '').trim().toLowerCase();
}

export function isIndex(mt: string): boolean {
  return INDEXES.has(baseMediaType(mt));
}

export function isManifest(mt: string): boolean {
  return MANIFESTS.has(baseMediaType(mt));
}

export function isConfig(mt: string): boolean {
  return CONFIGS.has(baseMediaType(mt));
}

export function isLayer(mt: string): boolean {
  return LAYERS.has(baseMediaType(mt));
}

export function isSchema1(mt: string): boolean {
  const b = baseMediaType(mt);
  return b === MediaType.dockerSchema1 || b === MediaType.dockerSchema1Signed;
}

/** Layers the registry must not serve (foreign / non-distributable): pull may fetch them from `urls`. */
export function isNonDistributable(mt: string): boolean {
  const b = baseMediaType(mt);
  return b === MediaType.dockerLayerForeign || b.startsWith('application/vnd.oci.image.layer.nondistributable.');
}

export type LayerCompression = 'none' | 'gzip' | 'zstd' | 'unknown';

export function layerCompression(mt: string): LayerCompression {
  const b = baseMediaType(mt);
  if (!LAYERS.has(b)) return 'unknown';
  if (b.endsWith('+gzip') || b.endsWith('.gzip')) return 'gzip';
  if (b.endsWith('+zstd') || b.endsWith('.zstd')) return 'zstd';
  return 'none';
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: Platform;
  artifactType?: string;
}

export interface ImageManifest {
  schemaVersion: number;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
  subject?: Descriptor;
}

export interface ImageIndex {
  schemaVersion: number;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

/**
 * The media type of a manifest body when the registry's Content-Type is missing or generic: the document's
 * own `mediaType`, else OCI index/manifest by shape (`manifests` vs `config`+`layers`), else schema 1 by
 * `schemaVersion: 1`. Undefined when the body is not a JSON object.
 */
export function detectManifestType(bytes: Uint8Array): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const o = doc as Record<string, unknown>;
  if (typeof o.mediaType === 'string' && o.mediaType !== '') return o.mediaType;
  if (Array.isArray(o.manifests)) return MediaType.ociIndex;
  if (typeof o.config === 'object' && o.config !== null && (Array.isArray(o.layers) || o.layers === null)) return MediaType.ociManifest;
  if (o.schemaVersion === 1) return MediaType.dockerSchema1Signed;
  return undefined;
}

/**
 * A manifest as Go writers produce it for a layer-less image (`FROM scratch` + metadata) has `"layers": null`
 * (a nil slice); containerd and moby read that as no layers. Applied wherever a manifest is parsed.
 */
export function withLayers<T>(doc: T): T {
  const o = doc as { config?: unknown; layers?: unknown } | null;
  if (typeof o === 'object' && o !== null && typeof o.config === 'object' && o.layers === null) o.layers = [];
  return doc;
}
