/**
 * Go durations, as pflag's DurationVar parses `--health-interval`, `--health-timeout`, `--health-start-period`,
 * `--health-start-interval` (time.ParseDuration, with Go's error texts), Go's Duration.String(), and the
 * integer-seconds `--stop-timeout` / `stop -t`. Timestamps for `--since`/`--until` are in ./timestamp.
 */
import { InvalidOptionError } from '../../errors/index';
import { parseFlagInt } from './common';

const NS = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };
const MAX = 1n << 63n;

/** The time package's own quote: ASCII kept (with `"` and `\` escaped), everything else as `\x` UTF-8 bytes. */
export function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of new TextEncoder().encode(ch)) out += '\\x' + b.toString(16).padStart(2, '0');
    } else out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
  }
  return out + '"';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Go's time.ParseDuration, in nanoseconds: a signed sequence of decimal numbers with units
 * `ns us µs ms s m h` (`1m30s`, `300ms`, `1.5h`, `-2s`); `0` needs no unit. Errors as Go:
 * `time: invalid duration "x"`, `time: missing unit in duration "1"`, `time: unknown unit "d" in duration "1d"`.
 */
export function parseGoDuration(value: string): bigint {
  const invalid = () => new InvalidOptionError(`time: invalid duration ${timeQuote(value)}`);
  let s = value;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let d = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid();
    let i = 0;
    let v = 0n;
    for (; isDigit(s[i]); i++) {
      if (v > MAX / 10n) throw invalid();
      v = v * 10n + BigInt(Number(s[i]));
      if (v > MAX) throw invalid();
    }
    const pre = i > 0;
    s = s.slice(i);
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s.startsWith('.')) {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; isDigit(s[j]); j++) {
        if (overflow) continue;
        const y = f * 10n + BigInt(Number(s[j]));
        if (f > (MAX - 1n) / 10n || y > MAX) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    let u = 0;
    while (u < s.length && !(s[u] === '.' || isDigit(s[u]))) u++;
    if (u === 0) throw new InvalidOptionError(`time: missing unit in duration ${timeQuote(value)}`);
    const name = s.slice(0, u);
    s = s.slice(u);
    const unit = (NS as Record<string, bigint>)[name];
    if (unit === undefined) throw new InvalidOptionError(`time: unknown unit ${timeQuote(name)} in duration ${timeQuote(value)}`);
    if (v > MAX / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX) throw invalid();
    }
    d += v;
    if (d > MAX) throw invalid();
  }
  if (neg) return -d;
  if (d > MAX - 1n) throw invalid();
  return d;
}

/** A Go duration in nanoseconds as a number (Docker's JSON durations; exact up to ~104 days). */
export function parseDurationNs(value: string): number {
  return Number(parseGoDuration(value));
}

/** A Go duration in milliseconds (fractions kept: `1500us` → 1.5). */
export function parseDuration(value: string): number {
  return Number(parseGoDuration(value)) / 1e6;
}

function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let out = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print ||= digit !== 0n;
    if (print) out = digit.toString() + out;
    v /= 10n;
  }
  return [print ? '.' + out : '', v];
}

/** Go's Duration.String(): `1m30s`, `300ms`, `1.5µs`, `0s`, `2h0m0s`. */
export function formatGoDuration(ns: bigint | number): string {
  let u = typeof ns === 'bigint' ? ns : BigInt(Math.trunc(ns));
  const neg = u < 0n;
  if (neg) u = -u;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return '0s';
    const [unit, prec] = u < 1000n ? ['ns', 0] : u < 1_000_000n ? ['µs', 3] : ['ms', 6];
    const [frac, int] = fmtFrac(u, prec);
    out = `${int}${frac}${unit}`;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    out = `${secs % 60n}${frac}s`;
    const mins = secs / 60n;
    if (mins > 0n) {
      out = `${mins % 60n}m${out}`;
      const hours = mins / 60n;
      if (hours > 0n) out = `${hours}h${out}`;
    }
  }
  return neg ? '-' + out : out;
}

/**
 * `--stop-timeout` (and `stop/restart -t`): whole seconds, a pflag int, so base-0 Go syntax and pflag's error
 * (`invalid argument "x" for "--stop-timeout" flag: strconv.ParseInt: parsing "x": invalid syntax`).
 */
export function parseStopTimeout(value: string, flag = '--stop-timeout'): number {
  return parseFlagInt(flag, value);
}
