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
export class VolumeRow {
  Availability = 'N/A';
  Driver: string;
  Group = 'N/A';
  Labels: string;
  Links = 'N/A';
  Mountpoint: string;
  Name: string;
  Scope: string;
  Size = 'N/A';
  Status = 'N/A';

  constructor(private readonly volume: DockerVolume) {
    this.Driver = volume.Driver;
    this.Labels = Object.entries(volume.Labels ?? {}).map(([k, val]) => `${k}=${val}`).sort().join(',');
    this.Mountpoint = volume.Mountpoint;
    this.Name = volume.Name;
    this.Scope = volume.Scope;
    Object.defineProperty(this, 'volume', { enumerable: false });
  }

  /** `{{.Label "key"}}`: one label's value ('' when absent). */
  Label(name: string): string {
    return this.volume.Labels?.[name] ?? '';
  }
}

export function renderVolumeList(volumes: DockerVolume[], opts: { quiet?: boolean; format?: string }): string {
  const sorted = [...volumes].sort((a, b) => naturalCompare(a.Name, b.Name));
  if (opts.quiet) return sorted.map((v) => `${v.Name}\n`).join('');
  return renderRows(sorted.map((v) => new VolumeRow(v)), parseFormat(opts.format, VOLUME_TABLE), { headers: HEADERS });
}

export function renderVolumePrune(r: { deleted: readonly string[]; reclaimed: number }): string {
  return renderPruneReport('Volumes', r);
}
