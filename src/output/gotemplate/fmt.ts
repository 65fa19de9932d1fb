/**
 * A subset of Go's fmt package over the JS value model of ./values.ts: `sprint`, `sprintln`,
 * `sprintf` and `formatValue` (what `{{.X}}` prints, i.e. fmt.Fprint).
 *
 * %v renders slices as `[a b]`, maps/plain objects as `map[k:v …]` (sorted keys), class instances as
 * `{v1 v2}` (`{Name:v1 …}` with %+v), nil as `<nil>`. Objects with their own `toString` (and Errors)
 * act as fmt.Stringer/error. Verbs: v s q x X d b o O c U e E f F g G t T and %%, flags `+ - # 0 space`,
 * width/precision including `*`, `%[n]` argument indexes. Bad verbs, missing and extra operands print
 * Go's `%!d(string=x)`, `%!d(MISSING)`, `%!(EXTRA int=2)`. Not supported: `%p`, `%#v` Go syntax (treated
 * as %v), `%#` alternate float forms, hex floats. A JS integer accepts the float verbs too (JS cannot tell 5 from 5.0).
 */
import { formatFloat, formatInteger, formatNumberV, padTo, type NumSpec } from './fmtnum';
import { entriesOf, goTypeName, kindOf, structFieldNames } from './values';

interface Spec extends NumSpec {
  plusV: boolean;
}

const noFlags = (): Spec => ({
  minus: false, plus: false, sharp: false, space: false, zero: false, width: undefined, prec: undefined, plusV: false,
});

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

const hex4 = (cp: number, upper: boolean): string => {
  const h = cp.toString(16).padStart(4, '0');
  return upper ? h.toUpperCase() : h;
};

/** strconv.Quote (asciiOnly: QuoteToASCII). */
export function quote(s: string, asciiOnly = false, q = '"'): string {
  let out = q;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === q || ch === '\\') out += '\\' + ch;
    else if (isPrint(ch) && !(asciiOnly && cp >= 0x80)) out += ch;
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + hex4(cp, false);
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + q;
}

function stringer(v: unknown): string | undefined {
  if (v instanceof Error) return v.message;
  if (kindOf(v) !== 'struct') return undefined;
  const ts = (v as { toString?: unknown }).toString;
  if (typeof ts === 'function' && ts !== Object.prototype.toString) return String(ts.call(v));
  return undefined;
}

function badVerb(v: unknown, verb: string, spec: Spec): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(v)}=${fmtArg(v, 'v', spec)})`;
}

function fmtString(s: string, verb: string, spec: Spec): string {
  switch (verb) {
    case 'v':
    case 's':
      return padTo(spec.prec === undefined ? s : [...s].slice(0, spec.prec).join(''), spec);
    case 'q':
      if (spec.sharp && !/[`\x00-\x08\x0a-\x1f\x7f]/.test(s)) return padTo('`' + s + '`', spec);
      return padTo(quote(spec.prec === undefined ? s : [...s].slice(0, spec.prec).join(''), spec.plus), spec);
    case 'x':
    case 'X': {
      let bytes = [...Buffer.from(s, 'utf8')].map((b) => b.toString(16).padStart(2, '0'));
      if (verb === 'X') bytes = bytes.map((b) => b.toUpperCase());
      const pre = spec.sharp ? (verb === 'X' ? '0X' : '0x') : '';
      const out = spec.space ? bytes.map((b) => pre + b).join(' ') : pre + bytes.join('');
      return padTo(out, spec);
    }
    default:
      return badVerb(s, verb, spec);
  }
}

function fmtNumber(n: number | bigint, verb: string, spec: Spec): string {
  const integral = typeof n === 'bigint' || Number.isInteger(n);
  if ('eEfFgG'.includes(verb) || (verb === 'v' && !integral)) return formatFloat(Number(n), verb, spec);
  if (!integral) return badVerb(n, verb, spec);
  const big = typeof n === 'bigint' ? n : BigInt(n);
  switch (verb) {
    case 'v':
    case 'd':
      return formatInteger(big, 'd', spec);
    case 'b':
    case 'o':
    case 'O':
    case 'x':
    case 'X':
      return formatInteger(big, verb, spec);
    case 'c':
      return padTo(String.fromCodePoint(Number(big)), spec);
    case 'q':
      return padTo(quote(String.fromCodePoint(Number(big)), spec.plus, "'"), spec);
    case 'U': {
      const u = 'U+' + hex4(Number(big), true);
      return padTo(spec.sharp ? `${u} '${String.fromCodePoint(Number(big))}'` : u, spec);
    }
    default:
      return badVerb(n, verb, spec);
  }
}

