/**
 * `volume ls` and `volume inspect`: moby's volume/service filtersToBy — `dangling` (not used by any container),
 * `name` (exact or regexp), `driver` (exact), `label`/`label!` — over the namespace's volumes.
 */
import { toTsctlError, type TsctlError } from '../../errors/index';
import { boolFilter, labelMatcher, validateFilters, type Filters } from '../images/list';
import { filterMatch } from '../containers/ps-filter';
import { dockerVolume, noSuchVolume, volumeUsers, type DockerVolume, type VolumeDeps, type VolumeRecord } from './model';

export const LS_FILTERS = ['dangling', 'name', 'driver', 'label', 'label!'] as const;

export async function listVolumes(deps: VolumeDeps, filters: Filters): Promise<DockerVolume[]> {
  validateFilters(filters, LS_FILTERS);
  const dangling = boolFilter(filters, 'dangling');
  const labels = labelMatcher(filters);
  const users = dangling === undefined ? undefined : await volumeUsers(deps.list);
  const drivers = filters.get('driver');
  return (await deps.volumes.list())
    .filter((v) => filterMatch(filters, 'name', v.Name))
    .filter((v) => drivers === undefined || drivers.includes('local'))
    .filter((v) => labels(v.Labels))
    .filter((v) => users === undefined || users.has(v.Name) !== dangling)
    .map((v) => dockerVolume(v, deps.volumes.mountpoint(v.Name)));
}

/** `volume inspect` (and the top-level inspect): one result per name, in order. */
export async function inspectVolume(deps: Pick<VolumeDeps, 'volumes'>, name: string): Promise<DockerVolume> {
  const v: VolumeRecord | undefined = await deps.volumes.get(name);
  if (!v) throw noSuchVolume(name);
  return dockerVolume(v, deps.volumes.mountpoint(name));
}

/** `volume inspect`: one result per name, in order (found ones are printed even when others fail). */
export async function inspectVolumes(deps: Pick<VolumeDeps, 'volumes'>, names: readonly string[]): Promise<({ ok: DockerVolume } | { error: TsctlError })[]> {
  const out: ({ ok: DockerVolume } | { error: TsctlError })[] = [];
  for (const name of names) {
    try {
      out.push({ ok: await inspectVolume(deps, name) });
    } catch (e) {
      out.push({ error: toTsctlError(e) });
    }
  }
  return out;
}
