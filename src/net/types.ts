/**
 * The shapes shared by the networking layers: a network as tsctl stores it (a CNI conflist with tsctl's keys),
 * what a container asked for (`net.json` in its state dir, written by create, edited by connect/disconnect) and
 * what its OCI hook set up (`net-state.json`, written after CNI ADD, removed after DEL).
 */
import type { PortMapping, Protocol } from '../cli/opts/publish';

export type NetworkDriver = 'bridge' | 'macvlan' | 'ipvlan';

/** One IPv4 pool of a network (Docker's IPAM.Config entry). */
export interface SubnetConfig {
  subnet: string; // 10.47.1.0/24
  gateway: string; // 10.47.1.1
  ipRange?: string; // 10.47.1.128/25
}

/** A network tsctl knows (from its conflist file; see src/net/store.ts). */
export interface NetworkRecord {
  /** 64 hex (Docker's network ID). */
  id: string;
  /** Docker-visible name (`bridge` for the default network). */
  name: string;
  driver: NetworkDriver;
  subnets: SubnetConfig[];
  internal: boolean;
  labels: Record<string, string>;
  /** `-o` options as given. */
  options: Record<string, string>;
  /** RFC 3339. */
  created: string;
  /** The default `bridge` network (no name resolution, like Docker's). */
  isDefault: boolean;
  /** Bridge interface on the host (bridge driver). */
  bridge?: string;
  /** The CNI network configuration list (what the plugins are invoked with). */
  conflist: CniConfList;
  /** Path of the conflist file. */
  file: string;
  /** `--attachable` as given (no effect without swarm; shown by inspect). */
  attachable?: boolean;
  /** Docker's IPAM.Config as inspect shows it (Gateway only when given or allocated automatically). */
  ipamConfig?: IpamConfigEntry[];
  /** containerd namespace of a user network; absent for the default `bridge` network (shared). */
  namespace?: string;
}

/** One entry of Docker's `IPAM.Config` (key order as Docker prints it). */
export interface IpamConfigEntry {
  Subnet: string;
  IPRange?: string;
  Gateway?: string;
}

export interface CniConfList {
  cniVersion: string;
  name: string;
  plugins: Record<string, unknown>[];
  [key: string]: unknown;
}

/** One network a container is attached to, in attachment order (eth0, eth1, …). */
export interface NetworkAttachment {
  /** The network's name as the user gave it resolved to the record's name. */
  network: string;
  networkId: string;
  /** --network-alias (only on user-defined networks, like Docker). */
  aliases: string[];
  /** --ip (static IPv4), --mac-address. */
  ipv4?: string;
  mac?: string;
}

/** What `run`/`create` asked for: `<container dir>/net.json`. */
export interface ContainerNetSpec {
  /** bridge: CNI networks (the default `bridge` network or user networks). */
  mode: 'bridge' | 'host' | 'none' | 'container';
  /** container:<ref> — the joined container's ID. */
  joinContainer?: string;
  networks: NetworkAttachment[];
  /** -p and -P (hostPort 0 = a random port chosen at start). */
  ports: PortMapping[];
  /** `80/tcp` keys: --expose, -p and the image's EXPOSE. */
  exposed: string[];
  publishAll: boolean;
  hostname: string;
  domainname: string;
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  /** --add-host values as given (`name:ip`, `name:host-gateway`). */
  extraHosts: string[];
  /** The container's name (peers' /etc/hosts list it); `rename` updates it. */
  name?: string;
}

/** One CNI attachment that is set up. */
export interface Endpoint {
  network: string;
  networkId: string;
  ifName: string;
  ipv4: string;
  prefixLen: number;
  gateway: string;
  mac: string;
  aliases: string[];
}

/** A published port as set up (the random host ports resolved). */
export interface PortBinding {
  hostIP: string;
  hostPort: number;
  containerPort: number;
  protocol: Protocol;
}

/** What the OCI hook set up: `<container dir>/net-state.json`, present while the task has networking. */
export interface ContainerNetState {
  /** /proc/<pid>/ns/net of the task at set-up time. */
  sandboxKey: string;
  pid: number;
  endpoints: Endpoint[];
  ports: PortBinding[];
}

export const NET_SPEC_FILE = 'net.json';
export const NET_STATE_FILE = 'net-state.json';
