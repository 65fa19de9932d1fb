/**
 * The network store: every network is a conflist file in the CNI netconf dir (docs/dir.md):
 *
 *   <netconfpath>/tsctl/<namespace>/tsctl-<name>.conflist   user networks of a containerd namespace
 *   <netconfpath>/tsctl/tsctl-bridge.conflist                the default `bridge` network, shared by all namespaces
 *                                                            (tsctl-bridge-<8 hex of the data root>.conflist for
 *                                                            data roots other than the default)
 *
 * host-local keeps its allocations under the data root (`<data-root>/cni/ipam/…`), so two data roots never share
 * IPAM. Mutations hold `<root>/locks/networks.lock`; files are written atomically.
 *
 * API (stable): networkEnv, listNetworks, readNetworks, findNetwork, ensureDefaultNetwork, createNetwork,
 * removeNetwork, networkLockPath, defaultBridgeName, DEFAULT_NETWORK.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { withLock, writeFileAtomic } from '../util/lock';
import { AmbiguousRefError, ConflictError, InvalidArgumentError, NotFoundError, TsctlError } from '../errors/index';
import { DEFAULTS } from '../config/settings';
import { buildConfList, OPT_BRIDGE_NAME, OPT_PARENT, recordFromConfList, type NetworkDefinition } from './config';
import { allocateSubnet, contains, defaultRouteInterface, firstHost, formatCidr, formatIPv4, overlaps, parseCidr, parseIPv4, parseProcRoutes, within, type Cidr, type HostRoute } from './subnets';
import { removeBridgeLeftovers } from './cni/ipmasq';
import { cniLockPath } from './cni/index';
import type { IpamConfigEntry, NetworkDriver, NetworkRecord, SubnetConfig } from './types';

export const DEFAULT_NETWORK = 'bridge';
/** Names Docker reserves: the built-in networks. */
export const BUILTIN_NETWORKS = ['bridge', 'host', 'none'] as const;

export interface NetworkEnv {
  /** settings.cniNetconfPath */
  netconfPath: string;
  /** settings.dataRoot */
  dataRoot: string;
  /** StatePaths.root (<data-root>/<addrhash>): locks live under it. */
  root: string;
  namespace: string;
  /** /proc/net/route's text (tests pass their own); read from the host when absent. */
  procRoutes?: string;
}

export function networkEnv(settings: { cniNetconfPath: string; dataRoot: string; namespace: string }, root: string): NetworkEnv {
  return { netconfPath: settings.cniNetconfPath, dataRoot: settings.dataRoot, root, namespace: settings.namespace };
}

export function networkLockPath(root: string): string {
  return `${root}/locks/networks.lock`;
}

const isDefaultRoot = (dataRoot: string): boolean => dataRoot.replace(/\/+$/, '') === DEFAULTS.dataRoot;
const rootHash = (dataRoot: string): string => createHash('sha256').update(dataRoot.replace(/\/+$/, '')).digest('hex').slice(0, 8);

/** The default network's bridge: `tsctl0` for the default data root, `tsctl<8 hex of the data root>` otherwise. */
export function defaultBridgeName(dataRoot: string): string {
  return isDefaultRoot(dataRoot) ? 'tsctl0' : `tsctl${rootHash(dataRoot)}`;
}

/** Where automatic subnets start in the pool: 0 for the default data root, elsewhere for others. */
function poolStart(dataRoot: string): number {
  return isDefaultRoot(dataRoot) ? 0 : 1 + (parseInt(rootHash(dataRoot).slice(0, 4), 16) % 255);
}

const tsctlDir = (env: NetworkEnv): string => join(env.netconfPath, 'tsctl');
const namespaceDir = (env: NetworkEnv): string => join(tsctlDir(env), env.namespace);
const defaultFile = (env: NetworkEnv): string =>
  join(tsctlDir(env), isDefaultRoot(env.dataRoot) ? 'tsctl-bridge.conflist' : `tsctl-bridge-${rootHash(env.dataRoot)}.conflist`);
