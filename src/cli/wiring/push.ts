/** One image reference pushed to its registry: shared by `push` and `compose push`. */
import type { RegistryClient } from '../../registry/client';
import type { ImageReference } from '../../registry/reference';
import type { ImageDeps } from './images';
import type { CliContext } from '../context';
import { NotFoundError } from '../../errors/index';
import { pushImage, type PushEvent, type PushResult } from '../../services/images/push';
import { pickManifest } from '../../registry/platform';
import { wantedPlatform } from './images';

export async function pushReference(
  ctx: CliContext,
  deps: ImageDeps,
  registry: RegistryClient,
  ref: ImageReference,
  opts: { platform?: string | undefined; report?: (e: PushEvent) => void },
): Promise<PushResult> {
  const image = await deps.images.get(ref.toString());
  if (!image) throw new NotFoundError(`An image does not exist locally with the tag: ${ref.familiarName()}`, 'IMAGE_NOT_FOUND');
  const want = wantedPlatform(opts.platform);
  return pushImage(
    {
      content: deps.content,
      target: {
        blobExists: (d) => registry.blobExists(ref, d.digest, ctx.signal),
        mountBlob: (d, from) => registry.mountBlob(ref, d.digest, `${ref.domain}/${from}`, ctx.signal),
        uploadBlob: (d, source) => registry.uploadBlob(ref, d, source, { signal: ctx.signal }),
        putManifest: (reference, mediaType, bytes) => registry.putManifest(ref, reference, mediaType, bytes, ctx.signal),
      },
    },
    {
      image,
      reference: ref.digest ?? ref.tag ?? 'latest',
      host: ref.domain,
      repository: ref.path,
      ...(opts.platform ? { pickOnly: (index: Parameters<typeof pickManifest>[0]) => pickManifest(index, want) } : {}),
      concurrency: 3,
    },
    opts.report,
  );
}
