/**
 * Compose's short syntaxes, as compose-go parses them: ports (`[ip:][host:]container[/proto]` with ranges),
 * volumes (`src:dst[:opts]`), Go durations, and shell-split command strings.
 */
import { ConfigError } from '../errors/index';
import { splitWords } from '../services/containers/commit-config';
import type { ServicePort, ServiceVolume } from './model';

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

function portRange(s: string, what: 'containerPort' | 'hostPort'): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
  if (!m || lo > 65535 || hi > 65535 || hi < lo) throw new ConfigError(`invalid ${what}: ${s}`);
  return [lo, hi];
}

/** One short-syntax port entry (string or number) → long syntax entries (ranges expand one per port). */
export function parsePortShort(spec: string | number): ServicePort[] {
  if (typeof spec === 'number') return [{ mode: 'ingress', target: spec, protocol: 'tcp' }];
  let rest = spec.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
    if (!PROTOCOLS.has(protocol)) throw new ConfigError(`invalid proto: ${protocol}`);
  }
  let ip: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0 || rest[close + 1] !== ':') throw new ConfigError(`invalid IP address: ${rest}`);
    ip = rest.slice(1, close);
    rest = rest.slice(close + 2);
  }
  const parts = rest.split(':');
  let host = '';
  let container: string;
  if (ip === undefined && parts.length >= 3) {
    container = parts.pop()!;
    host = parts.pop()!;
    ip = parts.join(':');
  } else if (parts.length === 2) {
    [host, container] = parts as [string, string];
  } else if (parts.length === 1) {
    container = parts[0]!;
  } else {
    throw new ConfigError(`invalid port specification: "${spec}"`);
  }
  if (container === '') throw new ConfigError(`no port specified: ${spec}<empty>`);
  const [cLo, cHi] = portRange(container, 'containerPort');
  const base = (): Omit<ServicePort, 'target'> => ({ mode: 'ingress', ...(ip ? { host_ip: ip } : {}), protocol });
  if (host === '') {
    const out: ServicePort[] = [];
    for (let p = cLo; p <= cHi; p++) out.push({ ...base(), target: p });
    return out;
  }
  const [hLo, hHi] = portRange(host, 'hostPort');
  if (cLo === cHi) return [{ ...base(), target: cLo, published: hLo === hHi ? String(hLo) : `${hLo}-${hHi}` }];
  if (hHi - hLo !== cHi - cLo) throw new ConfigError(`invalid ranges specified for container and host Ports: ${container} and ${host}`);
  const out: ServicePort[] = [];
  for (let i = 0; i <= cHi - cLo; i++) out.push({ ...base(), target: cLo + i, published: String(hLo + i) });
  return out;
}

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

/** `src:dst[:opts]` → long syntax; `dst` alone is an anonymous volume. Paths are not resolved here. */
export function parseVolumeShort(spec: string): ServiceVolume {
  const parts = spec.split(':');
  if (parts.length > 3 || spec === '') throw new ConfigError(`invalid spec: ${spec}: too many colons`);
  if (parts.length === 1) return { type: 'volume', target: parts[0]! };
  const [source, target, opts] = parts as [string, string, string | undefined];
  if (target === '') throw new ConfigError(`invalid spec: ${spec}: empty section between colons`);
  const bind = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
  const v: ServiceVolume = bind ? { type: 'bind', source, target, bind: { create_host_path: true } } : { type: 'volume', source, target, volume: {} };
  for (const o of opts ? opts.split(',') : []) {
    if (o === 'ro') v.read_only = true;
    else if (o === 'rw') v.read_only = false;
    else if (o === 'z' || o === 'Z') v.bind = { ...v.bind, selinux: o };
    else if (o === 'nocopy') v.volume = { ...v.volume, nocopy: true };
    else if (PROPAGATION.has(o)) v.bind = { ...v.bind, propagation: o };
    else if (o !== '') throw new ConfigError(`invalid spec: ${spec}: unknown option ${o}`);
  }
  if (v.read_only === false) delete v.read_only;
  return v;
}

const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration, in nanoseconds. `what` names the field in errors. */
export function parseDuration(s: string | number, what: string): number {
  if (typeof s === 'number') return s * 1e9;
  const text = s.trim();
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let i = 0;
  const neg = text.startsWith('-');
  if (neg || text.startsWith('+')) i = 1;
  if (i >= text.length) throw new ConfigError(`${what}: time: invalid duration "${s}"`);
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw new ConfigError(`${what}: time: invalid duration "${s}"`);
    total += Number(m[1]) * UNITS[m[2]!]!;
    i = re.lastIndex;
  }
  return Math.round(neg ? -total : total);
}

/** Go's Duration.String(): `1m30s`, `500ms`, `0s`. */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let n = Math.abs(ns);
  if (n < 1e3) return `${sign}${n}ns`;
  if (n < 1e6) return `${sign}${trimFloat(n / 1e3)}µs`;
  if (n < 1e9) return `${sign}${trimFloat(n / 1e6)}ms`;
  let out = '';
  const h = Math.floor(n / 3600e9);
  n -= h * 3600e9;
  const m = Math.floor(n / 60e9);
  n -= m * 60e9;
  if (h > 0) out += `${h}h`;
  if (h > 0 || m > 0) out += `${m}m`;
  return `${sign}${out}${trimFloat(n / 1e9)}s`;
}

function trimFloat(x: number): string {
  return String(Number(x.toFixed(9)));
}

/**
 * Splits a command string like go-shellwords (blanks separate words; quotes and backslashes as in sh): the
 * same rules as Dockerfile words, so commit's splitter serves; an open quote is Compose's error.
 */
export function shellSplit(s: string): string[] {
  try {
    return splitWords(s);
  } catch {
    throw new ConfigError(`invalid command line string: ${s}`);
  }
}
