/**
 * `network ls/inspect/rm/prune/create` use cases. Networks come from the store port (conflists); the built-in
 * `host` and `none` networks are synthesised like Docker's; containers attached to a network are those whose
 * NETWORKS_LABEL lists it, with their addresses from the container's net-state.json (present while running).
 */
import { createHash } from 'node:crypto';
import type { ContainersPort } from '../../containerd/ports';
import { FailedPreconditionError, InvalidArgumentError, TsctlError } from '../../errors/index';
import { NETWORKS_LABEL } from '../../labels';
import type { ContainerNetState, NetworkRecord } from '../../net/types';
import { pickNetwork, type CreateNetworkRequest } from '../../net/store';
import { boolFilter, labelMatcher, parseUntil, validateFilters, type Filters } from '../images/list';
import { containerName } from '../containers/list';

export interface NetworkStorePort {
  /** The namespace's networks, the default `bridge` included. */
  list(): Promise<NetworkRecord[]>;
  create(req: CreateNetworkRequest): Promise<NetworkRecord>;
  remove(rec: NetworkRecord): Promise<void>;
}

export interface NetworkDeps {
  store: NetworkStorePort;
  containers: ContainersPort;
  readNetState(containerId: string): Promise<ContainerNetState | undefined>;
}

/** A network as ls/inspect see it: stored ones and the built-ins `host`/`none`. */
export interface NetworkView {
  id: string;
  name: string;
  driver: string;
  builtin: boolean;
  record?: NetworkRecord;
  created: string;
  internal: boolean;
  labels: Record<string, string>;
}

const builtinId = (name: string): string => createHash('sha256').update(`tsctl/network/${name}`).digest('hex');

/** Docker's predefined networks: `bridge` (the default network, stored) plus `host` and `none`. */
export function isPredefined(name: string): boolean {
  return name === 'bridge' || name === 'host' || name === 'none';
}

