/**
 * Reads one Compose file's YAML: anchors, aliases and `<<` merge keys resolved; Compose's `!reset` (drop the
 * inherited value) and `!override` (replace it without merging) tags kept as markers for the merge step.
 */
import { LineCounter, parseDocument, type Document, type Node, type Tags } from 'yaml';
import { ConfigError } from '../errors/index';
import { isPlainObject, Override, RESET } from './tree';

/** An `!override` collection before its node is converted with the document (aliases, merge keys). */
class PendingOverride {
  constructor(readonly node: Node) {}
}

/** go-yaml reads a leading-zero integer (`mode: 0440`) as octal, as YAML 1.1 did; Compose files rely on it. */
const legacyOctal = { tag: 'tag:yaml.org,2002:int', default: true, test: /^0[0-7]+$/, resolve: (s: string) => parseInt(s, 8), identify: () => false };

const tags: Tags = [
  { tag: '!reset', resolve: () => RESET },
  { tag: '!reset', collection: 'map' as const, resolve: () => RESET },
  { tag: '!reset', collection: 'seq' as const, resolve: () => RESET },
  { tag: '!override', resolve: (s: string) => new Override(s) },
  { tag: '!override', collection: 'map' as const, resolve: (n: Node) => new PendingOverride(n) },
  { tag: '!override', collection: 'seq' as const, resolve: (n: Node) => new PendingOverride(n) },
];

function finishOverrides(v: unknown, doc: Document): unknown {
  if (v instanceof PendingOverride) return new Override(finishOverrides(v.node.toJS(doc), doc));
  if (v instanceof Override) return v;
  if (Array.isArray(v)) return v.map((x) => finishOverrides(x, doc));
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) v[k] = finishOverrides(v[k], doc);
  }
  return v;
}

/** Parses `text` (file `file`, for errors) into a plain mapping. */
export function parseComposeYaml(text: string, file: string): Record<string, unknown> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { merge: true, customTags: (core: Tags) => [legacyOctal, ...core, ...tags], prettyErrors: false, uniqueKeys: true, lineCounter });
  const err = doc.errors[0];
  if (err) {
    const { line } = lineCounter.linePos(err.pos[0]);
    throw new ConfigError(`failed to parse ${file}: yaml: line ${line}: ${err.message.split('\n')[0]}`);
  }
  const value = finishOverrides(doc.toJS({ maxAliasCount: 1000 }), doc);
  if (value === null || value === undefined) throw new ConfigError('empty compose file', { hint: file });
  if (!isPlainObject(value)) throw new ConfigError('top-level object must be a mapping', { hint: file });
  return value;
}
