/**
 * A container's network set-up and tear-down, run by its OCI hooks (createRuntime / poststop; src/net/hook) and by
 * connect/disconnect: CNI ADD/DEL for each network in `net.json`, host ports for -p, `net-state.json`, and the
 * /etc/hosts files of every container sharing a user-defined network with it (tsctl's name resolution). All of it
 * under one lock: CNI plugins are not safe to run concurrently, and host-port choice and hosts files must see one
 * consistent set of running containers.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withLock } from '../util/lock';
import { cniLockPath } from './cni/index';
import { readNetSpec, readNetState, removeNetState, writeNetState } from '../state/container-net';
import { hostsFile, parseExtraHost, selfNames, type HostsEntry } from './etc-files';
import { allocatePorts, cniPortMappings, type PortProbe } from './ports';
import type { ContainerNetSpec, ContainerNetState, Endpoint, NetworkAttachment, NetworkRecord, PortBinding } from './types';

export interface CniRuntime {
  containerId: string;
  netns: string;
  ifName: string;
  /** CNI_ARGS pairs (IgnoreUnknown is added by the invoker). */
  args: Record<string, string>;
  capabilityArgs: Record<string, unknown>;
}

export interface CniAttachResult {
  ipv4: string;
  prefixLen: number;
  gateway: string;
  mac: string;
}

/** The CNI layer as this module needs it (src/net/hook/env adapts src/net/cni to this). */
export interface CniOps {
  add(net: NetworkRecord, rt: CniRuntime): Promise<CniAttachResult>;
  /** `net` undefined: the network is gone; DEL with the configuration cached at ADD time. */
  del(net: NetworkRecord | undefined, rt: CniRuntime): Promise<void>;
}

export interface NetEnv {
  /** <data-root>/<addrhash> */
  root: string;
  namespace: string;
  /** Network records by name or ID (the namespace's networks and the default one). */
  network(nameOrId: string): Promise<NetworkRecord | undefined>;
  cni: CniOps;
  probe?: PortProbe;
}

const containersDir = (env: NetEnv): string => join(env.root, 'containers', env.namespace);
const cniContainerId = (env: NetEnv, id: string): string => `${env.namespace}-${id}`;

export class NetworkSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkSetupError';
  }
}

function runtimeFor(env: NetEnv, id: string, netns: string, idx: number, att: NetworkAttachment | Endpoint, ports: PortBinding[]): CniRuntime {
  const args: Record<string, string> = {};
  if ('ipv4' in att && att.ipv4 && !('prefixLen' in att)) args.IP = att.ipv4;
  if ('mac' in att && att.mac && !('prefixLen' in att)) args.MAC = att.mac;
  return {
    containerId: cniContainerId(env, id),
    netns,
    ifName: `eth${idx}`,
    args,
    capabilityArgs: idx === 0 && ports.length > 0 ? { portMappings: cniPortMappings(ports) } : {},
  };
}

/** Every running container's recorded network state in this namespace (the set-up ones). */
async function allStates(env: NetEnv): Promise<{ id: string; dir: string; spec: ContainerNetSpec; state: ContainerNetState }[]> {
  const base = containersDir(env);
  const ids = await readdir(base).catch(() => [] as string[]);
  const out = await Promise.all(
    ids.map(async (id) => {
      const dir = join(base, id);
      const [spec, state] = await Promise.all([readNetSpec(dir), readNetState(dir)]);
      return spec && state ? { id, dir, spec, state } : undefined;
    }),
  );
  return out.filter((x): x is NonNullable<typeof x> => x !== undefined);
}

/** Host ports held by tsctl containers of every namespace under this root. */
async function usedPorts(root: string, exceptDir: string): Promise<PortBinding[]> {
  const base = join(root, 'containers');
  const nss = await readdir(base).catch(() => [] as string[]);
  const out: PortBinding[] = [];
  for (const ns of nss) {
    for (const id of await readdir(join(base, ns)).catch(() => [] as string[])) {
      const dir = join(base, ns, id);
      if (dir === exceptDir) continue;
      const st = await readNetState(dir);
      if (st) out.push(...st.ports);
    }
  }
  return out;
}

/**
 * CNI ADD for every network of the container whose task has pid `pid`; writes net-state.json and refreshes the
 * hosts files. On failure everything it did is undone before the error is thrown.
 */
export async function setupNetwork(env: NetEnv, id: string, dir: string, pid: number): Promise<ContainerNetState | undefined> {
  const spec = await readNetSpec(dir);
  if (!spec) return undefined;
  return withLock(cniLockPath(env.root), async () => {
    await teardownLocked(env, id, dir, spec); // a previous run that was never torn down (crash, host reboot)
    if (spec.mode !== 'bridge') return undefined; // host/none/container: files written at create
    const netns = `/proc/${pid}/ns/net`;
    const ports = await allocatePorts(spec.ports, await usedPorts(env.root, dir), env.probe).catch((e: unknown) => {
      throw new NetworkSetupError((e as Error).message);
    });
    const state: ContainerNetState = { sandboxKey: netns, pid, endpoints: [], ports };
    try {
      for (const [i, att] of spec.networks.entries()) {
        const net = await env.network(att.networkId || att.network) ?? await env.network(att.network);
        if (!net) throw new NetworkSetupError(`network ${att.network} not found`);
        // Recorded before ADD so a failed ADD is also rolled back (DEL is idempotent).
        const ep: Endpoint = { network: net.name, networkId: net.id, ifName: `eth${i}`, ipv4: '', prefixLen: 0, gateway: '', mac: '', aliases: att.aliases };
        state.endpoints.push(ep);
        const r = await env.cni.add(net, runtimeFor(env, id, netns, i, att, ports));
        Object.assign(ep, r);
      }
      await writeNetState(dir, state);
      await refreshHosts(env);
    } catch (e) {
      await delEndpoints(env, id, state, netns).catch(() => undefined);
      await removeNetState(dir);
      throw e;
    }
    return state;
  });
}

