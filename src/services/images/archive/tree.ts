/**
 * Checking a loaded image's content graph before anything is named: from the root, every manifest's config and
 * layers must be in the store (non-distributable layers with URLs excepted) and sizes must agree with the
 * archive; an index needs at least one of its manifests (archives of a partly pulled multi-platform image omit
 * the rest). Indexes and manifests get containerd's gc labels (childGCLabels) so the content stays alive once
 * the load's lease is gone.
 */
import { withLayers } from '../../../oci/media-types';
import type { ContentPort, Desc } from '../../../containerd/ports';
import { InvalidArgumentError } from '../../../errors/index';
import { childGCLabels, childrenOf } from '../../../oci/gc-labels';
import { isIndexType, isManifestType, sniffMediaType, type Descriptor, type Index, type Manifest } from '../../../oci/types';
import { isNonDistributable } from '../../../oci/media-types';

const MAX_DEPTH = 8;

export class ContentTree {
  private readonly done = new Map<string, string>();

  /** `archived`: digest → size of every blob the archive held. */
  constructor(
    private readonly content: ContentPort,
    private readonly archived: ReadonlyMap<string, number>,
  ) {}

  private async present(d: Desc): Promise<boolean> {
    if (this.archived.has(d.digest)) return true;
    return (await this.content.info(d.digest)) !== undefined;
  }

  private checkSize(d: Desc, parent: string): void {
    const size = this.archived.get(d.digest);
    if (size !== undefined && size !== d.size) {
      throw new InvalidArgumentError(`invalid archive: ${parent} says ${d.digest} has ${d.size} bytes, the archive holds ${size}`);
    }
  }

  private async readDoc(d: Desc, parent: string): Promise<Index | Manifest> {
    if (!(await this.present(d))) throw new InvalidArgumentError(`invalid archive: ${d.digest} (referenced by ${parent}) is missing`);
    try {
      return JSON.parse((await this.content.readAll(d.digest)).toString('utf8')) as Index | Manifest;
    } catch (e) {
      throw new InvalidArgumentError(`invalid archive: ${d.digest} is not a JSON document: ${(e as Error).message}`);
    }
  }

  /** Checks and labels the graph under `root`; returns the root's media type (sniffed when unset). */
  async check(root: Desc, parent = 'index.json', depth = 0): Promise<string> {
    const seen = this.done.get(root.digest);
    if (seen !== undefined) return seen;
    if (depth > MAX_DEPTH) throw new InvalidArgumentError(`invalid archive: indexes nested deeper than ${MAX_DEPTH}`);
    this.checkSize(root, parent);
    const doc = await this.readDoc(root, parent);
    const mediaType = root.mediaType || sniffMediaType(doc as { mediaType?: string });
    if (isIndexType(mediaType)) {
      const index = doc as Index;
      if (!Array.isArray(index.manifests)) throw new InvalidArgumentError(`invalid archive: index ${root.digest} has no manifests`);
      await this.content.setLabels(root.digest, childGCLabels(childrenOf(index)));
      let found = 0;
      for (const m of index.manifests) {
        if (!(await this.present(m))) continue;
        await this.check(m, root.digest, depth + 1);
        found++;
      }
      if (found === 0) throw new InvalidArgumentError(`invalid archive: none of the manifests of index ${root.digest} is in the archive`);
    } else if (isManifestType(mediaType)) {
      const manifest = withLayers(doc as Manifest);
      if (!manifest.config || !Array.isArray(manifest.layers)) throw new InvalidArgumentError(`invalid archive: ${root.digest} is not an image manifest`);
      await this.content.setLabels(root.digest, childGCLabels(childrenOf(manifest)));
      const blobs: Descriptor[] = [manifest.config, ...manifest.layers];
      for (const b of blobs) {
        this.checkSize(b, root.digest);
        if (await this.present(b)) continue;
        if (isNonDistributable(b.mediaType) && (b.urls?.length ?? 0) > 0) continue;
        throw new InvalidArgumentError(`invalid archive: blob ${b.digest} of manifest ${root.digest} is missing`);
      }
    } else {
      throw new InvalidArgumentError(`invalid archive: ${root.digest} has media type ${JSON.stringify(mediaType)}, not an image manifest or index`);
    }
    this.done.set(root.digest, mediaType);
    return mediaType;
  }
}
