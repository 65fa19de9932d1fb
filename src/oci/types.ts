/**
 * OCI image-spec and Docker v2 schema 2 documents as tsctl reads them (the fields it uses), and the
 * media types both formats use. JSON shapes, not containerd's protobuf Descriptor (sizes are numbers here).
 */

import { MediaType, type Descriptor, type ImageIndex, type ImageManifest, type Platform } from './media-types';

export { isConfig as isConfigType, isIndex as isIndexType, isLayer as isLayerType, isManifest as isManifestType } from './media-types';
export type { Descriptor, Platform };
export type Manifest = ImageManifest;
export type Index = ImageIndex;
export const MT = MediaType;

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The image config document (OCI "application/vnd.oci.image.config.v1+json" / Docker's). */
export interface ImageConfigFile {
  architecture: string;
  os: string;
  variant?: string;
  created?: string;
  author?: string;
  config?: ContainerConfig;
  rootfs: { type: string; diff_ids: string[] };
  history?: HistoryEntry[];
}

export interface ContainerConfig {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };
  OnBuild?: string[] | null;
  Shell?: string[];
}

/** Reads the media type of a manifest/index document that may omit it (OCI allows that). */
export function sniffMediaType(doc: { mediaType?: string; manifests?: unknown; config?: unknown }): string {
  if (doc.mediaType) return doc.mediaType;
  if (Array.isArray(doc.manifests)) return MT.ociIndex;
  return MT.ociManifest;
}