/** Formats one operand for one verb (Go's pp.printArg / printValue). */
export function fmtArg(v: unknown, verb: string, spec: Spec): string {
  if (verb === 'T') return padTo(goTypeName(v), spec);
  if (v === null || v === undefined) return verb === 'v' ? padTo('<nil>', spec) : badVerb(v, verb, spec);
  const str = 'vsqxX'.includes(verb) ? stringer(v) : undefined;
  if (str !== undefined) return fmtString(str, verb, spec);
  switch (kindOf(v)) {
    case 'bool':
      return verb === 'v' || verb === 't' ? padTo(String(v), spec) : badVerb(v, verb, spec);
    case 'int':
    case 'float':
      return fmtNumber(v as number | bigint, verb, spec);
    case 'string':
      return fmtString(v as string, verb, spec);
    case 'slice':
      return '[' + (v as unknown[]).map((e) => fmtArg(e, verb, spec)).join(' ') + ']';
    case 'map':
      return 'map[' + entriesOf(v).map(([k, e]) => `${fmtArg(k, verb, spec)}:${fmtArg(e, verb, spec)}`).join(' ') + ']';
    case 'struct': {
      const obj = v as Record<string, unknown>;
      const parts = structFieldNames(obj).map((k) => (spec.plusV ? `${k}:` : '') + fmtArg(obj[k], verb, spec));
      return '{' + parts.join(' ') + '}';
    }
    default:
      return verb === 'v' ? padTo('func()', spec) : badVerb(v, verb, spec);
  }
}

/** What `{{.X}}` prints: fmt.Fprint of the value, `<no value>` for a missing one. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return formatNumberV(v);
  return fmtArg(v, 'v', noFlags());
}

/** fmt.Sprint: operands separated by a space when neither side is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += fmtArg(a, 'v', noFlags());
  });
  return out;
}

/** fmt.Sprintln: operands always separated by spaces, newline appended. */
export function sprintln(args: readonly unknown[]): string {
  return args.map((a) => fmtArg(a, 'v', noFlags())).join(' ') + '\n';
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let i = 0;
  const chars = [...format];
  while (i < chars.length) {
    const c = chars[i] ?? '';
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    const spec = noFlags();
    for (; i < chars.length; i++) {
      const f = chars[i];
      if (f === '#') spec.sharp = true;
      else if (f === '0') spec.zero = !spec.minus;
      else if (f === '+') spec.plus = true;
      else if (f === '-') [spec.minus, spec.zero] = [true, false];
      else if (f === ' ') spec.space = true;
      else break;
    }
    let goodIndex = true;
    const argIndex = (): void => {
      if (chars[i] !== '[') return;
      const close = chars.indexOf(']', i);
      const n = close < 0 ? NaN : Number(chars.slice(i + 1, close).join(''));
      reordered = true;
      if (Number.isInteger(n) && n >= 1 && n <= args.length) argNum = n - 1;
      else goodIndex = false;
      i = close < 0 ? chars.length : close + 1;
    };
    const readNum = (bad: string): number | undefined => {
      argIndex();
      if (chars[i] === '*') {
        i++;
        const a = args[argNum++];
        if (typeof a === 'number' && Number.isInteger(a)) return a;
        out += bad;
        return undefined;
      }
      let digits = '';
      while (i < chars.length && /[0-9]/.test(chars[i] ?? '')) digits += chars[i++];
      return digits === '' ? undefined : Number(digits);
    };
    spec.width = readNum('%!(BADWIDTH)');
    if (spec.width !== undefined && spec.width < 0) [spec.minus, spec.zero, spec.width] = [true, false, -spec.width];
    if (chars[i] === '.') {
      i++;
      spec.prec = readNum('%!(BADPREC)') ?? 0;
      if (spec.prec < 0) {
        out += '%!(BADPREC)';
        spec.prec = undefined;
      }
    }
    argIndex();
    const verb = chars[i++];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodIndex) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argNum++];
    if (verb === 'v') {
      spec.plusV = spec.plus;
      spec.plus = false;
      spec.sharp = false;
    }
    out += fmtArg(arg, verb, spec);
  }
  if (!reordered && argNum < args.length) {
    const extra = args.slice(argNum).map((a) => (a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${fmtArg(a, 'v', noFlags())}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
