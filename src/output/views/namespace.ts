/** `namespace ls` rows: nerdctl's columns NAME CONTAINERS IMAGES VOLUMES LABELS. */
import type { NamespaceRow } from '../../services/namespaces/namespaces';
import { parseFormat } from '../format';
import { renderRows } from '../render';

export const NAMESPACE_TABLE = 'table {{.Name}}\t{{.Containers}}\t{{.Images}}\t{{.Volumes}}\t{{.Labels}}';
const HEADERS = { Name: 'NAME', Containers: 'CONTAINERS', Images: 'IMAGES', Volumes: 'VOLUMES', Labels: 'LABELS' };

export function renderList(rows: NamespaceRow[], opts: { quiet?: boolean; format?: string }): string {
  if (opts.quiet) return rows.map((r) => `${r.Name}\n`).join('');
  return renderRows(rows, parseFormat(opts.format, NAMESPACE_TABLE), { headers: HEADERS });
}
