/**
 * `commit`: a new image from a container's changes, as moby's containerd image store does it
 * (daemon/containerd/image_commit.go). Under one lease: the container's snapshot (read-only) is diffed against a
 * view of its image's top layer by containerd's Diff service, which writes the gzip layer into the content store;
 * the new config (the container's config with the --change instructions, a history entry, the diff_id) and
 * manifest follow with their gc labels; the layer is unpacked so the image runs at once; then the image record
 * (the given name, or `moby-dangling@<digest>` for an untagged commit). A running container is paused meanwhile.
 */
import { DANGLING_NAME_PREFIX } from '../images/inspect';
import { randomBytes } from 'node:crypto';
import type { ContainersPort, ContainerStore, Desc, ImagesPort, LeasesPort, TaskControl } from '../../containerd/ports';
import { InternalError, InvalidArgumentError, NotFoundError, TsctlError } from '../../errors/index';
import { childGCLabels, childrenOf, UNCOMPRESSED_LABEL } from '../../oci/gc-labels';
import { MT, type Manifest } from '../../oci/types';
import { putBlob } from '../images/blob';
import { resolveImage, topChainID, type ManifestPicker } from '../images/model';
import { parseNormalizedNamed, parseReference } from '../../registry/reference';
import { unpackLayers, type UnpackDeps } from '../images/unpack';
import { commitImageConfig, containerConfig, parseChange } from './commit-config';
import { readonlyMounts } from './copy/paths';
import { findContainer, noSuchContainer } from './resolve';

export interface CommitDeps extends UnpackDeps {
  list: ContainersPort;
  containers: ContainerStore;
  tasks: TaskControl;
  images: ImagesPort;
  leases: LeasesPort;
  pick: ManifestPicker;
  pause: (id: string) => Promise<void>;
  resume: (id: string) => Promise<void>;
  now: () => Date;
}

export interface CommitRequest {
  ref: string;
  /** REPOSITORY[:TAG]; undefined for an untagged (dangling) image. */
  repository: string | undefined;
  author: string;
  message: string;
  changes: string[];
  pause: boolean;
}


/** Labels tsctl and nerdctl keep on containers for themselves: not part of Docker's Config.Labels. */
const internalLabel = (k: string): boolean => k.startsWith('tsctl/') || k.startsWith('nerdctl/') || k.startsWith('io.containerd.');

/** The record name for REPOSITORY[:TAG], checked as Docker's client does (moby client ContainerCommit). */
export function commitName(repository: string): string {
  let ref;
  try {
    ref = parseNormalizedNamed(repository);
  } catch (e) {
    throw e instanceof TsctlError ? new InvalidArgumentError(e.message, { cause: e }) : e;
  }
  if (ref.digest !== undefined) throw new InvalidArgumentError('refusing to create a tag with a digest reference');
  return parseReference(repository).toString();
}

/** Returns the new image's ID (`sha256:<config digest>`). */
export async function commitContainer(deps: CommitDeps, req: CommitRequest): Promise<string> {
  // Docker's order: the client checks the name, the daemon finds the container, then parses the changes.
  const name = req.repository === undefined ? undefined : commitName(req.repository);
  const found = await findContainer(deps.list, req.ref);
  const changes = req.changes.map(parseChange);
  const c = await deps.containers.get(found.id);
  if (!c) throw noSuchContainer(req.ref);
  const record = await deps.images.get(c.image);
  if (!record) throw new NotFoundError(`Error response from daemon: No such image: ${c.image}`, 'IMAGE_NOT_FOUND');
  const parent = await resolveImage(deps.content, record, deps.pick);
  const proc = (c.spec.process ?? {}) as { env?: string[]; cwd?: string };
  const labels = Object.fromEntries(Object.entries(c.labels).filter(([k]) => !internalLabel(k)));
  const config = containerConfig(parent.config, { args: c.args, env: proc.env, cwd: proc.cwd, labels });
  const containerCmd = [...(config.Cmd ?? [])];
  for (const apply of changes) apply(config);
  const docker = parent.manifestDesc.mediaType === MT.dockerManifest;
  return deps.leases.with(async (lease) => {
    const layer = await diffContainer(deps, c, topChainID(parent) ?? '', docker ? MT.dockerLayerGzip : MT.ociLayerGzip, req.pause, lease.id);
    const diffID = (await deps.content.info(layer.digest))?.labels[UNCOMPRESSED_LABEL];
    if (!diffID) throw new InternalError(`commit: the diff service did not label layer ${layer.digest} with its uncompressed digest`);
    const imageConfig = commitImageConfig(parent.config, config, { containerCmd, author: req.author, comment: req.message, created: deps.now(), diffID });
    const refPrefix = `tsctl-commit-${lease.id}`;
    const configDesc = await putBlob(deps.content, Buffer.from(JSON.stringify(imageConfig)), docker ? MT.dockerConfig : MT.ociConfig, { refPrefix, lease: lease.id });
    const manifest: Manifest = { schemaVersion: 2, mediaType: docker ? MT.dockerManifest : MT.ociManifest, config: configDesc, layers: [...parent.manifest.layers, layer] };
    const manifestDesc = await putBlob(deps.content, Buffer.from(JSON.stringify(manifest)), manifest.mediaType as string, {
      refPrefix, labels: childGCLabels(childrenOf(manifest)), lease: lease.id,
    });
    await unpackLayers(deps, { snapshotter: c.snapshotter, layers: manifest.layers, diffIDs: imageConfig.rootfs.diff_ids, config: configDesc, lease: lease.id }, () => Promise.resolve());
    await deps.images.put({ name: name ?? `${DANGLING_NAME_PREFIX}${manifestDesc.digest}`, labels: {}, target: manifestDesc });
    return configDesc.digest;
  });
}

/** The container's changes as a layer blob (mediaType), the container paused while its snapshot is read. */
async function diffContainer(
  deps: CommitDeps,
  c: { id: string; snapshotter: string; snapshotKey: string },
  parentChain: string,
  mediaType: string,
  pause: boolean,
  lease: string,
): Promise<Desc> {
  const viewKey = `tsctl-commit-view-${randomBytes(8).toString('hex')}`;
  const lower = parentChain ? await deps.snapshots.view(c.snapshotter, viewKey, parentChain, {}, lease) : [];
  const task = pause ? await deps.tasks.get(c.id) : undefined;
  const paused = task?.status === 'running';
  try {
    if (paused) await deps.pause(c.id);
    const upper = readonlyMounts(await deps.snapshots.mounts(c.snapshotter, c.snapshotKey));
    const d = await deps.diff.diff(lower, upper, { mediaType, ref: `tsctl-commit-${c.id}-${randomBytes(4).toString('hex')}` }, lease);
    return { mediaType: d.mediaType || mediaType, digest: d.digest, size: d.size };
  } finally {
    if (paused) await deps.resume(c.id).catch(() => undefined);
    if (parentChain) await deps.snapshots.remove(c.snapshotter, viewKey).catch(() => undefined);
  }
}
