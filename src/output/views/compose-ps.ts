/** `compose ps` rows: Docker Compose's table (NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS), json lines, templates. */
import type { ContainerRow } from '../../services/containers/list';
import { parseFormat } from '../format';
import { renderRows } from '../render';
import { displayRow } from './container';

export interface ComposePsRow extends ContainerRow {
  Service: string;
  Project: string;
}

const TABLE = 'table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}';
const HEADERS = { Name: 'NAME', Image: 'IMAGE', Command: 'COMMAND', Service: 'SERVICE', RunningFor: 'CREATED', Status: 'STATUS', Ports: 'PORTS', ID: 'CONTAINER ID', State: 'STATE', Project: 'PROJECT' };

export function renderComposePs(rows: readonly ComposePsRow[], opts: { quiet?: boolean; format?: string; noTrunc?: boolean }): string {
  if (opts.quiet) return rows.map((r) => `${r.ID}\n`).join('');
  const trunc = opts.noTrunc !== true;
  const shaped = rows.map((r) => ({ ...displayRow(r, trunc), ID: r.ID, Name: r.Names, Service: r.Service, Project: r.Project }));
  const format = opts.format === undefined || opts.format === '' || opts.format === 'table' ? undefined : opts.format;
  return renderRows(shaped, parseFormat(format, TABLE), { headers: HEADERS });
}
