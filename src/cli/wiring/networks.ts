/** Wires the network services' ports: the conflist store of this data root/namespace and the containers. */
import type { CliContext } from '../context';
import type { NetworkDeps } from '../../services/networks/networks';
import { statePaths } from '../../state/paths';
import { createNetwork, listNetworks, networkEnv, removeNetwork, type NetworkEnv } from '../../net/store';
import { readNetState } from '../../state/container-net';

export interface NetworkWiring extends NetworkDeps {
  env: NetworkEnv;
}

export function networkDeps(ctx: CliContext): NetworkWiring {
  const paths = statePaths(ctx.settings.dataRoot, ctx.settings.address);
  const env = networkEnv(ctx.settings, paths.root);
  return {
    env,
    store: {
      list: () => listNetworks(env),
      create: (req) => createNetwork(env, req),
      remove: (rec) => removeNetwork(env, rec),
    },
    // containerd only when containers matter (rm, prune, inspect, dangling=): create/ls never load gRPC.
    containers: { list: async (filters) => (await ctx.containerd()).containers.list(filters) },
    readNetState: (id) => readNetState(paths.container(ctx.settings.namespace, id)),
  };
}
