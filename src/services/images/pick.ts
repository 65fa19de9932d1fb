/**
 * The manifest picker the image commands use by default: the host's platform (linux/<arch>), as containerd's
 * platforms.Default. Platform parsing and the full matching rules live in src/registry/platform.ts.
 */
import type { Descriptor, Index } from '../../oci/types';
import type { ManifestPicker } from './model';

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

export function hostPlatform(nodeArch: string): { os: string; architecture: string; variant?: string } {
  const architecture = GO_ARCH[nodeArch] ?? nodeArch;
  return architecture === 'arm64' ? { os: 'linux', architecture, variant: 'v8' } : { os: 'linux', architecture };
}

/** Picks the first manifest for `want` (variant-insensitive when the entry has none). */
export function platformPicker(want: { os: string; architecture: string; variant?: string }): ManifestPicker {
  return (index: Index): Descriptor | undefined =>
    index.manifests.find(
      (m) =>
        m.platform?.os === want.os &&
        m.platform.architecture === want.architecture &&
        (m.platform.variant === undefined || want.variant === undefined || m.platform.variant === want.variant),
    );
}
