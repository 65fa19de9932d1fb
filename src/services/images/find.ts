/**
 * Finding images the way Docker's CLI names them: a reference (`busybox`, `busybox:1`, `host:5000/x@sha256:…`,
 * normalised to containerd's full name), a full image ID (`sha256:<config digest>`), or an ID prefix
 * (`3f57d9401f8d`). A prefix shared by two different images is ambiguous; one ID under several names is fine.
 */
import type { ContentPort, ImageRecord, ImagesPort } from '../../containerd/ports';
import { AmbiguousRefError, InvalidArgumentError, NotFoundError } from '../../errors/index';
import { parseNormalizedNamed, parseReference } from '../../registry/reference';
import { resolveImage, type ManifestPicker, type ResolvedImage } from './model';

export interface FindDeps {
  images: ImagesPort;
  content: ContentPort;
  pick: ManifestPicker;
}

const HEX_PREFIX = /^(?:sha256:)?([a-f0-9]{1,64})$/;

export function noSuchImage(input: string): NotFoundError {
  return new NotFoundError(`Error response from daemon: No such image: ${input}`, 'IMAGE_NOT_FOUND');
}

/** Every image record with its resolved manifest/config; records whose content is missing are skipped. */
export async function resolveAll(deps: FindDeps, records?: ImageRecord[]): Promise<ResolvedImage[]> {
  const all = records ?? (await deps.images.list());
  const out = await Promise.all(
    all.map(async (r) => {
      try {
        return await resolveImage(deps.content, r, deps.pick);
      } catch (e) {
        if (e instanceof NotFoundError) return undefined;
        throw e;
      }
    }),
  );
  return out.filter((x): x is ResolvedImage => x !== undefined);
}

/**
 * The images `input` names. A name gives one record; an ID or ID prefix gives every record of that image.
 * Throws NotFoundError ("No such image: x") or AmbiguousRefError.
 */
export async function findImages(deps: FindDeps, input: string): Promise<ResolvedImage[]> {
  const hex = HEX_PREFIX.exec(input);
  const isFullId = input.startsWith('sha256:') && hex?.[1]?.length === 64;
  if (!isFullId) {
    let name: string | undefined;
    try {
      const ref = parseReference(input);
      name = ref.toString();
    } catch (e) {
      if (!hex) throw e instanceof InvalidArgumentError ? e : new InvalidArgumentError(String(e));
    }
    if (name !== undefined) {
      const rec = await deps.images.get(name);
      if (rec) return [await resolveImage(deps.content, rec, deps.pick)];
    }
  }
  if (!hex?.[1]) throw noSuchImage(input);
  const prefix = `sha256:${hex[1]}`;
  const matches = (await resolveAll(deps)).filter((img) => img.id.startsWith(prefix));
  const ids = new Set(matches.map((m) => m.id));
  if (ids.size > 1) throw new AmbiguousRefError(`Error response from daemon: multiple IDs found with provided prefix: ${hex[1]}`);
  if (matches.length === 0) throw noSuchImage(input);
  return matches;
}

/** A reference's normalised name without adding `:latest` (for filters and messages). */
export function normalizedName(input: string): string {
  return parseNormalizedNamed(input).toString();
}