const ipamDir = (env: NetworkEnv, isDefault: boolean): string =>
  isDefault ? join(env.dataRoot, 'cni', 'ipam') : join(env.dataRoot, 'cni', 'ipam', 'ns', env.namespace);

async function readRecord(file: string): Promise<NetworkRecord | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return recordFromConfList(JSON.parse(text), file);
  } catch {
    return undefined;
  }
}

async function readDir(dir: string): Promise<NetworkRecord[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.startsWith('tsctl-') && n.endsWith('.conflist')).sort();
  const recs = await Promise.all(names.map((n) => readRecord(join(dir, n))));
  return recs.filter((r): r is NetworkRecord => r !== undefined);
}

/** The networks of the namespace as stored (the default network only if it was created already). */
export async function readNetworks(env: NetworkEnv): Promise<NetworkRecord[]> {
  const def = await readRecord(defaultFile(env));
  return [...(def ? [def] : []), ...(await readDir(namespaceDir(env)))];
}

/** The namespace's networks with the default `bridge` network (created on first use). */
export async function listNetworks(env: NetworkEnv): Promise<NetworkRecord[]> {
  await ensureDefaultNetwork(env);
  return readNetworks(env);
}

/** Every tsctl network in the netconf dir, all namespaces and data roots (for subnet and bridge-name clashes). */
async function allNetworks(env: NetworkEnv): Promise<NetworkRecord[]> {
  const dir = tsctlDir(env);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out = await readDir(dir);
  for (const e of entries) if (e.isDirectory()) out.push(...(await readDir(join(dir, e.name))));
  return out;
}

async function hostRoutes(env: NetworkEnv): Promise<HostRoute[]> {
  const text = env.procRoutes ?? (await readFile('/proc/net/route', 'utf8').catch(() => ''));
  return parseProcRoutes(text);
}

/** Docker's lookup over any list of networks: full ID, then name, then unique ID prefix. */
export function pickNetwork<T extends { id: string; name: string }>(all: readonly T[], ref: string): T {
  const hit = all.find((n) => n.id === ref) ?? all.find((n) => n.name === ref);
  if (hit) return hit;
  const prefixed = ref === '' ? [] : all.filter((n) => n.id.startsWith(ref));
  if (prefixed.length === 1 && prefixed[0]) return prefixed[0];
  if (prefixed.length > 1) throw new AmbiguousRefError(`Error response from daemon: network ${ref} is ambiguous (${prefixed.length} matches found based on ID prefix)`);
  throw new NotFoundError(`Error response from daemon: network ${ref} not found`, 'NETWORK_NOT_FOUND');
}

/** A stored network of the namespace (the default `bridge` included) by ID, name or ID prefix. */
export async function findNetwork(env: NetworkEnv, ref: string, networks?: NetworkRecord[]): Promise<NetworkRecord> {
  return pickNetwork(networks ?? (await listNetworks(env)), ref);
}

const newId = (): string => randomBytes(32).toString('hex');

async function writeRecord(def: NetworkDefinition, file: string): Promise<NetworkRecord> {
  const list = buildConfList(def);
  await writeFileAtomic(file, `${JSON.stringify(list, null, 2)}\n`);
  const rec = recordFromConfList(list, file);
  if (rec === undefined) throw new TsctlError('INTERNAL', `network ${def.name}: generated configuration is unreadable`);
  return rec;
}

function usedSubnets(nets: NetworkRecord[]): Cidr[] {
  return nets.flatMap((n) => n.subnets.map((s) => parseCidr(s.subnet)).filter((c): c is Cidr => c !== undefined));
}

/** The automatic subnet: skips every tsctl network's subnet and every subnet routed on the host. */
async function autoSubnet(env: NetworkEnv, nets: NetworkRecord[]): Promise<SubnetConfig> {
  const routes = (await hostRoutes(env)).filter((r) => r.cidr.prefix > 0).map((r) => r.cidr);
  const c = allocateSubnet([...usedSubnets(nets), ...routes], poolStart(env.dataRoot));
  if (c === undefined) throw new TsctlError('FAILED_PRECONDITION', 'Error response from daemon: could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network');
  return { subnet: formatCidr(c), gateway: formatIPv4(firstHost(c)) };
}

