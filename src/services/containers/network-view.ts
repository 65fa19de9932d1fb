/**
 * What `port`, `ps` and `inspect` show of a container's networking, read from the files the networking layer
 * writes (src/net/types.ts): `net.json` (what create asked for) and `net-state.json` (what the OCI hook set up,
 * present while the task has networking). Pure functions; the `port` verb is ./port.ts.
 */
import { createHash } from 'node:crypto';
import type { ContainerNetSpec, ContainerNetState, Endpoint } from '../../net/types';
import { dockerPortBindings, dockerPortMap, portSummaries, type DockerPortMap, type PortSummary } from '../../compat/ports';
import { DEFAULT_BRIDGE_NETWORK, type EndpointInput, type HostNetworkInput, type NetworkSettingsInput } from '../../compat/inspect-container';
import { truncateID } from '../../compat/display';
import { NETWORK_MODE_LABEL, NETWORKS_LABEL } from '../../labels';

/** A container's networking files; either may be missing. */
export interface NetFiles {
  spec?: ContainerNetSpec;
  state?: ContainerNetState;
}

/** Reads a container's networking files (by container ID). */
export type NetFilesReader = (id: string, opts: { state: boolean }) => Promise<NetFiles>;

/**
 * NetworkSettings.Ports: the bindings and exposed ports of a running container with its own (bridge) networking;
 * else empty (Docker shows no ports for `host`, `none` and `container:` modes either).
 */
export function portMapOf(files: NetFiles, running: boolean): DockerPortMap {
  if (!running || !files.state || (files.spec !== undefined && files.spec.mode !== 'bridge')) return {};
  return dockerPortMap(files.state.ports, files.spec?.exposed ?? []);
}

/** `ps`'s port rows (moby lists ports only while the container's network is set up). */
export function psPorts(files: NetFiles, running: boolean): PortSummary[] {
  return portSummaries(portMapOf(files, running));
}

/** The networks a container is on, by name and ID (ps `network=`): net.json's attachments, else NETWORKS_LABEL. */
export function containerNetworks(labels: Readonly<Record<string, string>>, spec: ContainerNetSpec | undefined): { name: string; id: string }[] {
  if (spec) return spec.networks.map((a) => ({ name: a.network, id: a.networkId }));
  try {
    const names: unknown = JSON.parse(labels[NETWORKS_LABEL] ?? '[]');
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string').map((name) => ({ name, id: '' })) : [];
  } catch {
    return [];
  }
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Docker's HostConfig.NetworkMode: the label as given, else what net.json says; undefined when neither is there. */
export function networkModeOf(labels: Readonly<Record<string, string>>, spec: ContainerNetSpec | undefined): string | undefined {
  const label = labels[NETWORK_MODE_LABEL];
  if (label !== undefined && label !== '') return label;
  if (!spec) return undefined;
  if (spec.mode === 'container') return `container:${spec.joinContainer ?? ''}`;
  if (spec.mode === 'bridge') return spec.networks[0]?.network ?? DEFAULT_BRIDGE_NETWORK;
  return spec.mode;
}

/** HostConfig's port bindings and DNS settings from net.json. */
export function hostNetworkOf(spec: ContainerNetSpec): HostNetworkInput {
  return {
    portBindings: dockerPortBindings(spec.ports),
    publishAllPorts: spec.publishAll,
    dns: spec.dns,
    dnsSearch: spec.dnsSearch,
    dnsOptions: spec.dnsOptions,
    extraHosts: spec.extraHosts,
  };
}

/** moby's buildEndpointDNSNames: name, aliases, short ID, hostname, without repeats. */
function dnsNames(name: string, aliases: readonly string[], id: string, hostname: string): string[] {
  return [...new Set([name, ...aliases, truncateID(id), hostname].filter((n) => n !== ''))];
}

export interface NetworkSettingsRequest {
  id: string;
  name: string;
  files: NetFiles;
  /** The task is running or paused. */
  running: boolean;
  /** Never started (Docker: no operational data at all, not even the network ID). */
  created: boolean;
}

/**
 * Docker's NetworkSettings: while running, the sandbox, port map and every endpoint as the hook set it up; stopped,
 * the networks keep their IDs, aliases and DNS names with the operational fields empty (moby cleanOperationalData);
 * never started, only what was asked for. `host` / `none` show one entry of that name; `container:` none.
 */
export function networkSettingsOf(r: NetworkSettingsRequest): NetworkSettingsInput | undefined {
  const { spec, state } = r.files;
  if (!spec) return undefined;
  const live = r.running && state !== undefined;
  const networks: [string, EndpointInput][] = [];
  if (spec.mode === 'host' || spec.mode === 'none') {
    networks.push([spec.mode, { aliases: [], macAddress: '', networkId: '', endpointId: '', gateway: '', ipAddress: '', ipPrefixLen: 0 }]);
  }
  for (const a of spec.networks) {
    const ep: Endpoint | undefined = live ? state.endpoints.find((e) => e.networkId === a.networkId || e.network === a.network) : undefined;
    const userDefined = a.network !== DEFAULT_BRIDGE_NETWORK;
    networks.push([a.network, {
      ...(a.ipv4 ? { ipamConfig: { IPv4Address: a.ipv4 } } : {}),
      aliases: a.aliases,
      macAddress: ep ? ep.mac : r.created ? (a.mac ?? '') : '',
      networkId: r.created ? '' : a.networkId,
      endpointId: ep ? sha256(`endpoint:${r.id}:${a.networkId}:${ep.ifName}`) : '',
      gateway: ep?.gateway ?? '',
      ipAddress: ep?.ipv4 ?? '',
      ipPrefixLen: ep?.prefixLen ?? 0,
      ...(userDefined && !r.created ? { dnsNames: dnsNames(r.name, a.aliases, r.id, spec.hostname) } : {}),
    }]);
  }
  return {
    sandboxID: live ? sha256(`sandbox:${r.id}:${state.sandboxKey}`) : '',
    sandboxKey: live ? state.sandboxKey : '',
    ports: portMapOf(r.files, live),
    networks,
  };
}
