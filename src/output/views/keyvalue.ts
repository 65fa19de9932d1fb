/**
 * Docker's "Key:<tab>value" sections (version, info), aligned as its tabwriter(minwidth 20, padding 1) does.
 */

export type KV = [key: string, value: string | number | boolean];

/** One line per entry; `indent` spaces before the key; values start at column 20 (or after the key). */
export function kvLines(entries: KV[], indent: number): string {
  const pad = ' '.repeat(indent);
  const width = Math.max(20, ...entries.map(([k]) => indent + k.length + 2));
  return entries
    .map(([k, v]) => `${`${pad}${k}:`.padEnd(width)}${String(v)}`.trimEnd() + '\n')
    .join('');
}
