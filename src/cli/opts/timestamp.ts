/**
 * `logs --since/--until` (and `events`): the Docker client's GetTimestamp — a Go duration relative to now
 * (`10m`), an RFC3339 date or date-time with or without zone (`2024-01-02`, `2024-01-02T15:04:05Z`,
 * `2024-01-02T15:04:05.5+02:00`), or a unix timestamp (`1700000000`, `1700000000.123`), with Go's
 * time.Parse error texts for malformed dates.
 */
import { InvalidOptionError } from '../../errors/index';
import { goQuote } from './common';
import { parseGoDuration, timeQuote } from './duration';

type Elem = '2006' | '01' | '02' | '15' | '04' | '05' | '.999999999' | 'Z07:00' | '-' | 'T' | ':';
const DATE: Elem[] = ['2006', '-', '01', '-', '02'];
const LAYOUTS: Record<string, Elem[]> = {
  '2006-01-02': DATE,
  '2006-01-02Z07:00': [...DATE, 'Z07:00'],
  '2006-01-02T15': [...DATE, 'T', '15'],
  '2006-01-02T15:04': [...DATE, 'T', '15', ':', '04'],
  '2006-01-02T15:04:05': [...DATE, 'T', '15', ':', '04', ':', '05'],
  '2006-01-02T15:04:05.999999999': [...DATE, 'T', '15', ':', '04', ':', '05', '.999999999'],
  '2006-01-02T15Z07:00': [...DATE, 'T', '15', 'Z07:00'],
  '2006-01-02T15:04Z07:00': [...DATE, 'T', '15', ':', '04', 'Z07:00'],
  '2006-01-02T15:04:05Z07:00': [...DATE, 'T', '15', ':', '04', ':', '05', 'Z07:00'],
  '2006-01-02T15:04:05.999999999Z07:00': [...DATE, 'T', '15', ':', '04', ':', '05', '.999999999', 'Z07:00'],
};

const digit = (s: string, i: number) => s.charAt(i) >= '0' && s.charAt(i) <= '9' && s.length > i;
class Bad extends Error {}

/** The time package's getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!digit(s, 0)) throw new Bad();
  if (!digit(s, 1)) {
    if (fixed) throw new Bad();
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A subset of Go's time.Parse for the layouts above; `offset` (seconds east of UTC) applies when the value has no zone. */
function goParseTime(layoutName: string, value: string, offset: number): { ms: number; ns: number } {
  const layout = LAYOUTS[layoutName] ?? [];
  const err = (msg: string) => new InvalidOptionError(`parsing time ${timeQuote(value)}${msg}`);
  let rest = value;
  let [year, month, day, hour, min, sec, nsec] = [0, 1, 1, 0, 0, 0, 0];
  let zone = offset;
  for (const elem of layout) {
    const hold = rest;
    let range = '';
    try {
      switch (elem) {
        case '-': case 'T': case ':':
          if (!rest.startsWith(elem)) throw new Bad();
          rest = rest.slice(1);
          break;
        case '2006':
          if (rest.length < 4 || !digit(rest, 0) || !/^\d{4}$/.test(rest.slice(0, 4))) throw new Bad();
          year = Number(rest.slice(0, 4));
          rest = rest.slice(4);
          break;
        case '01':
          [month, rest] = getnum(rest, true);
          if (month <= 0 || month > 12) range = 'month';
          break;
        case '02':
          [day, rest] = getnum(rest, true);
          break;
        case '15':
          [hour, rest] = getnum(rest, false);
          if (hour >= 24) range = 'hour';
          break;
        case '04':
          [min, rest] = getnum(rest, true);
          if (min >= 60) range = 'minute';
          break;
        case '05':
          [sec, rest] = getnum(rest, true);
          if (sec >= 60) range = 'second';
          else if (rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && digit(rest, 1) && !layout.includes('.999999999')) {
            let n = 2;
            while (digit(rest, n)) n++;
            nsec = Number(rest.slice(1, Math.min(n, 10)).padEnd(9, '0'));
            rest = rest.slice(n);
          }
          break;
        case '.999999999': {
          if (rest.length < 2 || !(rest[0] === '.' || rest[0] === ',') || !digit(rest, 1)) break;
          let n = 1;
          while (digit(rest, n)) n++;
          nsec = Number(rest.slice(1, Math.min(n, 10)).padEnd(9, '0'));
          rest = rest.slice(n);
          break;
        }
        case 'Z07:00': {
          if (rest.startsWith('Z')) {
            rest = rest.slice(1);
            zone = 0;
            break;
          }
          if (rest.length < 6 || rest[3] !== ':' || (rest[0] !== '+' && rest[0] !== '-')) throw new Bad();
          const [hh] = getnum(rest.slice(1, 3), true);
          const [mm] = getnum(rest.slice(4, 6), true);
          if (hh > 24) range = 'time zone offset hour';
          if (mm > 60) range = 'time zone offset minute';
          zone = (rest[0] === '-' ? -1 : 1) * (hh * 3600 + mm * 60);
          rest = rest.slice(6);
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof Bad)) throw e;
      throw err(` as ${timeQuote(layoutName)}: cannot parse ${timeQuote(hold)} as ${timeQuote(elem)}`);
    }
    if (range) throw err(`: ${range} out of range`);
  }
  if (rest.length > 0) throw err(`: extra text: ${timeQuote(rest)}`);
  if (day < 1 || day > daysIn(month, year)) throw err(': day out of range');
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, min, sec, 0);
  return { ms: d.getTime() - zone * 1000, ns: nsec };
}

