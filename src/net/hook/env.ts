/**
 * The NetEnv (src/net/setup.ts) of a data root: tsctl's network store for the namespace and the CNI invoker with
 * its result cache. Shared by the OCI hook bundle and the CLI (connect/disconnect, exit handling), so it imports
 * node built-ins and src/net only.
 */
import { cniAdd, cniDel, endpointInfo, listCniCache, type CniRuntime as CniRt } from '../cni/index';
import type { CniRuntime, NetEnv } from '../setup';
import type { NetworkRecord } from '../types';
import { ensureDefaultNetwork, findNetwork, readNetworks, type NetworkEnv as StoreEnv } from '../store';

export interface HookOptions {
  /** <data-root>/<addrhash> */
  root: string;
  /** The data root itself (the default network and IPAM are per data root). */
  dataRoot: string;
  namespace: string;
  netconfpath: string;
  cniPath: string[];
  /** The container's state dir (hooks only). */
  stateDir: string;
}

/** Lookups in the namespace's networks: `find` by ID, name or ID prefix (undefined when none), the default network. */
export function networkStore(o: Pick<HookOptions, 'root' | 'dataRoot' | 'namespace' | 'netconfpath'>) {
  const env: StoreEnv = { netconfPath: o.netconfpath, dataRoot: o.dataRoot, root: o.root, namespace: o.namespace };
  return {
    find: async (ref: string): Promise<NetworkRecord | undefined> => findNetwork(env, ref, await readNetworks(env)).catch(() => undefined),
    ensureDefault: (): Promise<NetworkRecord> => ensureDefaultNetwork(env),
  };
}

function toCni(rt: CniRuntime): CniRt {
  return { containerId: rt.containerId, netns: rt.netns, ifName: rt.ifName, args: [['IgnoreUnknown', '1'], ...Object.entries(rt.args)], capabilityArgs: rt.capabilityArgs };
}

export async function hookEnv(o: HookOptions): Promise<NetEnv> {
  const store = networkStore(o);
  const env = { pluginDirs: o.cniPath, root: o.root };
  const cache = new Map<string, NetworkRecord | undefined>();
  return {
    root: o.root,
    namespace: o.namespace,
    network: async (nameOrId) => {
      if (!cache.has(nameOrId)) cache.set(nameOrId, await store.find(nameOrId));
      return cache.get(nameOrId);
    },
    cni: {
      add: async (net, rt) => {
        const { ifName, ...info } = endpointInfo(await cniAdd(net.conflist, toCni(rt), env), rt.ifName);
        void ifName;
        return info;
      },
      del: async (net, rt) => {
        if (net) return cniDel(net.conflist, toCni(rt), env);
        // The network was removed meanwhile: DEL with the configuration cached at ADD time.
        for (const entry of await listCniCache(o.root, rt.containerId)) {
          if (entry.ifName === rt.ifName) await cniDel(undefined, toCni(rt), env, entry.networkName);
        }
      },
    },
  };
}
