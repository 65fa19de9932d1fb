/**
 * CNI results (spec 1.0.0; 0.3.x/0.4.0 have the same shape apart from `version` in ips) parsed into plain data,
 * and the one-endpoint summary the container side needs (IPv4, prefix, gateway, MAC of an interface).
 */

export interface CniInterface {
  name: string;
  mac?: string;
  /** Netns path for interfaces inside the container; absent for host-side ones (the bridge, veth peer). */
  sandbox?: string;
}

export interface CniIpConfig {
  /** CIDR notation: 10.47.1.2/24. */
  address: string;
  gateway?: string;
  /** Index into `interfaces`. */
  interface?: number;
}

export interface CniRoute {
  dst: string;
  gw?: string;
}

export interface CniDns {
  nameservers?: string[];
  domain?: string;
  search?: string[];
  options?: string[];
}

export interface CniResult {
  cniVersion: string;
  interfaces: CniInterface[];
  ips: CniIpConfig[];
  routes: CniRoute[];
  dns: CniDns;
  /** The result as the last plugin printed it (what DEL/CHECK get back as prevResult). */
  raw: Record<string, unknown>;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
function arr(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(obj) : [];
}
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/** Parses a plugin's printed result; throws on text that is not a JSON object. */
export function parseCniResult(text: string | Record<string, unknown>): CniResult {
  const raw = typeof text === 'string' ? obj(JSON.parse(text)) : text;
  const dnsRaw = obj(raw.dns);
  const dns: CniDns = {};
  const ns = strs(dnsRaw.nameservers);
  if (ns) dns.nameservers = ns;
  const domain = str(dnsRaw.domain);
  if (domain) dns.domain = domain;
  const search = strs(dnsRaw.search);
  if (search) dns.search = search;
  const options = strs(dnsRaw.options);
  if (options) dns.options = options;
  return {
    cniVersion: str(raw.cniVersion) ?? '',
    interfaces: arr(raw.interfaces).map((i) => {
      const out: CniInterface = { name: str(i.name) ?? '' };
      const mac = str(i.mac);
      if (mac) out.mac = mac;
      const sandbox = str(i.sandbox);
      if (sandbox) out.sandbox = sandbox;
      return out;
    }),
    ips: arr(raw.ips).map((i) => {
      const out: CniIpConfig = { address: str(i.address) ?? '' };
      const gw = str(i.gateway);
      if (gw) out.gateway = gw;
      if (typeof i.interface === 'number') out.interface = i.interface;
      return out;
    }),
    routes: arr(raw.routes).map((r) => {
      const out: CniRoute = { dst: str(r.dst) ?? '' };
      const gw = str(r.gw);
      if (gw) out.gw = gw;
      return out;
    }),
    dns,
    raw,
  };
}

/** The container-side summary of one attachment: first IPv4 on `ifName` (or any sandbox interface). */
export interface CniEndpointInfo {
  ifName: string;
  ipv4: string;
  prefixLen: number;
  gateway: string;
  mac: string;
}

export function endpointInfo(result: CniResult, ifName: string): CniEndpointInfo {
  const idx = result.interfaces.findIndex((i) => i.name === ifName && i.sandbox !== undefined);
  const sandboxIdx = idx >= 0 ? idx : result.interfaces.findIndex((i) => i.sandbox !== undefined);
  const v4 = result.ips.filter((ip) => !ip.address.includes(':'));
  const ip = v4.find((i) => i.interface === sandboxIdx) ?? v4[0];
  const [addr = '', prefix = '0'] = (ip?.address ?? '').split('/');
  return {
    ifName,
    ipv4: addr,
    prefixLen: Number(prefix),
    gateway: ip?.gateway ?? '',
    mac: result.interfaces[sandboxIdx]?.mac ?? '',
  };
}
