/**
 * CNI network-list operations (libcni's AddNetworkList/DelNetworkList/CheckNetworkList) without a library:
 * every plugin of a conflist is run in order for ADD (each gets the previous one's result as `prevResult`), in
 * reverse for DEL (with the cached ADD result), in order for CHECK. The ADD result is cached under
 * `<root>/cni/results/` so a later process (the OCI hook at task exit, `rm`, a crashed run's clean-up) can DEL
 * with the same configuration and result.
 *
 * Plugins are not safe to run concurrently: callers hold `withLock(cniLockPath(root), …)` around ADD/DEL.
 *
 * API (stable): cniAdd, cniDel, cniDelAll, cniCheck, cniLockPath, cniCacheDir, readCniCache, listCniCache, endpointInfo,
 * parseCniResult, findPlugin, CniError, and the types below.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/lock';
import type { CniConfList } from '../types';
import { CniError, execPlugin, type CniCommand, type PluginInvocation } from './exec';
import { parseCniResult, type CniResult } from './result';
import { teardownLeftoverIpMasq } from './ipmasq';

export { CniError, findPlugin, pluginSearchDirs, FALLBACK_PLUGIN_DIRS } from './exec';
export { parseCniResult, endpointInfo } from './result';
export { cniChainName, removeBridgeLeftovers } from './ipmasq';
export type { CniResult, CniInterface, CniIpConfig, CniRoute, CniDns, CniEndpointInfo } from './result';

/** CNI's portMappings capability entry (the portmap plugin's runtimeConfig). */
export interface CniPortMapping {
  hostPort: number;
  containerPort: number;
  protocol: string; // tcp | udp | sctp
  hostIP?: string;
}

/** Runtime values handed to plugins that declare the matching `capabilities` (as `runtimeConfig`). */
export interface CniCapabilityArgs {
  portMappings?: CniPortMapping[];
  /** Static IPs with prefix (`10.47.1.5/24`), for host-local's `ips` capability. */
  ips?: string[];
  /** Static MAC (`02:42:ac:11:00:02`), for the bridge/tuning `mac` capability. */
  mac?: string;
  [capability: string]: unknown;
}

/** One attachment of one container (libcni's RuntimeConf). */
export interface CniRuntime {
  containerId: string;
  /** Path of the network namespace (`/proc/<pid>/ns/net`, `/var/run/netns/x`). */
  netns: string;
  /** Interface name inside the namespace (eth0, eth1…). */
  ifName: string;
  /** CNI_ARGS pairs, e.g. [['IgnoreUnknown', '1']]. */
  args?: [string, string][];
  capabilityArgs?: CniCapabilityArgs;
}

export interface CniEnv {
  /** Directories searched for plugin binaries (settings.cniPath); the standard ones are searched after them. */
  pluginDirs: readonly string[];
  /** The per-address state root (StatePaths.root): the result cache lives in `<root>/cni/results`. */
  root: string;
  signal?: AbortSignal;
  /** Per-plugin time limit (default 2 minutes). */
  pluginTimeoutMs?: number;
}

/** The lock file callers hold around ADD/DEL (plugins share iptables chains, bridges and IPAM files). */
export function cniLockPath(root: string): string {
  return `${root}/locks/cni.lock`;
}

export function cniCacheDir(root: string): string {
  return `${root}/cni/results`;
}

/** What the cache keeps of one ADD: enough to DEL/CHECK it later, also after the network is gone. */
export interface CniCacheEntry {
  kind: 'tsctl-cni-cache-v1';
  containerId: string;
  ifName: string;
  networkName: string;
  netns: string;
  config: CniConfList;
  args: [string, string][];
  capabilityArgs: CniCapabilityArgs;
  result: Record<string, unknown>;
}

function cacheFile(root: string, networkName: string, containerId: string, ifName: string): string {
  return join(cniCacheDir(root), `${networkName}-${containerId}-${ifName}`);
}

