/**
 * Docker's `--format` flag handling (docker/cli cli/command/formatter/formatter.go, Context.preFormat):
 *
 *   (absent) or ""   → the command's default table
 *   "table"          → the command's default table
 *   "table <tmpl>"   → a table: <tmpl> rendered per row, a header row, aligned by tabwriter
 *   "json"           → `{{json .}}` per row, one JSON object per line
 *   anything else    → a Go template rendered per row, each followed by "\n"
 *
 * As in Docker, the literal two-character sequences `\t` and `\n` in the flag become a tab and a
 * newline, and surrounding spaces are trimmed (spaces only, like strings.Trim(s, " ")). Any string
 * starting with "table" is a table format (Docker's IsTable is a prefix test).
 */

export type FormatSpec =
  | { readonly kind: 'table'; readonly template: string }
  | { readonly kind: 'json' }
  | { readonly kind: 'template'; readonly template: string };

export const TABLE_FORMAT_KEY = 'table';
export const JSON_FORMAT_KEY = 'json';
export const JSON_TEMPLATE = '{{json .}}';

/** Docker's escape expansion: `\t` → tab, `\n` → newline (nothing else is unescaped). */
export function expandEscapes(s: string): string {
  return s.replace(/\\[tn]/g, (m) => (m === '\\t' ? '\t' : '\n'));
}

function trimSpaces(s: string): string {
  return s.replace(/^ +| +$/g, '');
}

function tableTemplate(format: string): string {
  const body = format.startsWith(TABLE_FORMAT_KEY) ? format.slice(TABLE_FORMAT_KEY.length) : format;
  return expandEscapes(trimSpaces(body));
}

/**
 * Interprets a `--format` value. `defaultTable` is the command's default, with or without the
 * leading "table" keyword (e.g. `table {{.ID}}\t{{.Image}}`).
 */
export function parseFormat(flag: string | undefined, defaultTable: string): FormatSpec {
  if (flag === undefined || flag === '' || flag === TABLE_FORMAT_KEY) {
    return { kind: 'table', template: tableTemplate(defaultTable) };
  }
  if (flag === JSON_FORMAT_KEY) return { kind: 'json' };
  if (flag.startsWith(TABLE_FORMAT_KEY)) {
    const template = tableTemplate(flag);
    return { kind: 'table', template: template === '' ? tableTemplate(defaultTable) : template };
  }
  return { kind: 'template', template: expandEscapes(trimSpaces(flag)) };
}

/** The template text a spec runs per row. */
export function rowTemplate(spec: FormatSpec): string {
  return spec.kind === 'json' ? JSON_TEMPLATE : spec.template;
}
