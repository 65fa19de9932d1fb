/**
 * `rename`: moves a container's name, moby's way (daemon/rename.go): the new name is reserved first (O_EXCL, so
 * it cannot be taken twice), then the `tsctl/name` label is rewritten, and only then is the old name released;
 * a failure after the reservation gives the new name back.
 */
import type { ContainerStore, ContainersPort } from '../../containerd/ports';
import { InvalidArgumentError, TsctlError } from '../../errors/index';
import type { NameStore } from '../../state/names';
import { validateName } from '../../state/names';
import { NAME_LABEL } from '../../labels';
import { findContainer } from './resolve';
import { containerName } from './list';

export interface RenameDeps {
  list: ContainersPort;
  containers: ContainerStore;
  names: NameStore;
  /** Told after the rename (peers' /etc/hosts entries follow the new name). */
  renamed?: (id: string, name: string) => Promise<void>;
}

const daemon = (e: TsctlError, prefix = ''): TsctlError => {
  e.message = `Error response from daemon: ${prefix}${e.message}`;
  return e;
};

/** Renames container `ref` to `newName`; errors carry Docker's daemon texts. */
export async function renameContainer(deps: RenameDeps, ref: string, newName: string): Promise<void> {
  const wanted = newName.trim();
  if (wanted.replace(/^\//, '') === '') throw new InvalidArgumentError('new name cannot be blank');
  if (ref.trim() === '') throw new InvalidArgumentError('invalid container name or ID: value is empty');
  const c = await findContainer(deps.list, ref.trim());
  const oldName = containerName(c);
  const canonical = wanted.startsWith('/') ? wanted : `/${wanted}`;
  if (canonical === `/${oldName}`) {
    throw new InvalidArgumentError('Error response from daemon: Renaming a container with the same name as its current name');
  }
  let name: string;
  try {
    name = validateName(canonical);
  } catch (e) {
    if (e instanceof TsctlError) throw daemon(e, 'Error when allocating new name: ');
    throw e;
  }
  try {
    await deps.names.reserve(name, c.id);
  } catch (e) {
    if (e instanceof TsctlError) throw daemon(e, 'Error when allocating new name: ');
    throw e;
  }
  try {
    await deps.containers.setLabels(c.id, { [NAME_LABEL]: name });
  } catch (e) {
    await deps.names.release(name, c.id);
    throw e;
  }
  await deps.names.release(oldName, c.id);
  await deps.renamed?.(c.id, name);
}
