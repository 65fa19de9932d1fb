/**
 * Renders command output for a parsed `--format` (./format.ts), following docker/cli's formatter:
 *
 *  table     header row (the same template run on a header object with headerFuncs; errors there are
 *            ignored, keeping the partial output, as Docker does), then each row + "\n", all aligned
 *            by the tabwriter (./table.ts). The header object maps every field the template reads to
 *            `headers[field]`, defaulting to the field name upper-cased.
 *  json      `{{json .}}` per row + "\n".
 *  template  each row's output + "\n".
 *
 * As Docker's row contexts marshal as maps, `json` of a whole row (`--format json`, `{{json .}}`)
 * writes object keys sorted; `json` of anything else keeps insertion order (see goJSON). Execution errors are reported like Docker:
 * `template parsing error: template: :1:2: executing "" at <.Foo>: …` (GoTemplateError; the bare Go
 * text is in `goMessage`).
 */
import { rowTemplate, type FormatSpec } from './format';
import {
  GoTemplateError, PARSE_ERROR_PREFIX, goJSON, headerFuncs, parseTemplate, withArity, type ExecOptions, type FuncMap, type Template,
} from './gotemplate/index';
import { renderTabwriter } from './table';

export interface RenderOptions {
  /** Extra template functions (override Docker's and Go's). */
  readonly funcs?: FuncMap;
  /** Table header text per field name, e.g. `{ ID: 'CONTAINER ID' }`; default: the name upper-cased. */
  readonly headers?: Readonly<Record<string, string>>;
}

function prefixed(e: GoTemplateError): GoTemplateError {
  return new GoTemplateError(PARSE_ERROR_PREFIX + e.goMessage, e.goMessage);
}

function execRow(tmpl: Template, row: unknown, opts: ExecOptions = {}): string {
  const { output, error } = tmpl.executePartial(row, opts);
  if (error !== undefined) throw prefixed(error);
  return output;
}

/** Builds the object a table header is rendered from. */
export function headerObject(fields: readonly string[], headers: Readonly<Record<string, string>> = {}): Record<string, string> {
  const h: Record<string, string> = {};
  for (const f of fields) {
    const given = Object.prototype.hasOwnProperty.call(headers, f) ? headers[f] : undefined;
    h[f] = given ?? f.toUpperCase();
  }
  return h;
}

/** Renders a list of rows (ps, images, volume ls, …) for a --format spec. */
export function renderRows(rows: readonly unknown[], spec: FormatSpec, opts: RenderOptions = {}): string {
  let current: unknown;
  const rowJSON: FuncMap = { json: withArity((v: unknown) => goJSON(v, v === current && current !== undefined ? { sortKeys: true, escapeHTML: true } : {}), 1) };
  const tmpl = parseTemplate(rowTemplate(spec), { ...rowJSON, ...opts.funcs });
  const body = rows
    .map((row) => {
      current = row;
      return execRow(tmpl, row) + '\n';
    })
    .join('');
  if (spec.kind !== 'table') return body;
  const header = tmpl.withFuncs(headerFuncs).executePartial(headerObject(tmpl.fieldNames(), opts.headers)).output;
  return renderTabwriter(header + '\n' + body);
}

export interface RenderOneOptions extends ExecOptions {
  readonly funcs?: FuncMap;
}

/**
 * Renders one object with a template (`inspect -f`, `version --format`, `info --format`). Returns the
 * output without a trailing newline. Parse and execution errors are GoTemplateErrors prefixed
 * `template parsing error: ` as in docker inspect; `missingKey: 'error'` reproduces inspect's
 * `map has no entry for key "Foo"` for unknown keys.
 */
export function renderOne(data: unknown, template: string, opts: RenderOneOptions = {}): string {
  return execRow(parseTemplate(template, opts.funcs), data, opts);
}
