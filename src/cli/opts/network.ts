/**
 * The networking flags of `run`/`create` (docker/cli's parseNetworkOpts and dockerd's checks in
 * runconfig/hostconfig.go): `--network` modes, `--network-alias`, `--ip`, `--mac-address`, `--dns*`,
 * `--add-host`, `-h`, `--domainname`, `-p`, `-P`, `--expose`. Pure: network names are resolved later.
 */
import { isIPv4 } from 'node:net';
import { InvalidOptionError } from '../../errors/index';
import { parseExtraHost } from '../../net/etc-files';
import { parseExpose, parsePublish, publishAll, type PortMapping } from './publish';
import { daemonError } from './common';

export interface NetworkFlags {
  network?: string[];
  networkAlias?: string[];
  ip?: string;
  macAddress?: string;
  dns?: string[];
  dnsSearch?: string[];
  dnsOpt?: string[];
  dnsOption?: string[];
  addHost?: string[];
  publish?: string[];
  publishAll?: boolean;
  expose?: string[];
  hostname?: string;
  domainname?: string;
  /** Not a flag: aliases per network (compose: the service name and each network's aliases on every network). */
  aliasesByNetwork?: Record<string, string[]>;
}

export interface ParsedNetworking {
  mode: 'bridge' | 'host' | 'none' | 'container';
  /** Docker's HostConfig.NetworkMode as given (`default` when no --network). */
  networkMode: string;
  /** container:<ref> */
  container?: string;
  /** CNI networks by name, in order (`bridge` = the default network). */
  networks: string[];
  aliases: string[];
  /** Per-network aliases (compose); when present they replace `aliases` on the first network. */
  aliasesByNetwork?: Record<string, string[]>;
  ipv4?: string;
  mac?: string;
  ports: PortMapping[];
  exposed: string[];
  publishAll: boolean;
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  extraHosts: string[];
  /** Daemon warnings to print (`WARNING: …`). */
  warnings: string[];
}

const MAC = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/;

/** The flags checked and split; `imageExposed` are the image's EXPOSE keys (`80/tcp`). */
export function parseNetworking(flags: NetworkFlags, imageExposed: readonly string[] = []): ParsedNetworking {
  const given = flags.network ?? [];
  const modes = given.length > 0 ? given : ['default'];
  const special = modes.filter((m) => m === 'host' || m === 'none' || m.startsWith('container:'));
  if (special.length > 0 && modes.length > 1) throw new InvalidOptionError('conflicting options: cannot attach both user-defined and non-user-defined network-modes');
  const first = modes[0] ?? 'default';
  const mode: ParsedNetworking['mode'] = first === 'host' ? 'host' : first === 'none' ? 'none' : first.startsWith('container:') ? 'container' : 'bridge';
  const container = mode === 'container' ? first.slice('container:'.length) : undefined;
  if (mode === 'container' && !container) throw new InvalidOptionError(`invalid container format container:<name|id>`);
  const dns = flags.dns ?? [];
  for (const d of dns) if (!/^[0-9a-fA-F:.]+$/.test(d) || (d.includes('.') && !isIPv4(d) && !d.includes(':'))) throw new InvalidOptionError(`invalid argument "${d}" for "--dns" flag: ${d} is not an ip address`);
  const extraHosts = flags.addHost ?? [];
  // Validated now (host-gateway is resolved when the container's network is set up).
  for (const h of extraHosts) {
    try {
      parseExtraHost(h, '0.0.0.0');
    } catch (e) {
      throw new InvalidOptionError((e as Error).message);
    }
  }
  if (flags.macAddress !== undefined && !MAC.test(flags.macAddress)) throw new InvalidOptionError(`${flags.macAddress} is not a valid mac address`);
  if (flags.ip !== undefined && !isIPv4(flags.ip)) throw new InvalidOptionError(`invalid argument "${flags.ip}" for "--ip" flag: invalid string being converted to IP address: ${flags.ip}`);
  let ports = parsePublish(flags.publish ?? []);
  const exposedFlags = parseExpose(flags.expose ?? []);
  const warnings: string[] = [];
  if (mode === 'container') {
    if (flags.hostname !== undefined) throw daemonError('conflicting options: hostname and the network mode');
    if (dns.length > 0 || (flags.dnsSearch ?? []).length > 0 || [...(flags.dnsOpt ?? []), ...(flags.dnsOption ?? [])].length > 0) throw daemonError('conflicting options: dns and the network mode');
    if (extraHosts.length > 0) throw daemonError('conflicting options: custom host-to-IP mapping and the network mode');
    if (ports.length > 0 || flags.publishAll) throw daemonError('conflicting options: port publishing and the container type network mode');
    if (exposedFlags.length > 0) throw daemonError('conflicting options: port exposing and the container type network mode');
    if (flags.macAddress !== undefined) throw daemonError('conflicting options: mac-address and the network mode');
  }
  const userDefined = mode === 'bridge' && modes[0] !== 'default' && modes[0] !== 'bridge';
  if ((flags.networkAlias ?? []).length > 0 && !userDefined) throw daemonError('network-scoped alias is supported only for containers in user defined networks');
  if (flags.ip !== undefined && !userDefined) throw daemonError('user specified IP address is supported on user defined networks only');
  const exposed = [...new Set([...imageExposed, ...exposedFlags, ...ports.map((p) => `${p.containerPort}/${p.protocol}`)])];
  if (flags.publishAll) ports = publishAll(exposed, ports);
  if (mode === 'host' && ports.length > 0) {
    warnings.push('Published ports are discarded when using host network mode');
    ports = [];
  }
  return {
    mode,
    networkMode: first === 'default' ? 'bridge' : first,
    ...(container !== undefined ? { container } : {}),
    networks: mode === 'bridge' ? modes.map((m) => (m === 'default' ? 'bridge' : m)) : [],
    aliases: flags.networkAlias ?? [],
    ...(flags.aliasesByNetwork && userDefined ? { aliasesByNetwork: flags.aliasesByNetwork } : {}),
    ...(flags.ip !== undefined ? { ipv4: flags.ip } : {}),
    ...(flags.macAddress !== undefined ? { mac: flags.macAddress.replace(/-/g, ':').toLowerCase() } : {}),
    ports,
    exposed,
    publishAll: flags.publishAll === true,
    dns,
    dnsSearch: flags.dnsSearch ?? [],
    dnsOptions: [...(flags.dnsOpt ?? []), ...(flags.dnsOption ?? [])],
    extraHosts,
    warnings,
  };
}
