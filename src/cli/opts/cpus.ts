/**
 * CPU flags: `--cpus` (docker/cli opts.NanoCPUs / ParseCPUs), `-c/--cpu-shares` (a pflag int64 that dockerd
 * checks), and `--cpuset-cpus` / `--cpuset-mems` (dockerd's parseUintList and availability check).
 */
import { InvalidOptionError } from '../../errors/index';
import { daemonError, goAtoi, goParseInt, withFlag } from './common';

const DECIMAL = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;
const FRACTION = /^([+-]?[0-9]+)\/([0-9]+)$/;

/** big.Rat's SetString for decimal numbers and `a/b` fractions, as [numerator, denominator]; undefined if invalid. */
function parseRational(value: string): [bigint, bigint] | undefined {
  const frac = FRACTION.exec(value);
  if (frac) {
    const den = BigInt(frac[2] ?? '0');
    return den === 0n ? undefined : [BigInt(frac[1] ?? '0'), den];
  }
  const m = DECIMAL.exec(value);
  if (!m) return undefined;
  const [, sign = '', int = '', fracDigits, expText] = m;
  if (int === '' && (fracDigits === undefined || fracDigits === '')) return undefined;
  const digits = int + (fracDigits ?? '');
  const exp = (expText === undefined ? 0 : Number(expText)) - (fracDigits ?? '').length;
  if (Math.abs(exp) > 10000) return undefined;
  let num = BigInt(digits === '' ? '0' : digits);
  if (sign === '-') num = -num;
  return exp >= 0 ? [num * 10n ** BigInt(exp), 1n] : [num, 10n ** BigInt(-exp)];
}

/**
 * docker/cli ParseCPUs: a rational number of CPUs (`1.5`, `0.25`, `3/2`) to NanoCPUs (`1.5` → 1500000000).
 * Errors: `failed to parse abc as a rational number`, `value is too precise` (finer than 1e-9).
 */
export function parseCpus(value: string): number {
  const rat = parseRational(value);
  if (!rat) throw new InvalidOptionError(`failed to parse ${value} as a rational number`);
  const [num, den] = rat;
  const scaled = num * 1_000_000_000n;
  if (scaled % den !== 0n) throw new InvalidOptionError('value is too precise');
  return Number(scaled / den);
}

/**
 * dockerd's NanoCPUs range check against the host's CPU count:
 * `range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available`.
 */
export function validateNanoCpus(nanoCpus: number, hostCpus: number): void {
  if (nanoCpus !== 0 && (nanoCpus < 0 || nanoCpus > hostCpus * 1e9)) {
    throw daemonError(`range of CPUs is from 0.01 to ${hostCpus}.00, as there are only ${hostCpus} CPUs available`);
  }
}

/**
 * `-c/--cpu-shares`: a pflag int64 (base 0) that dockerd rejects when negative
 * (`invalid CPU shares (-1): value must be a positive integer`). 0 means unset.
 */
export function parseCpuShares(value: string): number {
  const shares = withFlag('-c, --cpu-shares', value, (v) => Number(goParseInt(v, { base: 0 })));
  if (shares < 0) throw daemonError(`invalid CPU shares (${shares}): value must be a positive integer`);
  return shares;
}

/** dockerd's upper bound for cpuset lists (defaultMaxCPUs, raised to the highest available CPU). */
export const MAX_CPUSET = 8192;

function tryAtoi(s: string): number | undefined {
  try {
    return goAtoi(s);
  } catch {
    return undefined;
  }
}

/**
 * dockerd's parseUintList for cpuset strings (`0-2,4`, `3,2,1`, `0-0,0`): the sorted, de-duplicated list.
 * Errors: `invalid format: <value>`, `value of out range, maximum is 8192` (sic, dockerd's wording).
 */
export function parseCpuset(value: string, maximum = MAX_CPUSET): number[] {
  const out = new Set<number>();
  if (value === '') return [];
  const invalid = () => new InvalidOptionError(`invalid format: ${value}`);
  const outOfRange = () => new InvalidOptionError(`value of out range, maximum is ${maximum}`);
  for (const r of value.split(',')) {
    if (!r.includes('-')) {
      const v = tryAtoi(r);
      if (v === undefined) throw invalid();
      if (maximum !== 0 && v > maximum) throw outOfRange();
      out.add(v);
      continue;
    }
    const dash = r.indexOf('-');
    const lo = tryAtoi(r.slice(0, dash));
    const hi = tryAtoi(r.slice(dash + 1));
    if (lo === undefined || hi === undefined || hi < lo) throw invalid();
    if (maximum !== 0 && hi > maximum) throw outOfRange();
    for (let i = lo; i <= hi; i++) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * dockerd's `--cpuset-cpus` / `--cpuset-mems` check: the list must parse
 * (`Invalid value 0-a for cpuset cpus: invalid format: 0-a`) and, when the host's list is given (`0-7`), every
 * entry must be available (`Requested CPUs are not available - requested 9, available: 0-7`).
 */
export function validateCpuset(value: string, kind: 'cpus' | 'mems', available?: string): number[] {
  const availableSet = available === undefined ? undefined : new Set(parseCpuset(available, 0));
  const maximum = Math.max(MAX_CPUSET, ...(availableSet ?? []));
  let list: number[];
  try {
    list = parseCpuset(value, maximum);
  } catch (e) {
    throw daemonError(`Invalid value ${value} for cpuset ${kind}: ${(e as Error).message}`);
  }
  if (availableSet && list.some((n) => !availableSet.has(n))) {
    const what = kind === 'cpus' ? 'CPUs' : 'memory nodes';
    throw daemonError(`Requested ${what} are not available - requested ${value}, available: ${available}`);
  }
  return list;
}
