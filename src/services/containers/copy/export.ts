/**
 * `export`: the container's filesystem as a tar — its snapshot mounted read-only (the image's layers with the
 * container's changes on top, no volumes or live /proc), entry names relative without a `./` root, as Docker.
 */
import type { Writable } from 'node:stream';
import type { ContainersPort } from '../../../containerd/ports';
import { findContainer } from '../resolve';
import { withContainerRoot, type RootfsDeps } from './rootfs';
import { packTree, pump } from './tree-tar';

export async function exportContainer(deps: RootfsDeps & { list: ContainersPort }, ref: string, out: Writable, signal?: AbortSignal): Promise<void> {
  const c = await findContainer(deps.list, ref);
  await withContainerRoot(deps, c.id, 'snapshot', (root) => pump(packTree(root, ''), out, signal));
}
