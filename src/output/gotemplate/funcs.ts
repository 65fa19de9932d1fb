/**
 * Go text/template's predefined functions: and or not call len index slice print printf println
 * html js urlquery eq ne lt le gt ge — with Go's error texts (`index out of range: 5`,
 * `incompatible types for comparison: int and string`, …).
 *
 * Deviation: JS has one number type, so int vs float64 operands compare numerically instead of
 * failing with Go's "incompatible types" error. `null` counts as nil for eq/ne and `len null` is 0
 * (JSON null usually stands for an empty slice or map).
 */
import { ArgError } from './errors';
import { isPrint, sprint, sprintf, sprintln } from './fmt';
import { goTypeName, isTrue, kindOf, utf8Length } from './values';

export type TemplateFunc = (...args: unknown[]) => unknown;
/** Functions callable from templates, by name. Throw ArgError for Go-style argument-type errors. */
export type FuncMap = Readonly<Record<string, TemplateFunc>>;

/** Parameter kinds the executor checks before a call, with Go's messages and error positions. */
export type ParamType = 'string' | 'int' | 'list' | 'any';

export interface FuncEntry {
  readonly fn: TemplateFunc;
  readonly min: number;
  readonly max: number;
  /** Types of the leading parameters (a piped value is the last argument, as in Go). */
  readonly params: readonly ParamType[];
}
export type FuncTable = ReadonlyMap<string, FuncEntry>;

interface Signature {
  readonly min: number;
  readonly max: number;
  readonly params: readonly ParamType[];
}
const SIGNATURES = new WeakMap<TemplateFunc, Signature>();

/**
 * Declares how many arguments `fn` takes (and optionally their types), so the executor reports Go's
 * "wrong number of args for f: want 2 got 1" / "wrong type for value; expected string; got int".
 */
export function withArity<F extends TemplateFunc>(fn: F, min: number, max: number = min, params: readonly ParamType[] = []): F {
  SIGNATURES.set(fn, { min, max, params });
  return fn;
}

/** Merges func maps (later wins) into the executor's table. */
export function buildFuncTable(...maps: FuncMap[]): FuncTable {
  const table = new Map<string, FuncEntry>();
  for (const m of maps) {
    for (const [name, fn] of Object.entries(m)) {
      const sig = SIGNATURES.get(fn) ?? { min: 0, max: Infinity, params: [] };
      table.set(name, { fn, ...sig });
    }
  }
  return table;
}

export const builtinAnd: TemplateFunc = withArity(() => undefined, 1, Infinity);
export const builtinOr: TemplateFunc = withArity(() => undefined, 1, Infinity);

export const builtinCall: TemplateFunc = withArity((fn: unknown, ...args: unknown[]) => {
  if (fn === undefined || fn === null) throw new Error('call of nil');
  if (typeof fn !== 'function') throw new Error(`non-function of type ${goTypeName(fn)}`);
  return (fn as TemplateFunc)(...args);
}, 1, Infinity);

/** Go's argument checks for string parameters. */
export function argString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) throw new ArgError('invalid value; expected string');
  throw new ArgError(`wrong type for value; expected string; got ${goTypeName(v)}`);
}

/** Go's argument checks for int parameters. */
export function argInt(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (v === undefined || v === null) throw new ArgError('invalid value; expected int');
  throw new ArgError(`wrong type for value; expected int; got ${goTypeName(v)}`);
}

function indexArg(idx: unknown, cap: number): number {
  if (idx === undefined || idx === null) throw new Error('cannot index slice/array with nil');
  if (kindOf(idx) !== 'int') throw new Error(`cannot index slice/array with type ${goTypeName(idx)}`);
  const x = Number(idx);
  if (x < 0 || x > cap) throw new Error(`index out of range: ${x}`);
  return x;
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (item === undefined || item === null) throw new Error('index of untyped nil');
  let cur: unknown = item;
  for (const idx of indexes) {
    if (cur === undefined || cur === null) throw new Error('index of nil pointer');
    if (typeof cur === 'string' || Array.isArray(cur)) {
      const bytes = typeof cur === 'string' ? Buffer.from(cur, 'utf8') : undefined;
      const len = bytes?.length ?? (cur as unknown[]).length;
      const x = indexArg(idx, len);
      if (x >= len) throw new Error(`reflect: ${bytes === undefined ? 'slice' : 'string'} index out of range`);
      cur = bytes !== undefined ? bytes[x] : (cur as unknown[])[x];
    } else if (cur instanceof Map) {
      cur = cur.get(idx);
    } else if (kindOf(cur) === 'map') {
      if (typeof idx !== 'string') throw new Error(`value has type ${goTypeName(idx)}; should be string`);
      cur = Object.prototype.hasOwnProperty.call(cur, idx) ? (cur as Record<string, unknown>)[idx] : undefined;
    } else {
      throw new Error(`can't index item of type ${goTypeName(cur)}`);
    }
  }
  return cur;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (item === undefined) throw new Error('slice of untyped nil');
  if (item === null) throw new Error('slice of nil pointer');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let cap: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    cap = utf8Length(item);
  } else if (Array.isArray(item)) cap = item.length;
  else throw new Error(`can't slice item of type ${goTypeName(item)}`);
  const idx = [0, cap, cap];
  indexes.forEach((x, i) => {
    idx[i] = indexArg(x, cap);
  });
  const [a = 0, b = cap, c = cap] = idx;
  if (a > b) throw new Error(`invalid slice index: ${a} > ${b}`);
  if (indexes.length === 3 && b > c) throw new Error(`invalid slice index: ${b} > ${c}`);
  return typeof item === 'string' ? Buffer.from(item, 'utf8').subarray(a, b).toString('utf8') : (item as unknown[]).slice(a, b);
}

