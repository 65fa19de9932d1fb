/** `ps` rows in Docker's default table and display forms (truncated ID and quoted, cut command unless --no-trunc). */
import type { ContainerRow } from '../../services/containers/list';
import { ellipsis, goQuote, truncateID } from '../../compat/display';
import { parseFormat } from '../format';
import { renderRows } from '../render';
import { DOCKER_TABWRITER, renderTabwriter } from '../table';
import { humanSize } from './image';

export const PS_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';
const HEADERS = {
  ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED', Ports: 'PORTS',
  State: 'STATE', Status: 'STATUS', Names: 'NAMES', Labels: 'LABELS', Size: 'SIZE',
};

export function displayRow(r: ContainerRow, trunc: boolean): ContainerRow {
  return { ...r, ID: trunc ? truncateID(r.ID) : r.ID, Command: goQuote(trunc ? ellipsis(r.Command, 20) : r.Command) };
}

/** docker/cli requests sizes when a custom --format uses `.Size` (unless --size=false or -q). */
export function formatWantsSize(format: string | undefined): boolean {
  return format !== undefined && format !== 'table' && /\.Size\b/.test(format);
}

export function renderContainerList(rows: ContainerRow[], opts: { quiet?: boolean; format?: string; noTrunc?: boolean; size?: boolean }): string {
  const trunc = !opts.noTrunc;
  if (opts.quiet) return rows.map((r) => `${trunc ? truncateID(r.ID) : r.ID}\n`).join('');
  const table = opts.size ? `${PS_TABLE}\t{{.Size}}` : PS_TABLE;
  const format = opts.format === '' || opts.format === 'table' ? undefined : opts.format;
  return renderRows(rows.map((r) => displayRow(r, trunc)), parseFormat(format, table), { headers: HEADERS });
}

/** `top`: docker/cli's tabwriter (minwidth 20, padding 3) over the titles and the process rows. */
export function renderTop(titles: readonly string[], processes: readonly (readonly string[])[]): string {
  const text = [titles, ...processes].map((r) => `${r.join('\t')}\n`).join('');
  return renderTabwriter(text, { ...DOCKER_TABWRITER, minwidth: 20 });
}

/** `container prune`'s report: the deleted IDs, a blank line, the total (go-units HumanSize). */
export function renderContainerPrune(r: { deleted: readonly string[]; reclaimed: number }): string {
  return renderPruneReport('Containers', r);
}

/** docker/cli's prune report: `Deleted <Kind>:` and the names (when any), then the reclaimed space. */
export function renderPruneReport(kind: string, r: { deleted: readonly string[]; reclaimed: number }): string {
  const body = r.deleted.length > 0 ? `Deleted ${kind}:\n${r.deleted.map((id) => `${id}\n`).join('')}\n` : '';
  return `${body}Total reclaimed space: ${humanSize(r.reclaimed, 4)}\n`;
}
