/**
 * IPv4 subnet arithmetic for networks (pure): parsing CIDRs with Docker's errors, overlap, the automatic pool
 * (tsctl's 10.47.0.0/16 in /24s, distinct from Docker's 172.17+/16 and nerdctl's 10.4.0.0/24), and the host's
 * routes from /proc/net/route (subnets in use on the host are never handed out).
 */

export interface Cidr {
  /** Address as given, as an unsigned 32-bit number. */
  ip: number;
  prefix: number;
  /** Network address (ip masked). */
  network: number;
}

/** The automatic pool: 10.47.0.0/16 split into /24s. */
export const POOL_BASE = (10 << 24) | (47 << 16);
export const POOL_SIZE = 256;
export const POOL_PREFIX = 24;

export function parseIPv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return (((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!) >>> 0;
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses `a.b.c.d/n`; undefined when it is not an IPv4 CIDR. */
export function parseCidr(s: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const ip = parseIPv4(m[1]!);
  const prefix = Number(m[2]);
  if (ip === undefined || prefix > 32) return undefined;
  return { ip, prefix, network: (ip & maskOf(prefix)) >>> 0 };
}

export function formatCidr(c: Pick<Cidr, 'network' | 'prefix'>): string {
  return `${formatIPv4(c.network)}/${c.prefix}`;
}

export function contains(c: Cidr, ip: number): boolean {
  return ((ip & maskOf(c.prefix)) >>> 0) === c.network;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const p = Math.min(a.prefix, b.prefix);
  return ((a.network & maskOf(p)) >>> 0) === ((b.network & maskOf(p)) >>> 0);
}

/** A range (`--ip-range`) lies inside a subnet. */
export function within(inner: Cidr, outer: Cidr): boolean {
  return inner.prefix >= outer.prefix && contains(outer, inner.network);
}

/** First usable host of a subnet (Docker's default gateway). */
export function firstHost(c: Cidr): number {
  return c.prefix >= 31 ? c.network : c.network + 1;
}

/** Last usable host (broadcast - 1). */
export function lastHost(c: Cidr): number {
  const size = 2 ** (32 - c.prefix);
  return c.prefix >= 31 ? c.network + size - 1 : c.network + size - 2;
}

/**
 * The first pool subnet overlapping none of `used`, scanning from `start` (an offset into the pool, so data
 * roots other than the default start elsewhere and rarely collide before their bridges exist); undefined when full.
 */
export function allocateSubnet(used: readonly Cidr[], start = 0): Cidr | undefined {
  for (let i = 0; i < POOL_SIZE; i++) {
    const idx = (start + i) % POOL_SIZE;
    const network = (POOL_BASE + (idx << (32 - POOL_PREFIX))) >>> 0;
    const cand: Cidr = { ip: network, prefix: POOL_PREFIX, network };
    if (!used.some((u) => overlaps(u, cand))) return cand;
  }
  return undefined;
}

export interface HostRoute {
  iface: string;
  cidr: Cidr;
}

/** Parses /proc/net/route (little-endian hex addresses). */
export function parseProcRoutes(text: string): HostRoute[] {
  const out: HostRoute[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const le = (hex: string): number => {
      const n = parseInt(hex, 16);
      return (((n & 255) << 24) | (((n >>> 8) & 255) << 16) | (((n >>> 16) & 255) << 8) | ((n >>> 24) & 255)) >>> 0;
    };
    const dst = le(f[1]!);
    const mask = le(f[7]!);
    let prefix = 0;
    while (prefix < 32 && ((mask << prefix) & 0x80000000) !== 0) prefix++;
    out.push({ iface: f[0]!, cidr: { ip: dst, prefix, network: (dst & maskOf(prefix)) >>> 0 } });
  }
  return out;
}

/** The interface of the default route (macvlan/ipvlan's default parent). */
export function defaultRouteInterface(routes: readonly HostRoute[]): string | undefined {
  return routes.find((r) => r.cidr.prefix === 0)?.iface;
}
