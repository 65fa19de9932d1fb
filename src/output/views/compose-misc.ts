/**
 * Docker Compose v2.24's listings: `compose top` (per container its name then a ps table), `compose images`,
 * `compose ls` (cmd/formatter.Print: table, json), `compose version`.
 */
import { InvalidOptionError } from '../../errors/index';
import { renderTabwriter } from '../table';
import { humanSize } from './image';

/** Compose's `psPrinter`: tabwriter(minwidth 5, tabwidth 1, padding 3), header, rows ending in a tab, a blank line. */
export function renderComposeTop(containers: readonly { name: string; titles: readonly string[]; processes: readonly (readonly string[])[] }[]): string {
  return containers
    .map((c) => `${c.name}\n${renderTabwriter(`${c.titles.join('\t')}\n${c.processes.map((p) => `${p.map((f) => `${f}\t`).join('')}\n`).join('')}\n`, { minwidth: 5, tabwidth: 1, padding: 3, padchar: ' ' })}`)
    .join('');
}

/**
 * compose's formatter.Print: `table`/`pretty`/"" → tabwriter(minwidth 20, tabwidth 1, padding 3) with the header,
 * `json` → the list as one line of JSON; any other value is Compose's parse error.
 */
export function composePrint(items: readonly object[], format: string | undefined, headers: readonly string[], rows: readonly (readonly string[])[]): string {
  switch ((format ?? '').toLowerCase()) {
    case 'table':
    case 'pretty':
    case '':
      return renderTabwriter(`${headers.join('\t')}\n${rows.map((r) => `${r.join('\t')}\n`).join('')}`, { minwidth: 20, tabwidth: 1, padding: 3, padchar: ' ' });
    case 'json':
      return `${JSON.stringify(items)}\n`;
    default:
      throw new InvalidOptionError(`format value ${JSON.stringify(format)} could not be parsed: parsing failed`);
  }
}

/** api.ImageSummary as Compose 2.24 marshals it. */
export interface ComposeImageRow {
  ID: string;
  ContainerName: string;
  Repository: string;
  Tag: string;
  Size: number;
}

export function renderComposeImages(rows: readonly ComposeImageRow[], opts: { quiet?: boolean; format?: string }): string {
  if (opts.quiet) {
    const ids = [...new Set(rows.map((r) => r.ID.slice(r.ID.indexOf(':') + 1)))];
    return ids.map((id) => `${id}\n`).join('');
  }
  const sorted = [...rows].sort((a, b) => (a.ContainerName < b.ContainerName ? -1 : a.ContainerName > b.ContainerName ? 1 : 0));
  return composePrint(
    sorted,
    opts.format,
    ['CONTAINER', 'REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE'],
    sorted.map((r) => [r.ContainerName, r.Repository || '<none>', r.Tag || '<none>', r.ID.slice(r.ID.indexOf(':') + 1, r.ID.indexOf(':') + 13), humanSize(r.Size)]),
  );
}

/** Compose's combinedStatus: `exited(1), running(2)` (states sorted, each with its count). */
export function combinedStatus(states: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.keys()].sort().map((s) => `${s}(${counts.get(s) ?? 0})`).join(', ');
}

/** Compose's stackView. */
export interface ComposeStack {
  Name: string;
  Status: string;
  ConfigFiles: string;
}

export function renderComposeLs(stacks: readonly ComposeStack[], opts: { quiet?: boolean; format?: string }): string {
  if (opts.quiet) return stacks.map((s) => `${s.Name}\n`).join('');
  return composePrint(stacks, opts.format, ['NAME', 'STATUS', 'CONFIG FILES'], stacks.map((s) => [s.Name, s.Status, s.ConfigFiles]));
}

/**
 * `compose version`: `--short` the bare number, `--format json` Compose's one-line object, else the pretty line —
 * with tsctl's own version after it, so nobody mistakes it for Docker's plugin (docs/compat.md).
 */
export function renderComposeVersion(composeVersion: string, tsctl: { bin: string; version: string }, opts: { short?: boolean; format?: string }): string {
  if (opts.short) return `${composeVersion}\n`;
  if (opts.format === 'json') return `{"version":${JSON.stringify(`v${composeVersion}`)}}\n`;
  return `Docker Compose version v${composeVersion} (${tsctl.bin} ${tsctl.version})\n`;
}
