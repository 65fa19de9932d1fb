/**
 * Manifest pickers for the image services, over the platform rules in src/registry/platform.ts
 * (containerd's platforms.Only ordering).
 */
import { hostPlatform as registryHostPlatform, pickManifest, type Platform } from '../../registry/platform';
import type { ManifestPicker } from './model';

/** The host's platform from a `process.arch` value. */
export function hostPlatform(nodeArch: string): Platform {
  return registryHostPlatform(nodeArch);
}

/** Picks the best manifest of an index for `want`. */
export function platformPicker(want: Platform): ManifestPicker {
  return (index) => pickManifest(index, want);
}
