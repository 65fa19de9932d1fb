/** Compose views: the `compose config` YAML document. */
import { stringify } from 'yaml';

/** YAML as Docker Compose prints it (2-space indent, block style, no line folding). */
export function renderComposeConfig(doc: Record<string, unknown>): string {
  return stringify(doc, { indent: 2, lineWidth: 0, nullStr: 'null', aliasDuplicateObjects: false });
}
