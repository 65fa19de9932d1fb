/**
 * A container's /etc/hosts, /etc/resolv.conf and /etc/hostname, as Docker writes them (moby libnetwork's etchosts
 * and resolvconf packages). Pure: the callers read the host's files and write the results.
 */

/** libnetwork etchosts' defaultContent (IPv6 lines included, as on a host with IPv6 enabled). */
const HOSTS_DEFAULTS = [
  ['127.0.0.1', 'localhost'],
  ['::1', 'localhost ip6-localhost ip6-loopback'],
  ['fe00::0', 'ip6-localnet'],
  ['ff00::0', 'ip6-mcastprefix'],
  ['ff02::1', 'ip6-allnodes'],
  ['ff02::2', 'ip6-allrouters'],
] as const;

/** Marks the block of peer containers tsctl maintains (Docker resolves those with its embedded DNS instead). */
export const PEERS_BEGIN = '# tsctl: containers on shared networks (updated as they come and go)';

export interface HostsEntry {
  ip: string;
  names: string[];
}

export interface HostsInput {
  /** --add-host entries, host-gateway already resolved. */
  extraHosts: HostsEntry[];
  /** The container's own addresses with its hostname (and `hostname.domainname`). */
  self: HostsEntry[];
  /** Other containers on this container's user-defined networks: name, hostname, aliases. */
  peers: HostsEntry[];
}

const line = (e: HostsEntry): string => `${e.ip}\t${e.names.join(' ')}`;

/** Docker's layout: defaults, --add-host entries, then the container's own IP and hostname; tsctl adds peers. */
export function hostsFile(input: HostsInput): string {
  const lines = HOSTS_DEFAULTS.map(([ip, names]) => `${ip}\t${names}`);
  lines.push(...input.extraHosts.map(line), ...input.self.map(line));
  if (input.peers.length > 0) lines.push(PEERS_BEGIN, ...input.peers.map(line));
  return `${lines.join('\n')}\n`;
}

/** The names a container answers to: `hostname.domainname hostname` (Docker's own-entry form). */
export function selfNames(hostname: string, domainname: string): string[] {
  return domainname ? [`${hostname}.${domainname}`, hostname] : [hostname];
}

/**
 * `--add-host name:ip` (also `name=ip`, and `[v6]` brackets; Docker ≥ 25); `host-gateway` becomes `gateway`.
 * Errors as docker/cli's ValidateExtraHost: `invalid argument "x" for "--add-host" flag: bad format for add-host: "x"`.
 */
export function parseExtraHost(value: string, gateway?: string): HostsEntry {
  const sep = value.search(/[:=]/);
  const bad = (why: string) => new Error(`invalid argument "${value}" for "--add-host" flag: ${why}`);
  if (sep <= 0) throw bad(`bad format for add-host: "${value}"`);
  const name = value.slice(0, sep);
  let ip = value.slice(sep + 1);
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (ip === 'host-gateway') {
    if (!gateway) throw bad('unable to derive the IP value for host-gateway');
    ip = gateway;
  } else if (!isIPLiteral(ip)) {
    throw bad(`invalid IP address in add-host: "${ip}"`);
  }
  return { ip, names: [name] };
}

function isIPLiteral(s: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s)) return s.split('.').every((p) => Number(p) <= 255);
  return /^[0-9a-fA-F:.]+$/.test(s) && s.includes(':');
}

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  options: string[];
  /** Other lines kept as they were (comments dropped, like Docker). */
  other: string[];
}

export function parseResolvConf(text: string): ResolvConf {
  const out: ResolvConf = { nameservers: [], search: [], options: [], other: [] };
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    if (l === '' || l.startsWith('#') || l.startsWith(';')) continue;
    const [key = '', ...rest] = l.split(/\s+/);
    if (key === 'nameserver' && rest[0]) out.nameservers.push(rest[0]);
    else if (key === 'search' || key === 'domain') out.search = rest;
    else if (key === 'options') out.options.push(...rest);
    else out.other.push(l);
  }
  return out;
}

const isLocalhostNS = (ns: string): boolean => /^127\./.test(ns) || ns === '::1' || ns.startsWith('::ffff:127.');

/** Docker's fallbacks when no usable nameserver remains (libnetwork resolvconf defaultIPv4Dns). */
export const DEFAULT_DNS = ['8.8.8.8', '8.8.4.4'];

export interface ResolvOverrides {
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
}

/**
 * The container's resolv.conf from the host's: localhost nameservers dropped (they are unreachable from the
 * container's namespace) with Google's as the fallback, then --dns / --dns-search / --dns-opt replace their part
 * (`--dns-search .` means no search domains). With `hostNetwork` the host's servers are kept as they are.
 */
export function containerResolvConf(hostText: string, o: ResolvOverrides, hostNetwork = false): string {
  const host = parseResolvConf(hostText);
  let nameservers = hostNetwork ? host.nameservers : host.nameservers.filter((ns) => !isLocalhostNS(ns));
  if (o.dns.length > 0) nameservers = o.dns;
  else if (nameservers.length === 0) nameservers = DEFAULT_DNS;
  const search = o.dnsSearch.length > 0 ? o.dnsSearch.filter((s) => s !== '.') : host.search;
  const options = o.dnsOptions.length > 0 ? o.dnsOptions : host.options;
  const lines = [
    ...nameservers.map((ns) => `nameserver ${ns}`),
    ...(search.length > 0 ? [`search ${search.join(' ')}`] : []),
    ...(options.length > 0 ? [`options ${options.join(' ')}`] : []),
    ...host.other,
  ];
  return `${lines.join('\n')}\n`;
}
