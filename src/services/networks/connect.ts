/**
 * `network connect` / `network disconnect`: edit the container's net.json (and its NETWORKS_LABEL) and, when it
 * runs, attach or detach the network live (CNI ADD/DEL in its netns; peers' hosts files refreshed). Docker's
 * messages for the refused cases.
 */
import type { ContainerStore } from '../../containerd/ports';
import { ConflictError, InvalidArgumentError, NotFoundError } from '../../errors/index';
import { NETWORKS_LABEL } from '../../labels';
import type { NetEnv } from '../../net/setup';
import { attachNetwork, detachNetwork } from '../../net/setup';
import type { NetworkRecord } from '../../net/types';
import { readNetSpec, readNetState, writeNetSpec } from '../../state/container-net';

export interface ConnectDeps {
  containers: ContainerStore;
  env: NetEnv;
  /** The container's state dir. */
  dir: string;
}

export interface ConnectRequest {
  id: string;
  name: string;
  network: NetworkRecord;
  aliases: string[];
  ipv4?: string;
}

async function specOf(deps: ConnectDeps, name: string) {
  const spec = await readNetSpec(deps.dir);
  if (!spec) throw new NotFoundError(`Error response from daemon: No such container: ${name}`, 'CONTAINER_NOT_FOUND');
  if (spec.mode === 'host') throw new InvalidArgumentError('Error response from daemon: container cannot be disconnected from host network or connected to host network');
  if (spec.mode !== 'bridge') throw new InvalidArgumentError('Error response from daemon: container sharing network namespace with another container or host cannot be connected to any other network');
  return spec;
}

export async function connectNetwork(deps: ConnectDeps, req: ConnectRequest): Promise<void> {
  const spec = await specOf(deps, req.name);
  if (spec.networks.some((n) => n.networkId === req.network.id)) {
    throw new ConflictError(`Error response from daemon: endpoint with name ${req.name} already exists in network ${req.network.name}`);
  }
  if (req.network.isDefault && (req.aliases.length > 0 || req.ipv4)) {
    throw new InvalidArgumentError('Error response from daemon: network-scoped alias is supported only for containers in user defined networks');
  }
  const att = { network: req.network.name, networkId: req.network.id, aliases: req.aliases, ...(req.ipv4 ? { ipv4: req.ipv4 } : {}) };
  if (await readNetState(deps.dir)) await attachNetwork(deps.env, req.id, deps.dir, att);
  spec.networks.push(att);
  await writeNetSpec(deps.dir, spec);
  await deps.containers.setLabels(req.id, { [NETWORKS_LABEL]: JSON.stringify(spec.networks.map((n) => n.network)) });
}

export async function disconnectNetwork(deps: ConnectDeps, req: { id: string; name: string; network: NetworkRecord }): Promise<void> {
  const spec = await specOf(deps, req.name);
  if (!spec.networks.some((n) => n.networkId === req.network.id)) {
    throw new InvalidArgumentError(`Error response from daemon: container ${req.id} is not connected to network ${req.network.name}`);
  }
  if (await readNetState(deps.dir)) await detachNetwork(deps.env, req.id, deps.dir, req.network.id);
  spec.networks = spec.networks.filter((n) => n.networkId !== req.network.id);
  await writeNetSpec(deps.dir, spec);
  const names = spec.networks.map((n) => n.network);
  await deps.containers.setLabels(req.id, { [NETWORKS_LABEL]: names.length > 0 ? JSON.stringify(names) : '' });
}
