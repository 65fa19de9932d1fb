/** `volume ls` rows (docker/cli's volume formatter) and the `volume prune` report. */
import type { DockerVolume } from '../../services/volumes/model';
import { parseFormat } from '../format';
import { renderRows } from '../render';
import { renderPruneReport } from './container';

export const VOLUME_TABLE = 'table {{.Driver}}\t{{.Name}}';
const HEADERS = { Name: 'VOLUME NAME', Driver: 'DRIVER', Scope: 'SCOPE', Mountpoint: 'MOUNTPOINT', Labels: 'LABELS', Links: 'LINKS', Size: 'SIZE' };

/** sortorder.NaturalLess: digit runs compare as numbers. */
function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'variant', caseFirst: 'upper' });
}

/** docker/cli's volumeContext: every field a string; size and links are only known with `system df`. */
export function volumeRow(v: DockerVolume): Record<string, string> {
  return {
    Availability: 'N/A',
    Driver: v.Driver,
    Group: 'N/A',
    Labels: Object.entries(v.Labels ?? {}).map(([k, val]) => `${k}=${val}`).sort().join(','),
    Links: 'N/A',
    Mountpoint: v.Mountpoint,
    Name: v.Name,
    Scope: v.Scope,
    Size: 'N/A',
    Status: 'N/A',
  };
}

export function renderVolumeList(volumes: DockerVolume[], opts: { quiet?: boolean; format?: string }): string {
  const sorted = [...volumes].sort((a, b) => naturalCompare(a.Name, b.Name));
  if (opts.quiet) return sorted.map((v) => `${v.Name}\n`).join('');
  return renderRows(sorted.map(volumeRow), parseFormat(opts.format, VOLUME_TABLE), { headers: HEADERS });
}

export function renderVolumePrune(r: { deleted: readonly string[]; reclaimed: number }): string {
  return renderPruneReport('Volumes', r);
}
