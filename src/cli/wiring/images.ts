/**
 * Wires the image services' ports to this invocation's containerd client (and the host platform), so image
 * commands stay a few lines each.
 */
import type { CliContext } from '../context';
import { contentPort, diffPort, imagesPort, snapshotsPort } from '../../containerd/stores';
import type { ContentPort, DiffPort, ImagesPort, LeasesPort, SnapshotsPort } from '../../containerd/ports';
import { hostPlatform, parsePlatform, pickManifest, matchPlatform, type Platform } from '../../registry/platform';
import type { ManifestPicker } from '../../services/images/model';

export interface ImageDeps {
  images: ImagesPort;
  content: ContentPort;
  snapshots: SnapshotsPort;
  diff: DiffPort;
  leases: LeasesPort;
  pick: ManifestPicker;
  host: Platform;
  snapshotter: string;
}

export function host(): Platform {
  return hostPlatform(process.arch);
}

/** The platform named by --platform, or the host's. */
export function wantedPlatform(flag: string | undefined): Platform {
  return flag ? parsePlatform(flag, host()) : host();
}

export async function imageDeps(ctx: CliContext, platformFlag?: string): Promise<ImageDeps> {
  const client = await ctx.containerd();
  const want = wantedPlatform(platformFlag);
  return {
    images: imagesPort(client),
    content: contentPort(client),
    snapshots: snapshotsPort(client),
    diff: diffPort(client),
    leases: client.leases,
    pick: (index) => pickManifest(index, want),
    host: host(),
    snapshotter: ctx.settings.snapshotter,
  };
}

export function runnableHere(p: Platform | undefined): boolean {
  return p === undefined || matchPlatform(host(), p);
}