/** The client's unix-timestamp check: `sec` or `sec.frac`, both base-10 int64. */
function unixTimestamp(value: string): { sec: number; nsec: number } | undefined {
  const m = /^([+-]?\d+)(?:\.([+-]?\d+))?$/.exec(value);
  if (!m) return undefined;
  const frac = m[2];
  const nsec = frac === undefined ? 0 : Math.trunc(Number(frac) * 10 ** (9 - frac.length));
  return { sec: Number(m[1]), nsec };
}

export interface TimestampOptions {
  /** Seconds east of UTC for values without a zone; default: `now`'s local offset (Go's reference.Zone()). */
  utcOffsetSeconds?: number;
  /** `since` / `until`: errors read `invalid value for "since": …` as the Docker client wraps them. */
  name?: string;
}

function withName<T>(name: string | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (name !== undefined && e instanceof InvalidOptionError) throw new InvalidOptionError(`invalid value for ${goQuote(name)}: ${e.message}`);
    throw e;
  }
}

/**
 * The Docker client's GetTimestamp: the API string (`"1700000000"`, `"1700000000.500000000"`, or a unix
 * timestamp passed through as given). Durations count back from `now`, truncated to whole seconds.
 */
export function getTimestamp(value: string, now: Date, opts: TimestampOptions = {}): string {
  return withName(opts.name, () => {
    if (value !== '0') {
      let d: bigint | undefined;
      try {
        d = parseGoDuration(value);
      } catch {
        d = undefined;
      }
      if (d !== undefined) {
        const ns = BigInt(now.getTime()) * 1_000_000n - d;
        const sec = ns / 1_000_000_000n;
        return String(ns < 0n && sec * 1_000_000_000n !== ns ? sec - 1n : sec);
      }
    }
    const inLocation = !/[zZ+]/.test(value) && value.split('-').length - 1 !== 3;
    let layout: string;
    if (value.includes('.')) layout = inLocation ? '2006-01-02T15:04:05.999999999' : '2006-01-02T15:04:05.999999999Z07:00';
    else if (value.includes('T')) {
      let colons = value.split(':').length - 1;
      if (!inLocation && !/[zZ]/.test(value) && colons > 0) colons--;
      const base = ['2006-01-02T15', '2006-01-02T15:04', '2006-01-02T15:04:05'][Math.min(colons, 2)] ?? '';
      layout = inLocation ? base : base + 'Z07:00';
    } else layout = inLocation ? '2006-01-02' : '2006-01-02Z07:00';
    const offset = inLocation ? (opts.utcOffsetSeconds ?? -now.getTimezoneOffset() * 60) : 0;
    try {
      const t = goParseTime(layout, value, offset);
      return `${Math.floor(t.ms / 1000)}.${String(t.ns).padStart(9, '0')}`;
    } catch (e) {
      if (value.includes('-')) throw e;
      if (!unixTimestamp(value)) throw new InvalidOptionError(`failed to parse value as time or duration: ${goQuote(value)}`);
      return value;
    }
  });
}

/**
 * `--since` / `--until` as a Date (millisecond precision), by Docker's GetTimestamp rules: `10m` → now − 10m,
 * `2024-01-02T15:04:05Z`, `2024-01-02` (local midnight), `1700000000.5`.
 */
export function parseTimestamp(value: string, now: Date, opts: TimestampOptions = {}): Date {
  const ts = getTimestamp(value, now, opts);
  const parsed = unixTimestamp(ts) ?? { sec: 0, nsec: 0 };
  return new Date(parsed.sec * 1000 + Math.trunc(parsed.nsec / 1e6));
}
