/**
 * Unpacking an image's layers into a snapshotter, layer by layer, as containerd's unpacker does: a committed
 * snapshot named after each layer's ChainID, made by Prepare (parent = previous ChainID) → Diff.Apply (the
 * layer blob onto the mounts; the result must be the config's diff_id) → Commit. Existing snapshots are reused.
 * Afterwards the config blob carries the gc label that keeps the snapshot chain alive once the lease is gone.
 */
import { randomBytes } from 'node:crypto';
import type { ContentPort, Desc, DiffPort, SnapshotsPort } from '../../containerd/ports';
import { ConflictError, InvalidArgumentError } from '../../errors/index';
import { chainIDs } from '../../oci/identity';
import { SNAPSHOT_REF_LABEL, UNCOMPRESSED_LABEL, snapshotGCLabel } from '../../oci/gc-labels';

export interface UnpackDeps {
  snapshots: SnapshotsPort;
  diff: DiffPort;
  content: ContentPort;
}

export interface LayerUnpackEvent {
  index: number;
  layer: Desc;
  status: 'exists' | 'extracting' | 'done';
}

export interface UnpackPlan {
  snapshotter: string;
  layers: Desc[];
  diffIDs: string[];
  config: Desc;
  lease?: string;
}

function isAlreadyExists(e: unknown): boolean {
  return e instanceof ConflictError && e.code === 'ALREADY_EXISTS';
}

/**
 * Returns a function that unpacks layer i once `ready(i)` resolves (its blob is in the content store) and layer
 * i-1 is unpacked: callers start it before downloads finish, so extraction overlaps with later downloads.
 */
export async function unpackLayers(
  deps: UnpackDeps,
  plan: UnpackPlan,
  ready: (index: number) => Promise<void>,
  onEvent: (e: LayerUnpackEvent) => void = () => undefined,
): Promise<string> {
  if (plan.layers.length !== plan.diffIDs.length) {
    throw new InvalidArgumentError(`image has ${plan.layers.length} layers but ${plan.diffIDs.length} diff_ids in its config`);
  }
  const chain = chainIDs(plan.diffIDs);
  // Off the layer-to-layer path: which snapshots exist (asked once, together) and the layers' labels (written
  // meanwhile, awaited at the end).
  const existing = await Promise.all(chain.map((id) => deps.snapshots.stat(plan.snapshotter, id)));
  const labelWrites: Promise<void>[] = [];
  const settleLabels = async (): Promise<void> => {
    const r = await Promise.allSettled(labelWrites);
    for (const x of r) if (x.status === 'rejected') throw x.reason;
  };
  for (let i = 0; i < plan.layers.length; i++) {
    const layer = plan.layers[i] as Desc;
    const id = chain[i] as string;
    const parent = i === 0 ? '' : (chain[i - 1] as string);
    if (existing[i]) {
      onEvent({ index: i, layer, status: 'exists' });
      continue;
    }
    await ready(i);
    onEvent({ index: i, layer, status: 'extracting' });
    const key = `extract-${Date.now()}-${randomBytes(4).toString("base64url")} ${id}`;
    let mounts;
    try {
      mounts = await deps.snapshots.prepare(plan.snapshotter, key, parent, { [SNAPSHOT_REF_LABEL]: id }, plan.lease);
    } catch (e) {
      if (isAlreadyExists(e)) {
        onEvent({ index: i, layer, status: 'exists' });
        continue;
      }
      throw e;
    }
    try {
      const applied = await deps.diff.apply(layer, mounts, plan.lease);
      if (applied.digest !== plan.diffIDs[i]) {
        throw new InvalidArgumentError(`layer ${layer.digest}: unpacked digest ${applied.digest} does not match diff_id ${plan.diffIDs[i]}`);
      }
      try {
        await deps.snapshots.commit(plan.snapshotter, id, key, { [SNAPSHOT_REF_LABEL]: id }, plan.lease);
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
        await deps.snapshots.remove(plan.snapshotter, key);
      }
    } catch (e) {
      await deps.snapshots.remove(plan.snapshotter, key).catch(() => undefined);
      await settleLabels().catch(() => undefined);
      throw e;
    }
    const labelled = deps.content.setLabels(layer.digest, { [UNCOMPRESSED_LABEL]: plan.diffIDs[i] as string });
    labelled.catch(() => undefined); // awaited in settleLabels
    labelWrites.push(labelled);
    onEvent({ index: i, layer, status: 'done' });
  }
  await settleLabels();
  const top = chain[chain.length - 1];
  if (top !== undefined) await deps.content.setLabels(plan.config.digest, { [snapshotGCLabel(plan.snapshotter)]: top });
  return top ?? '';
}