function length(v: unknown): number {
  if (v === undefined) throw new Error('len of untyped nil');
  if (v === null) return 0;
  if (typeof v === 'string') return utf8Length(v);
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  if (kindOf(v) === 'map') return Object.keys(v as object).length;
  throw new Error(`len of type ${goTypeName(v)}`);
}

type Basic = 'bool' | 'number' | 'string' | 'other';
const basic = (v: unknown): Basic =>
  typeof v === 'boolean' ? 'bool' : typeof v === 'number' || typeof v === 'bigint' ? 'number' : typeof v === 'string' ? 'string' : 'other';
const isNil = (v: unknown): boolean => v === undefined || v === null;

function eq(a: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const ka = basic(a);
  for (const b of rest) {
    const kb = basic(b);
    let truth: boolean;
    if (ka !== kb) {
      if (!isNil(a) && !isNil(b)) throw new Error(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
      truth = false;
    } else if (ka === 'number') {
      truth = Number(a) === Number(b);
    } else if (ka !== 'other') {
      truth = a === b;
    } else if (isNil(a) || isNil(b)) {
      truth = isNil(a) === isNil(b);
    } else {
      const k = kindOf(b);
      if (k === 'slice' || k === 'map' || k === 'func') throw new Error(`non-comparable type ${sprint([b])}: ${goTypeName(b)}`);
      truth = a === b;
    }
    if (truth) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const ka = basic(a);
  const kb = basic(b);
  if (ka === 'other' || kb === 'other') throw new Error('invalid type for comparison');
  if (ka !== kb) throw new Error(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
  if (ka === 'bool') throw new Error('invalid type for comparison');
  return ka === 'number' ? Number(a) < Number(b) : (a as string) < (b as string);
}

/** Go's evalArgs for html/js/urlquery: a lone string as is, anything else through fmt.Sprint. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === undefined ? '<no value>' : a)));
}

const HTML_ESC: Readonly<Record<string, string>> = { '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const JS_ESC: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' };

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const special = JS_ESC[ch];
    if (special !== undefined) out += special;
    else if (cp < 0x20) out += '\\u00' + cp.toString(16).toUpperCase().padStart(2, '0');
    else if (cp < 0x80) out += ch;
    else out += isPrint(ch) ? ch : '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

function urlQueryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export const builtinFuncs: FuncMap = {
  and: builtinAnd,
  or: builtinOr,
  call: builtinCall,
  not: withArity((v: unknown) => !isTrue(v), 1),
  len: withArity(length, 1),
  index: withArity(index, 1, Infinity),
  slice: withArity(slice, 1, Infinity),
  print: (...args: unknown[]) => sprint(args),
  println: (...args: unknown[]) => sprintln(args),
  printf: withArity((format: unknown, ...args: unknown[]) => sprintf(argString(format), args), 1, Infinity, ['string']),
  html: (...args: unknown[]) => evalArgs(args).replace(/[\0"'&<>]/g, (c) => HTML_ESC[c] ?? c),
  js: (...args: unknown[]) => jsEscape(evalArgs(args)),
  urlquery: (...args: unknown[]) => urlQueryEscape(evalArgs(args)),
  eq: withArity(eq, 1, Infinity),
  ne: withArity((a: unknown, b: unknown) => !eq(a, b), 2),
  lt: withArity(lt, 2),
  le: withArity((a: unknown, b: unknown) => lt(a, b) || eq(a, b), 2),
  gt: withArity((a: unknown, b: unknown) => !(lt(a, b) || eq(a, b)), 2),
  ge: withArity((a: unknown, b: unknown) => !lt(a, b), 2),
};
