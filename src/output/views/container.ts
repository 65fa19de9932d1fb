/** `ps` rows in Docker's default table and display forms (truncated ID and quoted, cut command unless --no-trunc). */
import type { ContainerRow } from '../../services/containers/list';
import { ellipsis, goQuote, truncateID } from '../../compat/display';
import { parseFormat } from '../format';
import { renderRows } from '../render';

export const PS_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';
const HEADERS = {
  ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED', Ports: 'PORTS',
  State: 'STATE', Status: 'STATUS', Names: 'NAMES', Labels: 'LABELS',
};

export function displayRow(r: ContainerRow, trunc: boolean): ContainerRow {
  return { ...r, ID: trunc ? truncateID(r.ID) : r.ID, Command: goQuote(trunc ? ellipsis(r.Command, 20) : r.Command) };
}

export function renderContainerList(rows: ContainerRow[], opts: { quiet?: boolean; format?: string; noTrunc?: boolean }): string {
  const trunc = !opts.noTrunc;
  if (opts.quiet) return rows.map((r) => `${trunc ? truncateID(r.ID) : r.ID}\n`).join('');
  return renderRows(rows.map((r) => displayRow(r, trunc)), parseFormat(opts.format, PS_TABLE), { headers: HEADERS });
}
