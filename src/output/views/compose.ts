/** Compose views: the `compose config` YAML document. */
import { stringify } from 'yaml';

/**
 * YAML as Docker Compose prints it (2-space indent, block style, no line folding). YAML 1.1 quoting, as go-yaml
 * v3 does: strings such as `yes`, `on`, `n` are written quoted so that old readers keep them strings.
 */
export function renderComposeConfig(doc: Record<string, unknown>): string {
  return stringify(doc, { version: '1.1', indent: 2, lineWidth: 0, nullStr: 'null', aliasDuplicateObjects: false });
}
