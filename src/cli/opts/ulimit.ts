/**
 * `--ulimit name=soft[:hard]` (go-units ParseUlimit, kept by docker/cli's UlimitOpt: one entry per name, the
 * last wins, listed by name) and its OCI form (dockerd: `RLIMIT_<NAME>`, values as uint64).
 */
import { InvalidOptionError } from '../../errors/index';
import { goParseInt } from './common';

/** go-units' ulimit names (their order and spelling). */
export const ULIMIT_NAMES = [
  'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio',
  'rttime', 'sigpending', 'stack',
] as const;
export type UlimitName = (typeof ULIMIT_NAMES)[number];

/** Docker's HostConfig.Ulimits entry (-1 means unlimited). */
export interface Ulimit {
  name: UlimitName;
  soft: number;
  hard: number;
}

/** An OCI process rlimit; soft/hard are uint64 (-1 becomes 2^64-1, RLIM_INFINITY), hence bigint. */
export interface OciRlimit {
  type: `RLIMIT_${Uppercase<UlimitName>}`;
  soft: bigint;
  hard: bigint;
}

function isUlimitName(name: string): name is UlimitName {
  return (ULIMIT_NAMES as readonly string[]).includes(name);
}

/**
 * go-units ParseUlimit: `nofile=1024:2048` → {name: 'nofile', soft: 1024, hard: 2048}; `nproc=512` sets both.
 * Errors: `invalid ulimit argument: x`, `invalid ulimit type: foo`, strconv's
 * `strconv.ParseInt: parsing "x": invalid syntax`, ``too many limit value arguments - 1:2:3, can only have up to
 * two, `soft[:hard]` ``, `ulimit soft limit must be less than or equal to hard limit: 2048 > 1024`.
 * At flag time pflag wraps them: use `withFlag('--ulimit', …)`.
 */
export function parseUlimit(value: string): Ulimit {
  const eq = value.indexOf('=');
  if (eq < 0) throw new InvalidOptionError(`invalid ulimit argument: ${value}`);
  const name = value.slice(0, eq);
  const limits = value.slice(eq + 1);
  if (!isUlimitName(name)) throw new InvalidOptionError(`invalid ulimit type: ${name}`);
  const parts = limits.split(':');
  if (parts.length > 2) {
    throw new InvalidOptionError(`too many limit value arguments - ${limits}, can only have up to two, \`soft[:hard]\``);
  }
  const hardText = parts[1];
  const hardParsed = hardText === undefined ? undefined : goParseInt(hardText);
  const soft = goParseInt(parts[0] ?? '');
  const hard = hardParsed ?? soft;
  if (hard !== -1n) {
    if (soft === -1n) {
      throw new InvalidOptionError(`ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: ${hard}`);
    }
    if (soft > hard) throw new InvalidOptionError(`ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`);
  }
  return { name, soft: Number(soft), hard: Number(hard) };
}

/** All `--ulimit` values as docker/cli's UlimitOpt keeps them: the last per name, sorted by name. */
export function parseUlimits(values: readonly string[]): Ulimit[] {
  const byName = new Map<string, Ulimit>();
  for (const v of values) {
    const u = parseUlimit(v);
    byName.set(u.name, u);
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const U64 = 1n << 64n;

/** dockerd's conversion to the OCI spec: `RLIMIT_NOFILE`, negative values as their uint64 two's complement. */
export function ulimitToRlimit(u: Ulimit): OciRlimit {
  const u64 = (n: number) => (n < 0 ? U64 + BigInt(n) : BigInt(n));
  return { type: `RLIMIT_${u.name.toUpperCase() as Uppercase<UlimitName>}`, soft: u64(u.soft), hard: u64(u.hard) };
}

/** Docker's display form `nofile=1024:2048` (Ulimit.String()). */
export function formatUlimit(u: Ulimit): string {
  return `${u.name}=${u.soft}:${u.hard}`;
}