/** Creates the default `bridge` network if it does not exist yet; returns it. */
export async function ensureDefaultNetwork(env: NetworkEnv): Promise<NetworkRecord> {
  const existing = await readRecord(defaultFile(env));
  if (existing) return existing;
  return withLock(networkLockPath(env.root), async () => {
    const again = await readRecord(defaultFile(env));
    if (again) return again;
    const sub = await autoSubnet(env, await allNetworks(env));
    const bridge = defaultBridgeName(env.dataRoot);
    return writeRecord(
      {
        id: newId(),
        name: DEFAULT_NETWORK,
        driver: 'bridge',
        subnets: [sub],
        ipamConfig: [{ Subnet: sub.subnet, Gateway: sub.gateway }],
        internal: false,
        attachable: false,
        labels: {},
        options: {
          'com.docker.network.bridge.default_bridge': 'true',
          'com.docker.network.bridge.enable_icc': 'true',
          'com.docker.network.bridge.enable_ip_masquerade': 'true',
          'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
          'com.docker.network.bridge.name': bridge,
        },
        created: new Date().toISOString(),
        isDefault: true,
        bridge,
        ipamDataDir: ipamDir(env, true),
      },
      defaultFile(env),
    );
  });
}

export interface CreateNetworkRequest {
  name: string;
  driver: string;
  subnets: string[];
  gateways: string[];
  ipRanges: string[];
  internal: boolean;
  attachable: boolean;
  ipv6: boolean;
  labels: Record<string, string>;
  options: Record<string, string>;
}

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Docker's client- and daemon-side checks of --subnet/--gateway/--ip-range (one IPv4 subnet per network here). */
export function validateIpam(req: Pick<CreateNetworkRequest, 'subnets' | 'gateways' | 'ipRanges'>): { subnet: Cidr; text: string; gateway?: string; ipRange?: string } | undefined {
  if (req.subnets.length === 0) {
    if (req.gateways.length > 0 || req.ipRanges.length > 0) throw new InvalidArgumentError('every ip-range or gateway must have a corresponding subnet');
    return undefined;
  }
  const subs = req.subnets.map((s) => {
    const c = parseCidr(s);
    if (c === undefined) throw new InvalidArgumentError(`Error response from daemon: Invalid subnet ${s} : invalid CIDR address: ${s}`);
    return { c, text: s };
  });
  for (const g of req.gateways) {
    const ip = parseIPv4(g);
    if (ip === undefined) throw new InvalidArgumentError(`invalid argument "${g}" for "--gateway" flag: invalid string being converted to IP address: ${g}`);
    if (!subs.some((s) => contains(s.c, ip))) throw new InvalidArgumentError(`no matching subnet for gateway ${g}`);
  }
  for (const r of req.ipRanges) {
    const c = parseCidr(r);
    if (c === undefined) throw new InvalidArgumentError(`invalid argument "${r}" for "--ip-range" flag: invalid CIDR address: ${r}`);
    if (!subs.some((s) => within(c, s.c))) throw new InvalidArgumentError(`no matching subnet for range ${r}`);
  }
  if (subs.length > 1) throw new InvalidArgumentError('Error response from daemon: tsctl supports one IPv4 subnet per network');
  if (req.gateways.length > 1) throw new InvalidArgumentError(`cannot configure multiple gateways (${req.gateways.join(', ')}) for the same subnet (${req.subnets[0] ?? ''})`);
  if (req.ipRanges.length > 1) throw new InvalidArgumentError(`cannot configure multiple ranges (${req.ipRanges.join(', ')}) on the same subnet (${req.subnets[0] ?? ''})`);
  const first = subs[0]!;
  const out: { subnet: Cidr; text: string; gateway?: string; ipRange?: string } = { subnet: first.c, text: first.text };
  if (req.gateways[0] !== undefined) out.gateway = req.gateways[0];
  if (req.ipRanges[0] !== undefined) out.ipRange = req.ipRanges[0];
  return out;
}

