/**
 * `tag SOURCE TARGET`: points a (new or existing) image record named TARGET at SOURCE's target descriptor,
 * copying SOURCE's labels (moby daemon/containerd/image_tag.go). Reference checks and texts are the Docker
 * client's (moby client/image_tag.go); the source is found as every image command finds one.
 */
import type { ImagesPort } from '../../containerd/ports';
import { InvalidArgumentError, TsctlError } from '../../errors/index';
import { parseNormalizedNamed, parseReference } from '../../registry/reference';
import type { FindDeps } from './find';
import { dockerNoSuchImage, lookupImages } from './inspect';

export interface TagDeps extends FindDeps {
  images: ImagesPort;
}

function invalid(ref: string, e: unknown): InvalidArgumentError {
  const why = e instanceof TsctlError ? e.message : String(e);
  return new InvalidArgumentError(`error parsing reference: "${ref}" is not a valid repository/tag: ${why}`, { cause: e });
}

/** Validates TARGET and returns the record name it becomes (`docker.io/library/busybox:latest`). */
export function targetName(target: string): string {
  let ref;
  try {
    ref = parseNormalizedNamed(target);
  } catch (e) {
    throw invalid(target, e);
  }
  if (ref.digest !== undefined) throw new InvalidArgumentError('refusing to create a tag with a digest reference');
  return parseReference(target).toString();
}

/** Docker's client checks SOURCE too (ParseAnyReference): an ID, an ID prefix or a reference. */
function checkSource(source: string): void {
  if (/^(?:sha256:)?[a-f0-9]{64}$/.test(source)) return;
  try {
    parseNormalizedNamed(source);
  } catch (e) {
    throw invalid(source, e);
  }
}

export async function tagImage(deps: TagDeps, source: string, target: string): Promise<string> {
  checkSource(source);
  const name = targetName(target);
  const [src] = await lookupImages(deps, source);
  if (!src) throw dockerNoSuchImage(source);
  await deps.images.put({ name, labels: src.record.labels, target: src.record.target });
  return name;
}
