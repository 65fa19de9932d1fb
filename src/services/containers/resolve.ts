/**
 * Finding a container the way every Docker verb does: full ID, exact name, or a unique ID prefix.
 */
import type { ContainerRecord, ContainersPort } from '../../containerd/ports';
import { AmbiguousRefError, NotFoundError } from '../../errors/index';
import { containerName } from './list';

export function noSuchContainer(ref: string): NotFoundError {
  return new NotFoundError(`Error response from daemon: No such container: ${ref}`, 'CONTAINER_NOT_FOUND');
}

export async function findContainer(containers: ContainersPort, ref: string): Promise<ContainerRecord> {
  const all = await containers.list();
  const byId = all.find((c) => c.id === ref);
  if (byId) return byId;
  const byName = all.find((c) => containerName(c) === ref.replace(/^\//, ''));
  if (byName) return byName;
  if (/^[a-f0-9]+$/.test(ref)) {
    const prefixed = all.filter((c) => c.id.startsWith(ref));
    if (prefixed.length > 1) throw new AmbiguousRefError(`Error response from daemon: multiple IDs found with provided prefix: ${ref}`);
    if (prefixed[0]) return prefixed[0];
  }
  throw noSuchContainer(ref);
}
