/**
 * `create`: a container record with its own writable snapshot on top of the image, its name reserved, its spec
 * built from the image config and the user's options. All or nothing: on any failure the snapshot, the record
 * and the name reservation are undone, and everything runs under a lease so nothing is collected half-way.
 */
import { randomBytes } from 'node:crypto';
import type { ContainerStore, ImagesPort, ContentPort, LeasesPort, SnapshotsPort, DiffPort } from '../../containerd/ports';
import { NotFoundError } from '../../errors/index';
import type { NameStore } from '../../state/names';
import { randomName, validateName } from '../../state/names';
import { resolveImage, topChainID, type ManifestPicker, type ResolvedImage } from '../images/model';
import { unpackLayers } from '../images/unpack';
import { CREATED_BY_LABEL, IMAGE_REF_LABEL, NAME_LABEL } from '../../labels';

export interface CreateDeps {
  images: ImagesPort;
  content: ContentPort;
  snapshots: SnapshotsPort;
  diff: DiffPort;
  leases: LeasesPort;
  containers: ContainerStore;
  names: NameStore;
  pick: ManifestPicker;
  /** Pulls `name` (normalised); called when the image is missing (or always, by policy). */
  pull: (name: string) => Promise<void>;
  /** Builds the OCI spec for the container. */
  spec: (image: ResolvedImage, c: { id: string; name: string }) => Promise<unknown>;
  /** Labels that depend on the image (e.g. its HEALTHCHECK merged with the flags). */
  imageLabels?: (image: ResolvedImage) => Record<string, string>;
  onMessage?: (line: string) => void;
  /** Removes the container's state dir (what the spec callback wrote there) when creation fails. */
  removeState?: (id: string) => Promise<void>;
}

export interface CreateRequest {
  /** The reference as given (`busybox`) and normalised (`docker.io/library/busybox:latest`). */
  imageInput: string;
  /** Docker's familiar form with tag (`busybox:latest`) for messages. */
  imageFamiliar: string;
  imageName: string;
  pull: 'missing' | 'always' | 'never';
  name: string | undefined;
  labels: Record<string, string>;
  snapshotter: string;
}

export interface Created {
  id: string;
  name: string;
  image: ResolvedImage;
}

export function newContainerId(): string {
  return randomBytes(32).toString('hex');
}

async function ensureImage(deps: CreateDeps, req: CreateRequest): Promise<ResolvedImage> {
  let record = req.pull === 'always' ? undefined : await deps.images.get(req.imageName);
  if (!record) {
    if (req.pull === 'never') throw new NotFoundError(`Error response from daemon: No such image: ${req.imageInput}`, 'IMAGE_NOT_FOUND');
    if (req.pull === 'missing') deps.onMessage?.(`Unable to find image '${req.imageFamiliar}' locally`);
    await deps.pull(req.imageName);
    record = await deps.images.get(req.imageName);
    if (!record) throw new NotFoundError(`Error response from daemon: No such image: ${req.imageInput}`, 'IMAGE_NOT_FOUND');
  }
  return resolveImage(deps.content, record, deps.pick);
}

export async function createContainer(deps: CreateDeps, req: CreateRequest): Promise<Created> {
  const image = await ensureImage(deps, req);
  const parent = topChainID(image) ?? '';
  const id = newContainerId();
  let name = req.name === undefined ? randomName() : validateName(req.name);
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.names.reserve(name, id);
      break;
    } catch (e) {
      if (req.name !== undefined || attempt > 10) throw e;
      name = randomName();
    }
  }
  let snapshotMade = false;
  try {
    await deps.leases.with(async (lease) => {
      if (parent && !(await deps.snapshots.stat(req.snapshotter, parent))) {
        await unpackLayers(deps, { snapshotter: req.snapshotter, layers: image.manifest.layers, diffIDs: image.config.rootfs.diff_ids, config: image.manifest.config, lease: lease.id }, async () => undefined);
      }
      await deps.snapshots.prepare(req.snapshotter, id, parent, {}, lease.id);
      snapshotMade = true;
      const spec = await deps.spec(image, { id, name });
      await deps.containers.create(
        {
          id,
          image: image.record.name,
          labels: { ...req.labels, ...deps.imageLabels?.(image), [NAME_LABEL]: name, [IMAGE_REF_LABEL]: req.imageInput, [CREATED_BY_LABEL]: 'tsctl' },
          spec,
          snapshotter: req.snapshotter,
          snapshotKey: id,
        },
        lease.id,
      );
    });
  } catch (e) {
    if (snapshotMade) await deps.snapshots.remove(req.snapshotter, id).catch(() => undefined);
    await deps.removeState?.(id).catch(() => undefined);
    await deps.names.release(name, id);
    throw e;
  }
  return { id, name, image };
}
