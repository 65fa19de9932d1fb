/**
 * Small Go-compatible building blocks shared by the flag-value parsers: strconv's quoting and integer/bool
 * parsing (with their exact error texts), pflag's "invalid argument" wrapping, and the daemon-error prefix.
 *
 * Error convention for everything under cli/opts:
 * - checks docker/cli makes are thrown as InvalidOptionError with the CLI's text;
 * - checks dockerd makes are thrown as InvalidArgumentError with `Error response from daemon: ` in front, as the
 *   Docker CLI prints them (see `daemonError`);
 * - values pflag validates while parsing (MemBytes, NanoCPUs, durations, ints, -e/-l/--sysctl validators) throw
 *   the bare cause; wrap the call in `withFlag` to get pflag's `invalid argument "v" for "--flag" flag: cause`.
 */
import { InvalidArgumentError, InvalidOptionError, TsctlError } from '../../errors/index';

/** The prefix the Docker CLI puts before every error the daemon returns. */
export const DAEMON_PREFIX = 'Error response from daemon: ';

/** An error dockerd would return, worded as the Docker CLI prints it. */
export function daemonError(message: string): InvalidArgumentError {
  return new InvalidArgumentError(DAEMON_PREFIX + message);
}

/** pflag's InvalidValueError text: `invalid argument "v" for "-m, --memory" flag: cause`. */
export function flagError(flag: string, value: string, cause: string): InvalidOptionError {
  return new InvalidOptionError(`invalid argument ${goQuote(value)} for ${goQuote(flag)} flag: ${cause}`);
}

/**
 * Runs a flag-value parser the way pflag's Set does: a failure becomes pflag's "invalid argument" error.
 * `flag` is pflag's display name: `--cpus`, or `-m, --memory` for flags with a shorthand.
 */
export function withFlag<T>(flag: string, value: string, parse: (value: string) => T): T {
  try {
    return parse(value);
  } catch (e) {
    if (e instanceof TsctlError) throw flagError(flag, value, e.message);
    throw e;
  }
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** Go's strconv.Quote (the `%q` verb): double quotes, Go escapes, printable Unicode kept. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (SHORT_ESCAPES[ch] !== undefined) out += SHORT_ESCAPES[ch];
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

const INT_SYNTAX: Record<number, RegExp> = {
  10: /^[0-9]+$/,
  0: /^(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?[0-7])+|[1-9](?:_?[0-9])*|0)$/,
};

/**
 * Go's strconv.ParseInt for base 10 or base 0 (pflag's int flags use base 0: `0x10`, `0o17`, `010`, `1_000`).
 * Errors read `strconv.ParseInt: parsing "x": invalid syntax` / `value out of range`; `fn` names the Go function
 * in the message (`strconv.Atoi` for Atoi).
 */
export function goParseInt(s: string, opts: { base?: 0 | 10; bits?: number; fn?: string } = {}): bigint {
  const { base = 10, bits = 64, fn = 'strconv.ParseInt' } = opts;
  const fail = (why: string) => new InvalidOptionError(`${fn}: parsing ${goQuote(s)}: ${why}`);
  let body = s;
  let neg = false;
  if (body.startsWith('+') || body.startsWith('-')) {
    neg = body.startsWith('-');
    body = body.slice(1);
  }
  const syntax = INT_SYNTAX[base];
  if (syntax === undefined || !syntax.test(body)) throw fail('invalid syntax');
  const clean = body.replace(/_/g, '');
  let magnitude: bigint;
  if (base === 0 && /^0[0-7]/.test(clean)) magnitude = BigInt('0o' + clean.slice(1));
  else if (base === 0 && /^0[oO]/.test(clean)) magnitude = BigInt('0o' + clean.slice(2));
  else magnitude = BigInt(clean);
  const value = neg ? -magnitude : magnitude;
  const limit = 1n << BigInt(bits - 1);
  if (value >= limit || value < -limit) throw fail('value out of range');
  return value;
}

/** Go's strconv.Atoi: base 10, optional sign, `strconv.Atoi: parsing "x": invalid syntax`. */
export function goAtoi(s: string): number {
  return Number(goParseInt(s, { fn: 'strconv.Atoi' }));
}

/** A pflag Int/Int64 flag value (base 0, as pflag parses it), wrapped in pflag's error text. */
export function parseFlagInt(flag: string, value: string, bits = 64): number {
  return withFlag(flag, value, (v) => Number(goParseInt(v, { base: 0, bits })));
}

/** Go's strconv.ParseBool: 1 t T TRUE true True / 0 f F FALSE false False; undefined for anything else. */
export function goParseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** Sets a key on a plain record safely (a key such as `__proto__` stays an own data property). */
export function setKey<V>(obj: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Go's path.Clean for slash-separated paths. */
export function goPathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** Go's strings.Cut. */
export function cut(s: string, sep: string): [before: string, after: string, found: boolean] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, '', false] : [s.slice(0, i), s.slice(i + sep.length), true];
}
