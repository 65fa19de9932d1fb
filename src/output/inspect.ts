/**
 * Docker's `inspect` output: a JSON array with 4-space indentation, or with --format the template run once per
 * object. Objects are printed even when other references failed (the errors follow on stderr).
 */
import { goJSON, GoTemplateError, parseTemplate, type Template } from './gotemplate/index';
import { TsctlError } from '../errors/index';
import { renderOne } from './render';

export function renderInspect(objects: unknown[], format: string | undefined): string {
  // Docker marshals with encoding/json (HTML characters escaped) and indents with 4 spaces; `--format json`
  // is the same array on one line.
  if (format === undefined || format === '') return `${escapeHTML(JSON.stringify(objects, null, 4))}\n`;
  if (format === 'json') return `${goJSON(objects, { escapeHTML: true })}\n`;
  return objects.map((o) => `${renderOne(o, format)}\n`).join('');
}

function escapeHTML(s: string): string {
  return s.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/**
 * The `-f/--format` of the inspect commands, parsed up front: undefined for the default and `json`; a template
 * that does not parse exits 64 (docker/cli's StatusError{StatusCode: 64}).
 */
export function inspectTemplate(format: string | undefined): Template | undefined {
  if (format === undefined || format === '' || format === 'json') return undefined;
  try {
    return parseTemplate(format);
  } catch (e) {
    if (e instanceof GoTemplateError) throw new TsctlError('TEMPLATE_INVALID', e.message, 64, { cause: e });
    throw e;
  }
}