export async function allNetworks(deps: NetworkDeps): Promise<NetworkView[]> {
  const stored = await deps.store.list();
  const views: NetworkView[] = stored.map((r) => ({ id: r.id, name: r.name, driver: r.driver, builtin: r.isDefault, record: r, created: r.created, internal: r.internal, labels: r.labels }));
  for (const [name, driver] of [['host', 'host'], ['none', 'null']] as const) {
    views.push({ id: builtinId(name), name, driver, builtin: true, created: stored.find((r) => r.isDefault)?.created ?? '', internal: false, labels: {} });
  }
  return views.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface AttachedContainer {
  id: string;
  name: string;
  networks: string[];
}

function parseNetworksLabel(v: string | undefined): string[] {
  if (v === undefined) return [];
  try {
    const j = JSON.parse(v) as unknown;
    return Array.isArray(j) ? j.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Containers of the namespace attached to some network (by NETWORKS_LABEL). */
export async function attachedContainers(deps: NetworkDeps): Promise<AttachedContainer[]> {
  const recs = await deps.containers.list([`labels."${NETWORKS_LABEL}"`]);
  return recs.map((c) => ({ id: c.id, name: containerName(c), networks: parseNetworksLabel(c.labels[NETWORKS_LABEL]) })).filter((c) => c.networks.length > 0);
}

/** Finds a network by full ID, name or unique ID prefix (Docker's order), built-ins included. */
export function resolveNetwork(all: readonly NetworkView[], ref: string): NetworkView {
  return pickNetwork(all, ref);
}

// ---- ls -------------------------------------------------------------------------------------------------

export const LIST_FILTERS = ['dangling', 'driver', 'id', 'label', 'label!', 'name', 'scope', 'type'] as const;

/** moby's filters.Args.Match: equal, or the value as a regular expression matching somewhere in the source. */
function filterMatch(pattern: string, source: string): boolean {
  if (pattern === source) return true;
  try {
    return new RegExp(pattern).test(source);
  } catch {
    return false;
  }
}

/** Docker's network filters: name and id (moby's Match: regexp), label, driver, scope, type=custom|builtin, dangling. */
export function filterNetworks(views: readonly NetworkView[], f: Filters, attached: readonly AttachedContainer[]): NetworkView[] {
  validateFilters(f, LIST_FILTERS);
  for (const t of f.get('type') ?? []) {
    if (t !== 'custom' && t !== 'builtin') throw new InvalidArgumentError(`Error response from daemon: invalid filter 'type=${t}'`);
  }
  const dangling = f.has('dangling') ? (boolFilter(f, 'dangling') ?? false) : undefined;
  const used = new Set(attached.flatMap((c) => c.networks));
  const labelsOK = labelMatcher(f);
  const any = (key: string, pred: (v: string) => boolean): boolean => {
    const vs = f.get(key);
    return vs === undefined || vs.some(pred);
  };
  return views.filter(
    (n) =>
      any('name', (v) => filterMatch(v, n.name)) &&
      any('id', (v) => filterMatch(v, n.id)) &&
      any('driver', (v) => n.driver === v) &&
      any('scope', (v) => v === 'local') &&
      any('type', (v) => (v === 'builtin') === n.builtin) &&
      labelsOK(n.labels) &&
      (dangling === undefined || (!n.builtin && !used.has(n.name)) === dangling),
  );
}

/** Go's time.Time.String() of an RFC 3339 timestamp: `2026-11-22 06:41:37.248 +0000 UTC`. */
function goTimeString(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(iso);
  if (!m) return iso;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1]} ${m[2]}${frac === '.' ? '' : frac} +0000 UTC`;
}

/** One `network ls` row (docker/cli's networkContext fields). */
export interface NetworkRow {
  ID: string;
  Name: string;
  Driver: string;
  Scope: string;
  IPv6: string;
  Internal: string;
  Labels: string;
  CreatedAt: string;
}

export function networkRow(n: NetworkView): NetworkRow {
  return {
    ID: n.id,
    Name: n.name,
    Driver: n.driver,
    Scope: 'local',
    IPv6: 'false',
    Internal: String(n.internal),
    Labels: Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(','),
    CreatedAt: goTimeString(n.created),
  };
}

export async function listNetworkRows(deps: NetworkDeps, f: Filters): Promise<NetworkRow[]> {
  const views = await allNetworks(deps);
  const attached = f.has('dangling') ? await attachedContainers(deps) : [];
  return filterNetworks(views, f, attached).map(networkRow);
}

// ---- inspect --------------------------------------------------------------------------------------------

/** Docker's network inspect object (key order as Docker prints it). */
export function inspectShape(n: NetworkView, endpoints: Record<string, unknown>): Record<string, unknown> {
  const r = n.record;
  return {
    Name: n.name,
    Id: n.id,
    Created: n.created,
    Scope: 'local',
    Driver: n.driver,
    EnableIPv6: false,
    IPAM: {
      Driver: 'default',
      Options: r === undefined || r.isDefault ? null : {},
      Config: r?.ipamConfig ?? [],
    },
    Internal: n.internal,
    Attachable: r?.attachable ?? false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: endpoints,
    Options: r?.options ?? {},
    Labels: n.labels,
  };
}

/** Containers{id: {Name, EndpointID, MacAddress, IPv4Address, IPv6Address}} of the network's running containers. */
async function endpointsOf(deps: NetworkDeps, n: NetworkView, attached: readonly AttachedContainer[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const c of attached) {
    if (!c.networks.includes(n.name)) continue;
    const st = await deps.readNetState(c.id);
    const ep = st?.endpoints.find((e) => e.networkId === n.id || e.network === n.name);
    if (ep === undefined) continue;
    out[c.id] = {
      Name: c.name,
      EndpointID: createHash('sha256').update(`${c.id}/${n.id}/${ep.ifName}`).digest('hex'),
      MacAddress: ep.mac,
      IPv4Address: ep.ipv4 ? `${ep.ipv4}/${ep.prefixLen}` : '',
      IPv6Address: '',
    };
  }
  return out;
}

export type InspectResult = { ok: Record<string, unknown> } | { error: TsctlError };

export async function inspectNetworks(deps: NetworkDeps, refs: readonly string[]): Promise<InspectResult[]> {
  const views = await allNetworks(deps);
  const attached = await attachedContainers(deps);
  const out: InspectResult[] = [];
  for (const ref of refs) {
    try {
      const n = resolveNetwork(views, ref);
      out.push({ ok: inspectShape(n, await endpointsOf(deps, n, attached)) });
    } catch (e) {
      if (e instanceof TsctlError) out.push({ error: e });
      else throw e;
    }
  }
  return out;
}

// ---- rm / prune -----------------------------------------------------------------------------------------

/** Removes one network (by ID, name or prefix); Docker's refusals for predefined and in-use networks. */
export async function removeNetworkRef(deps: NetworkDeps, ref: string, views?: NetworkView[], attached?: AttachedContainer[]): Promise<void> {
  const n = resolveNetwork(views ?? (await allNetworks(deps)), ref);
  if (n.builtin || n.record === undefined) throw new FailedPreconditionError(`Error response from daemon: ${n.name} is a pre-defined network and cannot be removed`);
  const users = (attached ?? (await attachedContainers(deps))).filter((c) => c.networks.includes(n.name));
  if (users.length > 0) throw new FailedPreconditionError(`Error response from daemon: error while removing network: network ${n.name} id ${n.id} has active endpoints`);
  await deps.store.remove(n.record);
}

export const PRUNE_FILTERS = ['label', 'label!', 'until'] as const;

/** Removes every user network no container is attached to; returns the removed names. */
export async function pruneNetworks(deps: NetworkDeps, f: Filters, now: Date): Promise<string[]> {
  validateFilters(f, PRUNE_FILTERS);
  const untils = f.get('until') ?? [];
  if (untils.length > 1) throw new InvalidArgumentError('Error response from daemon: more than one until filter specified');
  const until = untils[0] === undefined ? undefined : parseUntil(untils[0], now);
  const labelsOK = labelMatcher(f);
  const views = await allNetworks(deps);
  const used = new Set((await attachedContainers(deps)).flatMap((c) => c.networks));
  const removed: string[] = [];
  for (const n of views) {
    if (n.builtin || n.record === undefined || used.has(n.name) || !labelsOK(n.labels)) continue;
    if (until !== undefined && new Date(n.created).getTime() > until.getTime()) continue;
    await deps.store.remove(n.record);
    removed.push(n.name);
  }
  return removed;
}