/**
 * DEL of every endpoint. `netns` is empty once the task is gone (its /proc/<pid> may belong to another process by
 * now): the plugins then release addresses and rules without touching interfaces, which went with the netns.
 */
async function delEndpoints(env: NetEnv, id: string, state: ContainerNetState, netns: string): Promise<void> {
  let first: unknown;
  for (const ep of [...state.endpoints].reverse()) {
    const net = await env.network(ep.networkId);
    const idx = Number(ep.ifName.replace(/^eth/, '')) || 0;
    await env.cni.del(net, runtimeFor(env, id, netns, idx, ep, state.ports)).catch((e: unknown) => {
      first ??= e;
    });
  }
  if (first) throw first;
}

async function teardownLocked(env: NetEnv, id: string, dir: string, spec?: ContainerNetSpec): Promise<boolean> {
  const state = await readNetState(dir);
  if (!state) return false;
  await delEndpoints(env, id, state, '');
  await removeNetState(dir);
  if (spec?.mode === 'bridge' || spec === undefined) await refreshHosts(env);
  return true;
}

/** CNI DEL of whatever set-up is recorded (idempotent); refreshes the other containers' hosts files. */
export async function teardownNetwork(env: NetEnv, id: string, dir: string): Promise<void> {
  if (!(await readNetState(dir))) return;
  await withLock(cniLockPath(env.root), () => teardownLocked(env, id, dir));
}

/** ADD (connect) or DEL (disconnect) of one network on a running container; net.json is updated by the caller. */
export async function attachNetwork(env: NetEnv, id: string, dir: string, att: NetworkAttachment): Promise<Endpoint> {
  return withLock(cniLockPath(env.root), async () => {
    const state = await readNetState(dir);
    if (!state) throw new NetworkSetupError(`container ${id} is not running`);
    const net = await env.network(att.networkId || att.network);
    if (!net) throw new NetworkSetupError(`network ${att.network} not found`);
    const used = new Set(state.endpoints.map((e) => e.ifName));
    let idx = 0;
    while (used.has(`eth${idx}`)) idx++;
    const ep: Endpoint = { network: net.name, networkId: net.id, ifName: `eth${idx}`, ipv4: '', prefixLen: 0, gateway: '', mac: '', aliases: att.aliases };
    try {
      Object.assign(ep, await env.cni.add(net, runtimeFor(env, id, state.sandboxKey, idx, att, [])));
    } catch (e) {
      await env.cni.del(net, runtimeFor(env, id, state.sandboxKey, idx, att, [])).catch(() => undefined);
      throw e;
    }
    state.endpoints.push(ep);
    await writeNetState(dir, state);
    await refreshHosts(env);
    return ep;
  });
}

export async function detachNetwork(env: NetEnv, id: string, dir: string, networkId: string): Promise<void> {
  await withLock(cniLockPath(env.root), async () => {
    const state = await readNetState(dir);
    const ep = state?.endpoints.find((e) => e.networkId === networkId);
    if (!state || !ep) return;
    const net = await env.network(networkId);
    await env.cni.del(net, runtimeFor(env, id, state.sandboxKey, Number(ep.ifName.slice(3)) || 0, ep, ep.ifName === 'eth0' ? state.ports : []));
    state.endpoints = state.endpoints.filter((e) => e !== ep);
    await writeNetState(dir, state);
    await refreshHosts(env);
  });
}

/** What peers call a container: name, hostname, short ID and its aliases on that network. */
function peerNames(id: string, spec: ContainerNetSpec, ep: Endpoint): string[] {
  const names = [spec.name, spec.hostname, id.slice(0, 12), ...ep.aliases].filter((n): n is string => !!n);
  return [...new Set(names)];
}

/** Rewrites the hosts file of every running container in the namespace (only the changed ones are written). */
export async function refreshHosts(env: NetEnv): Promise<void> {
  const all = await allStates(env);
  await Promise.all(
    all.map(async (me) => {
      const peers: HostsEntry[] = [];
      for (const ep of me.state.endpoints) {
        const net = await env.network(ep.networkId);
        if (!net || net.isDefault) continue; // Docker's default bridge has no name resolution
        for (const other of all) {
          if (other.id === me.id) continue;
          const oep = other.state.endpoints.find((e) => e.networkId === ep.networkId);
          if (oep?.ipv4) peers.push({ ip: oep.ipv4, names: peerNames(other.id, other.spec, oep) });
        }
      }
      await writeHosts(env, me.dir, me.spec, me.state, peers);
    }),
  );
}

/** Writes `<dir>/hosts` in place (the file is bind-mounted: its inode must stay) when its content changed. */
async function writeHosts(env: NetEnv, dir: string, spec: ContainerNetSpec, state: ContainerNetState, peers: HostsEntry[]): Promise<void> {
  const path = join(dir, 'hosts');
  const gateway = state.endpoints[0]?.gateway || (await defaultGateway(env));
  const extraHosts = spec.extraHosts.map((h) => parseExtraHost(h, gateway));
  const self = state.endpoints.filter((e) => e.ipv4).map((e) => ({ ip: e.ipv4, names: selfNames(spec.hostname, spec.domainname) }));
  const text = hostsFile({ extraHosts, self, peers });
  const now = await readFile(path, 'utf8').catch(() => undefined);
  if (now !== text) await writeFile(path, text);
}

async function defaultGateway(env: NetEnv): Promise<string> {
  const def = await env.network('bridge');
  return def?.subnets[0]?.gateway ?? '127.0.0.1';
}