function checkDriver(driver: string): NetworkDriver {
  if (driver === 'bridge' || driver === 'macvlan' || driver === 'ipvlan') return driver;
  if (driver === 'host' || driver === 'null') throw new ConflictError(`Error response from daemon: only one instance of "${driver}" network is allowed`);
  throw new NotFoundError(`Error response from daemon: plugin "${driver}" not found`);
}

export async function createNetwork(env: NetworkEnv, req: CreateNetworkRequest): Promise<NetworkRecord> {
  if (!NAME_RE.test(req.name)) throw new InvalidArgumentError(`Error response from daemon: invalid network name "${req.name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  const driver = checkDriver(req.driver);
  if (req.ipv6) throw new InvalidArgumentError('Error response from daemon: could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network (tsctl networks are IPv4 only)');
  const ipamReq = validateIpam(req);
  await ensureDefaultNetwork(env);
  return withLock(networkLockPath(env.root), async () => {
    const mine = await readNetworks(env);
    if ((BUILTIN_NETWORKS as readonly string[]).includes(req.name) || mine.some((n) => n.name === req.name)) {
      throw new ConflictError(`Error response from daemon: network with name ${req.name} already exists`, 'ALREADY_EXISTS');
    }
    const all = await allNetworks(env);
    let subnet: SubnetConfig;
    let ipamConfig: IpamConfigEntry;
    if (ipamReq === undefined) {
      subnet = await autoSubnet(env, all);
      ipamConfig = { Subnet: subnet.subnet, Gateway: subnet.gateway };
    } else {
      if (all.some((n) => usedSubnets([n]).some((c) => overlaps(c, ipamReq.subnet)))) {
        throw new ConflictError('Error response from daemon: Pool overlaps with other one on this address space');
      }
      subnet = { subnet: formatCidr(ipamReq.subnet), gateway: ipamReq.gateway ?? formatIPv4(firstHost(ipamReq.subnet)) };
      if (ipamReq.ipRange !== undefined) subnet.ipRange = ipamReq.ipRange;
      ipamConfig = { Subnet: ipamReq.text };
      if (ipamReq.ipRange !== undefined) ipamConfig.IPRange = ipamReq.ipRange;
      if (ipamReq.gateway !== undefined) ipamConfig.Gateway = ipamReq.gateway;
    }
    const id = newId();
    const def: NetworkDefinition = {
      id,
      name: req.name,
      driver,
      subnets: [subnet],
      ipamConfig: [ipamConfig],
      internal: req.internal,
      attachable: req.attachable,
      labels: req.labels,
      options: req.options,
      created: new Date().toISOString(),
      isDefault: false,
      namespace: env.namespace,
      ipamDataDir: ipamDir(env, false),
    };
    if (driver === 'bridge') {
      const bridge = req.options[OPT_BRIDGE_NAME] ?? `br-${id.slice(0, 12)}`;
      if (bridge.length > 15 || !/^[A-Za-z0-9_.-]+$/.test(bridge)) throw new InvalidArgumentError(`Error response from daemon: invalid bridge name "${bridge}"`);
      if (all.some((n) => n.bridge === bridge)) throw new ConflictError(`Error response from daemon: bridge name ${bridge} is already in use by another network`);
      def.bridge = bridge;
    } else {
      const parent = req.options[OPT_PARENT] ?? defaultRouteInterface(await hostRoutes(env));
      if (parent === undefined) throw new InvalidArgumentError(`Error response from daemon: ${driver}: no parent interface given (-o parent=) and the host has no default route`);
      def.parent = parent;
    }
    return writeRecord(def, join(namespaceDir(env), `tsctl-${req.name}.conflist`));
  });
}

/**
 * Deletes the network's file, its bridge and isolation rules and its IPAM state. The caller checks that no
 * container is attached (Docker's "has active endpoints") before calling.
 */
export async function removeNetwork(env: NetworkEnv, rec: NetworkRecord): Promise<void> {
  await withLock(networkLockPath(env.root), async () => {
    await unlink(rec.file).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  });
  const bridge = rec.bridge;
  if (bridge !== undefined) await withLock(cniLockPath(env.root), () => removeBridgeLeftovers(bridge));
  await rm(join(ipamDir(env, rec.isDefault), rec.name), { recursive: true, force: true });
}