export async function readCniCache(root: string, networkName: string, containerId: string, ifName: string): Promise<CniCacheEntry | undefined> {
  const text = await readFile(cacheFile(root, networkName, containerId, ifName), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as CniCacheEntry;
    return v.kind === 'tsctl-cni-cache-v1' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Every cached attachment of a container (all networks and interfaces), e.g. to tear down what is left. */
export async function listCniCache(root: string, containerId: string): Promise<CniCacheEntry[]> {
  const names = await readdir(cniCacheDir(root)).catch(() => [] as string[]);
  const out: CniCacheEntry[] = [];
  for (const n of names) {
    if (!n.includes(`-${containerId}-`)) continue;
    const text = await readFile(join(cniCacheDir(root), n), 'utf8').catch(() => undefined);
    try {
      const v = text === undefined ? undefined : (JSON.parse(text) as CniCacheEntry);
      if (v?.kind === 'tsctl-cni-cache-v1' && v.containerId === containerId) out.push(v);
    } catch {
      // a torn file: skip
    }
  }
  return out;
}

/** The configuration one plugin of the list is invoked with. */
export function pluginConf(list: CniConfList, plugin: Record<string, unknown>, caps: CniCapabilityArgs, prevResult?: Record<string, unknown>): Record<string, unknown> {
  const conf: Record<string, unknown> = { ...plugin, name: list.name, cniVersion: list.cniVersion };
  const declared = plugin.capabilities;
  if (typeof declared === 'object' && declared !== null) {
    const rc: Record<string, unknown> = { ...(typeof plugin.runtimeConfig === 'object' && plugin.runtimeConfig !== null ? (plugin.runtimeConfig as Record<string, unknown>) : {}) };
    for (const [cap, on] of Object.entries(declared as Record<string, unknown>)) {
      if (on === true && caps[cap] !== undefined) rc[cap] = caps[cap];
    }
    if (Object.keys(rc).length > 0) conf.runtimeConfig = rc;
  }
  if (prevResult !== undefined) conf.prevResult = prevResult;
  return conf;
}

function pluginType(plugin: Record<string, unknown>): string {
  const t = plugin.type;
  if (typeof t !== 'string' || t === '') throw new CniError('CNI network configuration has a plugin without "type"', '');
  return t;
}

/**
 * Plugins that would do nothing for this attachment are not run (each exec costs 10-30 ms): `portmap` without
 * port mappings, `tuning` that only serves the `mac` capability when no MAC was asked for. ADD and DEL decide
 * alike (DEL gets the ADD's capability args from the cache), so nothing is left behind.
 */
export function pluginNeeded(plugin: Record<string, unknown>, caps: CniCapabilityArgs, args: readonly [string, string][]): boolean {
  const type = pluginType(plugin);
  const extra = Object.keys(plugin).filter((k) => k !== 'type' && k !== 'capabilities');
  if (type === 'portmap' && extra.length === 0) return (caps.portMappings?.length ?? 0) > 0;
  if (type === 'tuning' && extra.length === 0) return caps.mac !== undefined || args.some(([k]) => k === 'MAC');
  return true;
}

function invocation(command: CniCommand, rt: CniRuntime, env: CniEnv): PluginInvocation {
  return { command, containerId: rt.containerId, netns: rt.netns, ifName: rt.ifName, args: rt.args ?? [], dirs: env.pluginDirs, signal: env.signal, timeoutMs: env.pluginTimeoutMs };
}

/**
 * DEL of `plugins` (default: the whole list) in reverse order. Every plugin gets its DEL even when one before it
 * fails (a missing binary must not keep the bridge plugin from releasing the address); the first error is thrown
 * at the end.
 */
async function runDel(list: CniConfList, rt: CniRuntime, env: CniEnv, prev: Record<string, unknown> | undefined, plugins = list.plugins): Promise<void> {
  const caps = rt.capabilityArgs ?? {};
  let first: unknown;
  for (const plugin of [...plugins].reverse()) {
    if (!pluginNeeded(plugin, caps, rt.args ?? [])) continue;
    await execPlugin(pluginType(plugin), pluginConf(list, plugin, caps, prev), invocation('DEL', rt, env)).catch((e: unknown) => {
      first ??= e;
    });
  }
  if (first !== undefined) throw first;
}

/**
 * ADD: runs the list's plugins in order and caches the final result. When a plugin fails, what was set up is torn
 * down (DEL, best effort) before the error is thrown, so a failed ADD leaks no IP or veth.
 */
export async function cniAdd(list: CniConfList, rt: CniRuntime, env: CniEnv): Promise<CniResult> {
  const caps = rt.capabilityArgs ?? {};
  let prev: Record<string, unknown> | undefined;
  let ran = 0;
  try {
    for (const plugin of list.plugins) {
      ran++;
      if (!pluginNeeded(plugin, caps, rt.args ?? [])) continue;
      const out = await execPlugin(pluginType(plugin), pluginConf(list, plugin, caps, prev), invocation('ADD', rt, env));
      prev = out;
    }
  } catch (e) {
    // Undo what ran (the failed plugin included: it may have done part of its work).
    await runDel(list, rt, env, prev, list.plugins.slice(0, ran)).catch(() => undefined);
    throw e;
  }
  const result = prev ?? { cniVersion: list.cniVersion };
  const entry: CniCacheEntry = {
    kind: 'tsctl-cni-cache-v1',
    containerId: rt.containerId,
    ifName: rt.ifName,
    networkName: list.name,
    netns: rt.netns,
    config: list,
    args: rt.args ?? [],
    capabilityArgs: caps,
    result,
  };
  await writeFileAtomic(cacheFile(env.root, list.name, rt.containerId, rt.ifName), `${JSON.stringify(entry)}\n`, 0o600);
  return parseCniResult(result);
}

/**
 * DEL: runs the plugins in reverse order with the cached ADD result as prevResult, then drops the cache entry.
 * Idempotent: deleting what was never added (or is already gone) succeeds. `list` may be undefined to use the
 * configuration cached at ADD time (the network may have been removed since); without either nothing is done.
 * `rt.capabilityArgs` default to the cached ones.
 */
export async function cniDel(list: CniConfList | undefined, rt: CniRuntime, env: CniEnv, networkName = list?.name): Promise<void> {
  if (networkName === undefined) return;
  const cached = await readCniCache(env.root, networkName, rt.containerId, rt.ifName);
  const conf = list ?? cached?.config;
  if (conf === undefined) return;
  // The ADD's CNI_ARGS fill in what the caller did not repeat (e.g. MAC, which decides whether tuning ran).
  const given = rt.args ?? [];
  const args = [...given, ...(cached?.args ?? []).filter(([k]) => !given.some(([g]) => g === k))];
  const eff: CniRuntime = { ...rt, args, capabilityArgs: rt.capabilityArgs ?? cached?.capabilityArgs ?? {} };
  await runDel(conf, eff, env, cached?.result);
  // tuning keeps a backup per attachment and only drops it when the netns still exists at DEL.
  if (conf.plugins.some((p) => pluginType(p) === 'tuning')) await rm(`/run/cni/tuning/${rt.containerId}_${rt.ifName}.json`, { force: true });
  await teardownLeftoverIpMasq(conf, rt.containerId, rt.netns, cached ? parseCniResult(cached.result) : undefined);
  await rm(cacheFile(env.root, networkName, rt.containerId, rt.ifName), { force: true });
}

/** CHECK: runs the plugins in order against the cached ADD result; throws the first plugin's complaint. */
export async function cniCheck(list: CniConfList, rt: CniRuntime, env: CniEnv): Promise<void> {
  const cached = await readCniCache(env.root, list.name, rt.containerId, rt.ifName);
  if (cached === undefined) throw new CniError(`no cached result for network "${list.name}" of container ${rt.containerId} (${rt.ifName}): nothing to check`, '');
  const eff: CniRuntime = { ...rt, args: rt.args ?? cached.args, capabilityArgs: rt.capabilityArgs ?? cached.capabilityArgs };
  for (const plugin of list.plugins) {
    if (!pluginNeeded(plugin, eff.capabilityArgs ?? {}, eff.args ?? [])) continue;
    await execPlugin(pluginType(plugin), pluginConf(list, plugin, eff.capabilityArgs ?? {}, cached.result), invocation('CHECK', eff, env));
  }
}

/**
 * Tears down every cached attachment of a container (all networks, all interfaces), in reverse attachment order,
 * with the configuration and netns recorded at ADD time (`netns` overrides it). For the OCI post-stop hook and
 * `rm`, when the network may be gone already. Returns the networks that were torn down.
 */
export async function cniDelAll(containerId: string, env: CniEnv, netns?: string): Promise<string[]> {
  const entries = (await listCniCache(env.root, containerId)).sort((a, b) => (a.ifName < b.ifName ? 1 : a.ifName > b.ifName ? -1 : 0));
  const done: string[] = [];
  for (const e of entries) {
    await cniDel(undefined, { containerId, netns: netns ?? e.netns, ifName: e.ifName }, env, e.networkName);
    done.push(e.networkName);
  }
  return done;
}
