/** Docker's display helpers (docker/cli formatter/displayutils.go): ID truncation and width-aware ellipsis. */

/** First 12 hex characters of an ID (a "sha256:" prefix dropped), as `stringid.TruncateID`. */
export function truncateID(id: string): string {
  const bare = id.includes(':') ? id.slice(id.indexOf(':') + 1) : id;
  return bare.slice(0, 12);
}

/** Cuts `s` to `max` characters, ending in "…" when cut. */
export function ellipsis(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  if (max <= 1) return chars.slice(0, max).join('');
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** Go's strconv.Quote for the printable-ASCII-and-UTF-8 cases `ps` meets. */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
