/**
 * Docker's template functions (docker/cli templates/templates.go) and the JSON encoder behind `json`.
 *
 *  json      Go json.Encoder with SetEscapeHTML(false), trailing newline trimmed — Docker does NOT
 *            escape <, > and & (pass `escapeHTML` to goJSON for json.Marshal's behaviour); U+2028/2029
 *            are always escaped, as Go does. Objects keep insertion order (Go structs); Map instances are
 *            written with sorted keys (Go maps); class instances contribute fields + getters.
 *  split     strings.Split          join   strings.Join (non-string elements printed with %v)
 *  title     strings.Title          lower/upper  per-rune case mapping
 *  pad       pad(s, before, after): spaces around s, "" stays ""
 *  truncate  truncate(s, n): the first n characters (runes; Docker slices bytes — same for ASCII)
 *
 * `headerFuncs` mirrors templates.HeaderFunctions: json/split/join/title/lower/upper/truncate return
 * their (string) first argument unchanged so table headers survive; `pad` is deliberately not
 * overridden, exactly as in Docker, so headers stay aligned with padded columns.
 */
import { ArgError } from './errors';
import { fmtArg } from './fmt';
import { argInt, argString, withArity, type FuncMap } from './funcs';
import { compareKeys, isPlainObject, structFieldNames } from './values';

export interface JSONOptions {
  /** json.Marshal's escaping of <, >, & as \u003c, \u003e, \u0026 (Docker's `json` func: false). */
  readonly escapeHTML?: boolean;
  /** Write object keys (plain objects and class instances, at every level) sorted, as Go does for maps. */
  readonly sortKeys?: boolean;
}

function encodeString(s: string, escapeHTML: boolean): string {
  let out = JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  if (escapeHTML) out = out.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return out;
}

function encode(v: unknown, opts: JSONOptions, depth: number): string | undefined {
  if (depth > 200) throw new Error('json: unsupported value: encountered a cycle');
  const esc = opts.escapeHTML === true;
  switch (typeof v) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'boolean':
      return String(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'bigint':
      return v.toString();
    case 'string':
      return encodeString(v, esc);
    default:
  }
  if (v === null) return 'null';
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return encode(toJSON.call(v), opts, depth + 1);
  if (Array.isArray(v)) return '[' + v.map((e) => encode(e, opts, depth + 1) ?? 'null').join(',') + ']';
  let entries: Array<[string, unknown]>;
  if (v instanceof Map) {
    entries = [...v.entries()].sort((a, b) => compareKeys(a[0], b[0])).map(([k, e]): [string, unknown] => [String(k), e]);
  } else if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (opts.sortKeys === true) keys.sort(compareKeys);
    entries = keys.map((k) => [k, v[k]]);
  } else {
    const names = structFieldNames(v as object);
    if (opts.sortKeys === true) names.sort(compareKeys);
    entries = names.map((k) => [k, (v as Record<string, unknown>)[k]]);
  }
  const parts: string[] = [];
  for (const [k, e] of entries) {
    const enc = encode(e, opts, depth + 1);
    if (enc !== undefined) parts.push(`${encodeString(k, esc)}:${enc}`);
  }
  return '{' + parts.join(',') + '}';
}

/** Go-compatible JSON text of a value (compact, no trailing newline). */
export function goJSON(v: unknown, opts: JSONOptions = {}): string {
  return encode(v, opts, 0) ?? 'null';
}

function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    const sep = prev.charCodeAt(0) <= 0x7f ? !/[A-Za-z0-9_]/.test(prev) : !/[\p{L}\p{Nd}]/u.test(prev) && /\s/u.test(prev);
    out += sep ? mapRune(ch, 'upper') : ch;
    prev = ch;
  }
  return out;
}

/** unicode.ToUpper/ToLower applied rune by rune (no multi-rune expansions such as ß → SS). */
function mapRune(ch: string, dir: 'upper' | 'lower'): string {
  const m = dir === 'upper' ? ch.toUpperCase() : ch.toLowerCase();
  return [...m].length === 1 ? m : ch;
}
const mapString = (s: string, dir: 'upper' | 'lower'): string => [...s].map((c) => mapRune(c, dir)).join('');

function join(list: unknown, sep: unknown): string {
  const s = argString(sep);
  if (list === undefined || list === null) return '';
  if (!Array.isArray(list)) throw new ArgError(`wrong type for value; expected []string; got ${typeof list === 'string' ? 'string' : 'map[string]interface {}'}`);
  const noFlags = { minus: false, plus: false, sharp: false, space: false, zero: false, width: undefined, prec: undefined, plusV: false };
  return list.map((e) => (typeof e === 'string' ? e : fmtArg(e, 'v', noFlags))).join(s);
}

function pad(s: unknown, before: unknown, after: unknown): string {
  const str = argString(s);
  const [b, a] = [argInt(before), argInt(after)];
  if (str === '') return str;
  if (b < 0 || a < 0) throw new Error('strings: negative Repeat count');
  return ' '.repeat(b) + str + ' '.repeat(a);
}

function truncate(s: unknown, n: unknown): string {
  const runes = [...argString(s)];
  const len = argInt(n);
  if (runes.length < len) return runes.join('');
  if (len < 0) throw new Error(`runtime error: slice bounds out of range [:${len}]`);
  return runes.slice(0, len).join('');
}

export const dockerFuncs: FuncMap = {
  json: withArity((v: unknown) => goJSON(v), 1),
  split: withArity((s: unknown, sep: unknown) => {
    const [str, sp] = [argString(s), argString(sep)];
    return sp === '' ? [...str] : str.split(sp);
  }, 2, 2, ['string', 'string']),
  join: withArity(join, 2, 2, ['list', 'string']),
  title: withArity((s: unknown) => title(argString(s)), 1, 1, ['string']),
  lower: withArity((s: unknown) => mapString(argString(s), 'lower'), 1, 1, ['string']),
  upper: withArity((s: unknown) => mapString(argString(s), 'upper'), 1, 1, ['string']),
  pad: withArity(pad, 3, 3, ['string', 'int', 'int']),
  truncate: withArity(truncate, 2, 2, ['string', 'int']),
};

export const headerFuncs: FuncMap = {
  json: withArity((v: unknown) => argString(v), 1, 1, ['string']),
  split: withArity((v: unknown) => argString(v), 2, 2, ['string', 'string']),
  join: withArity((v: unknown) => argString(v), 2, 2, ['string', 'string']),
  title: withArity((v: unknown) => argString(v), 1, 1, ['string']),
  lower: withArity((v: unknown) => argString(v), 1, 1, ['string']),
  upper: withArity((v: unknown) => argString(v), 1, 1, ['string']),
  truncate: withArity((v: unknown) => argString(v), 2, 2, ['string', 'int']),
};
