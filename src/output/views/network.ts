/** `network ls` (docker/cli cli/command/network/formatter.go) and `network prune` output. */
import type { NetworkRow } from '../../services/networks/networks';
import { truncateID } from '../../compat/display';
import { parseFormat } from '../format';
import { renderRows } from '../render';

export const NETWORK_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}';
const HEADERS = { ID: 'NETWORK ID', Name: 'NAME', Driver: 'DRIVER', Scope: 'SCOPE', IPv6: 'IPV6', Internal: 'INTERNAL', Labels: 'LABELS', CreatedAt: 'CREATED AT' };

export function renderNetworkList(rows: readonly NetworkRow[], opts: { quiet?: boolean; format?: string; noTrunc?: boolean }): string {
  const shown = opts.noTrunc ? rows : rows.map((r) => ({ ...r, ID: truncateID(r.ID) }));
  if (opts.quiet) return shown.map((r) => `${r.ID}\n`).join('');
  return renderRows(shown, parseFormat(opts.format, NETWORK_TABLE), { headers: HEADERS });
}

/** docker/cli: "Deleted Networks:\n<name>\n…" printed with Println (so a blank line follows); nothing when none. */
export function renderNetworkPrune(names: readonly string[]): string {
  return names.length === 0 ? '' : `Deleted Networks:\n${names.map((n) => `${n}\n`).join('')}\n`;
}
