/**
 * A network as a CNI conflist (pure): the plugin chain tsctl runs for each driver, and tsctl's own top-level keys
 * (tsctlID, tsctlName, tsctlLabels, tsctlOptions, tsctlCreated, …) that make the file the network's record.
 *
 * bridge:  bridge (+host-local) → portmap → firewall (ingressPolicy same-bridge: no traffic between networks)
 *          → tuning (the `mac` capability). --internal: no gateway on the bridge, no masquerade, no default
 *          route, no portmap.
 * macvlan/ipvlan: the driver plugin (+host-local) on `-o parent=` → tuning.
 */
import { firstHost, formatIPv4, lastHost, parseCidr } from './subnets';
import type { CniConfList, IpamConfigEntry, NetworkDriver, NetworkRecord, SubnetConfig } from './types';

export const CNI_VERSION = '1.0.0';

/** What buildConfList needs: a NetworkRecord without the generated parts. */
export interface NetworkDefinition {
  id: string;
  name: string;
  driver: NetworkDriver;
  subnets: SubnetConfig[];
  ipamConfig: IpamConfigEntry[];
  internal: boolean;
  attachable: boolean;
  labels: Record<string, string>;
  options: Record<string, string>;
  created: string;
  isDefault: boolean;
  namespace?: string | undefined;
  /** bridge driver: the host interface. */
  bridge?: string | undefined;
  /** macvlan/ipvlan: the parent interface. */
  parent?: string | undefined;
  /** host-local's dataDir. */
  ipamDataDir: string;
}

/** `-o` keys with a meaning (Docker's names and short ones); others are kept and shown but unused. */
export const OPT_BRIDGE_NAME = 'com.docker.network.bridge.name';
export const OPT_MTU = ['com.docker.network.driver.mtu', 'mtu'];
export const OPT_MASQ = 'com.docker.network.bridge.enable_ip_masquerade';
export const OPT_PARENT = 'parent';
export const OPT_MODE: Record<string, string[]> = { macvlan: ['macvlan_mode', 'mode'], ipvlan: ['ipvlan_mode', 'mode'] };

export function optionValue(options: Record<string, string>, keys: readonly string[]): string | undefined {
  for (const k of keys) if (options[k] !== undefined) return options[k];
  return undefined;
}

function ipam(def: NetworkDefinition): Record<string, unknown> {
  const ranges = def.subnets.map((s) => {
    const r: Record<string, unknown> = { subnet: s.subnet, gateway: s.gateway };
    if (s.ipRange !== undefined) {
      const [start, end] = rangeBounds(s.ipRange);
      r.rangeStart = start;
      r.rangeEnd = end;
    }
    return [r];
  });
  const out: Record<string, unknown> = { type: 'host-local', dataDir: def.ipamDataDir, ranges };
  if (!def.internal) out.routes = [{ dst: '0.0.0.0/0' }];
  return out;
}

/** First and last usable address of an --ip-range (host-local never hands out the gateway). */
function rangeBounds(range: string): [string, string] {
  const c = parseCidr(range);
  if (c === undefined) return [range, range];
  return [formatIPv4(firstHost(c)), formatIPv4(lastHost(c))];
}

function mtuOf(options: Record<string, string>): number | undefined {
  const v = optionValue(options, OPT_MTU);
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function buildConfList(def: NetworkDefinition): CniConfList {
  const mtu = mtuOf(def.options);
  const plugins: Record<string, unknown>[] = [];
  if (def.driver === 'bridge') {
    const masq = !def.internal && def.options[OPT_MASQ] !== 'false';
    const bridge: Record<string, unknown> = {
      type: 'bridge',
      bridge: def.bridge,
      isGateway: !def.internal,
      ipMasq: masq,
      hairpinMode: true,
      capabilities: { ips: true },
      ipam: ipam(def),
    };
    if (mtu !== undefined) bridge.mtu = mtu;
    plugins.push(bridge);
    if (!def.internal) plugins.push({ type: 'portmap', capabilities: { portMappings: true } });
    plugins.push({ type: 'firewall', ingressPolicy: 'same-bridge' });
  } else {
    const mode = optionValue(def.options, OPT_MODE[def.driver] ?? []) ?? (def.driver === 'macvlan' ? 'bridge' : 'l2');
    const p: Record<string, unknown> = { type: def.driver, master: def.parent, mode, capabilities: { ips: true }, ipam: ipam(def) };
    if (mtu !== undefined) p.mtu = mtu;
    plugins.push(p);
  }
  plugins.push({ type: 'tuning', capabilities: { mac: true } });
  const list: CniConfList = {
    cniVersion: CNI_VERSION,
    name: def.name,
    tsctlID: def.id,
    tsctlName: def.name,
    tsctlDriver: def.driver,
    tsctlCreated: def.created,
    tsctlLabels: def.labels,
    tsctlOptions: def.options,
    tsctlInternal: def.internal,
    tsctlAttachable: def.attachable,
    tsctlDefault: def.isDefault,
    tsctlSubnets: def.subnets,
    tsctlIPAMConfig: def.ipamConfig,
    plugins,
  };
  if (def.namespace !== undefined) list.tsctlNamespace = def.namespace;
  if (def.bridge !== undefined) list.tsctlBridge = def.bridge;
  if (def.parent !== undefined) list.tsctlParent = def.parent;
  return list;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strMap = (v: unknown): Record<string, string> =>
  isRecord(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};

/** The record a tsctl conflist describes; undefined for files that are not tsctl's (or are damaged). */
export function recordFromConfList(raw: unknown, file: string): NetworkRecord | undefined {
  if (!isRecord(raw) || typeof raw.tsctlID !== 'string' || typeof raw.tsctlName !== 'string' || !Array.isArray(raw.plugins)) return undefined;
  const driver = raw.tsctlDriver;
  if (driver !== 'bridge' && driver !== 'macvlan' && driver !== 'ipvlan') return undefined;
  const subnets = Array.isArray(raw.tsctlSubnets) ? (raw.tsctlSubnets.filter(isRecord) as unknown as SubnetConfig[]) : [];
  const rec: NetworkRecord = {
    id: raw.tsctlID,
    name: raw.tsctlName,
    driver,
    subnets,
    internal: raw.tsctlInternal === true,
    labels: strMap(raw.tsctlLabels),
    options: strMap(raw.tsctlOptions),
    created: typeof raw.tsctlCreated === 'string' ? raw.tsctlCreated : '',
    isDefault: raw.tsctlDefault === true,
    conflist: raw as CniConfList,
    file,
    attachable: raw.tsctlAttachable === true,
    ipamConfig: Array.isArray(raw.tsctlIPAMConfig) ? (raw.tsctlIPAMConfig.filter(isRecord) as unknown as IpamConfigEntry[]) : subnets.map((s) => ({ Subnet: s.subnet, Gateway: s.gateway })),
  };
  if (typeof raw.tsctlBridge === 'string') rec.bridge = raw.tsctlBridge;
  if (typeof raw.tsctlNamespace === 'string') rec.namespace = raw.tsctlNamespace;
  return rec;
}

/** The loopback plugin alone: brings `lo` up in a new network namespace (what Docker does for every container). */
export function loopbackConfList(): CniConfList {
  return { cniVersion: CNI_VERSION, name: 'tsctl-loopback', plugins: [{ type: 'loopback' }] };
}
