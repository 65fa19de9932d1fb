/**
 * Docker's `inspect` output: a JSON array with 4-space indentation, or with --format the template run once per
 * object. Objects are printed even when other references failed (the errors follow on stderr).
 */
import { renderOne } from './render';

export function renderInspect(objects: unknown[], format: string | undefined): string {
  if (format === undefined || format === '') {
    return `${JSON.stringify(objects, null, 4)}\n`;
  }
  const template = format === 'json' ? '{{json .}}' : format;
  return objects.map((o) => `${renderOne(o, template)}\n`).join('');
}
