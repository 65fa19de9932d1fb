/**
 * `build`: runs a Dockerfile build through BuildKit and makes the result an image in the current namespace.
 * With `-o/--output` the export goes where the user says (nothing lands in the store, as with buildx). Otherwise:
 * when buildkitd has a containerd worker on this containerd (its UUID label) and namespace, the image exporter
 * names and unpacks the image itself; else buildctl streams a Docker archive (an OCI layout for several
 * platforms) into tsctl's load path. Further tags are added through the image store either way. A build without
 * a tag always takes the load path (the image exporter makes no record without a name), so it is kept as a
 * dangling image as in Docker.
 */
import { buildctlBuildArgs, splitList, storeOutput, workerSharesStore, type BuildctlBuildOptions } from '../../build/args';
import type { BuildctlPort } from '../../build/buildctl';
import type { LoadedImage } from './load';
import { targetName } from './tag';

export interface BuildDeps {
  buildctl: BuildctlPort;
  /** containerd's server UUID (Introspection.Server). */
  containerdUUID: () => Promise<string>;
  /** tsctl's load path for an archive stream. */
  load: (archive: AsyncIterable<Uint8Array>) => Promise<LoadedImage[]>;
  /** Tags `source` (a full image name) as `target`. */
  tag: (source: string, target: string) => Promise<void>;
}

export interface BuildRequest {
  options: Omit<BuildctlBuildOptions, 'outputs' | 'metadataFile'>;
  tags: string[];
  /** Normalised user outputs (`-o`); empty: into the image store. */
  outputs: string[];
  namespace: string;
  snapshotter: string;
}

export interface BuildResult {
  /** Image ID (config digest) when the build made or exported an image. */
  id: string | undefined;
  /** The full names the image got. */
  names: string[];
  /** How the image reached the store. */
  via: 'output' | 'image-exporter' | 'load';
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export async function buildImage(deps: BuildDeps, req: BuildRequest): Promise<BuildResult> {
  const names = req.tags.map(targetName);
  if (req.outputs.length > 0) {
    const { metadata } = await deps.buildctl.build(buildctlBuildArgs({ ...req.options, outputs: req.outputs }));
    return { id: str(metadata['containerimage.config.digest']), names: [], via: 'output' };
  }
  const multi = splitList(req.options.platforms ?? []).length > 1;
  let direct = false;
  if (names.length > 0) {
    const [labels, uuid] = await Promise.all([deps.buildctl.workerLabels(), deps.containerdUUID().catch(() => undefined)]);
    direct = workerSharesStore(
      labels.filter((l) => (l['org.mobyproject.buildkit.worker.snapshotter'] ?? req.snapshotter) === req.snapshotter),
      { namespace: req.namespace, containerdUUID: uuid },
    );
  }
  const output = storeOutput(direct, names[0], multi);
  let id: string | undefined;
  if (direct) {
    const { metadata } = await deps.buildctl.build(buildctlBuildArgs({ ...req.options, outputs: [output] }));
    id = multi ? str(metadata['containerimage.digest']) : (str(metadata['containerimage.config.digest']) ?? str(metadata['containerimage.digest']));
  } else {
    const { consumed, metadata } = await deps.buildctl.build(buildctlBuildArgs({ ...req.options, outputs: [output] }), { consume: deps.load });
    id = consumed?.[0]?.id ?? str(metadata['containerimage.config.digest']);
  }
  const first = names[0];
  if (first !== undefined) for (const n of names.slice(1)) await deps.tag(first, n);
  return { id, names, via: direct ? 'image-exporter' : 'load' };
}
