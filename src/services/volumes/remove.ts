/**
 * `volume rm` and `volume prune`: a volume any container mounts is refused with moby's OpErr text
 * (`remove NAME: volume is in use - [ID, ID]`); `-f` ignores volumes that do not exist. Prune removes the unused
 * volumes — by default only anonymous ones (moby ≥ 1.42), all with `--all` — and reports the space they held.
 */
import { ConflictError } from '../../errors/index';
import { boolFilter, labelMatcher, validateFilters, type Filters } from '../images/list';
import { ANONYMOUS_LABEL, noSuchVolume, volumeUsers, type VolumeDeps } from './model';

export async function removeVolume(deps: VolumeDeps, name: string, force: boolean): Promise<void> {
  const v = await deps.volumes.get(name);
  if (!v) {
    if (force) return;
    throw noSuchVolume(name);
  }
  const users = (await volumeUsers(deps.list)).get(name) ?? [];
  if (users.length > 0) throw new ConflictError(`Error response from daemon: remove ${name}: volume is in use - [${users.join(', ')}]`);
  await deps.volumes.remove(name);
}

/** A removed container's anonymous volumes (`rm -v`, `--rm`); volumes another container still mounts are kept. */
export async function removeAnonymousVolumes(deps: VolumeDeps, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const users = await volumeUsers(deps.list);
  for (const n of names) if (!users.has(n)) await deps.volumes.remove(n);
}

export const PRUNE_FILTERS = ['label', 'label!', 'all'] as const;

export async function pruneVolumes(deps: VolumeDeps, filters: Filters): Promise<{ deleted: string[]; reclaimed: number }> {
  validateFilters(filters, PRUNE_FILTERS);
  const all = boolFilter(filters, 'all') === true;
  const labels = labelMatcher(filters);
  const users = await volumeUsers(deps.list);
  const deleted: string[] = [];
  let reclaimed = 0;
  for (const v of await deps.volumes.list()) {
    if (users.has(v.Name) || !labels(v.Labels)) continue;
    if (!all && !(v.Anonymous || ANONYMOUS_LABEL in v.Labels)) continue;
    const size = await deps.volumes.size(v.Name).catch(() => 0);
    if (await deps.volumes.remove(v.Name)) {
      deleted.push(v.Name);
      reclaimed += size;
    }
  }
  return { deleted, reclaimed };
}
