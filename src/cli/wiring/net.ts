/**
 * Container networking on the CLI side: from the parsed flags to what create needs (networks resolved, the
 * container's net.json / hosts / resolv.conf / hostname files, their bind mounts, the OCI hooks that run CNI, the
 * labels), and the NetEnv the hook, `connect`/`disconnect` and the exit handler use.
 */
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import type { CliContext } from '../context';
import { shq } from '../../util/shell';
import type { ContainerDeps } from './containers';
import type { ParsedNetworking } from '../opts/network';
import type { Hooks, Mount } from '../../services/containers/spec/types';
import type { ContainerNetSpec, NetworkAttachment, NetworkRecord } from '../../net/types';
import type { NetEnv } from '../../net/setup';
import { writeNetSpec, readNetSpec, readNetState } from '../../state/container-net';
import { containerResolvConf, hostsFile, parseExtraHost, type HostsEntry } from '../../net/etc-files';
import { ensureExecutable } from '../../logger/install';
import { daemonError } from '../opts/common';
import { HOST_CONFIG_LABEL, NETWORK_MODE_LABEL, NETWORKS_LABEL } from '../../labels';
import { findContainer } from '../../services/containers/resolve';

export interface NetworkPlan {
  parsed: ParsedNetworking;
  attachments: NetworkAttachment[];
  /** container:<ref> — the joined container. */
  join?: { id: string; pid: number };
}

/** The network store and CNI of this invocation (the namespace's networks plus the default one). */
export async function netEnv(ctx: CliContext, deps: ContainerDeps): Promise<NetEnv> {
  const { hookEnv } = await import('../../net/hook/env');
  return hookEnv(hookOptions(ctx, deps, ''));
}

function hookOptions(ctx: CliContext, deps: ContainerDeps, stateDir: string) {
  const s = ctx.settings;
  return { root: deps.paths.root, dataRoot: s.dataRoot, namespace: deps.namespace, netconfpath: s.cniNetconfPath, cniPath: s.cniPath, stateDir };
}

/** A network by name or ID; `bridge` is created on first use. Docker's error when missing. */
export async function findNetwork(ctx: CliContext, deps: ContainerDeps, name: string): Promise<NetworkRecord> {
  const { networkStore } = await import('../../net/hook/env');
  const store = networkStore(hookOptions(ctx, deps, ''));
  const rec = name === 'bridge' ? await store.ensureDefault() : await store.find(name);
  if (!rec) throw daemonError(`network ${name} not found`);
  return rec;
}

/** Resolves the networks and the joined container (before anything is created). */
export async function planNetworking(ctx: CliContext, deps: ContainerDeps, parsed: ParsedNetworking): Promise<NetworkPlan> {
  const attachments: NetworkAttachment[] = [];
  for (const [i, name] of parsed.networks.entries()) {
    const rec = await findNetwork(ctx, deps, name);
    if (attachments.some((a) => a.networkId === rec.id)) continue;
    attachments.push({
      network: rec.name,
      networkId: rec.id,
      aliases: parsed.aliasesByNetwork ? (parsed.aliasesByNetwork[name] ?? []) : i === 0 && !rec.isDefault ? parsed.aliases : [],
      ...(i === 0 && parsed.ipv4 ? { ipv4: parsed.ipv4 } : {}),
      ...(i === 0 && parsed.mac ? { mac: parsed.mac } : {}),
    });
  }
  let join: NetworkPlan['join'];
  if (parsed.mode === 'container' && parsed.container) {
    // Created next to a stopped container, as Docker allows; the start checks it runs and points the spec at it.
    const other = await findContainer(deps.list, parsed.container);
    const task = await deps.tasks.get(other.id);
    join = { id: other.id, pid: task?.status === 'running' ? task.pid : 0 };
  }
  return { parsed, attachments, ...(join ? { join } : {}) };
}

export function networkLabels(plan: NetworkPlan): Record<string, string> {
  return {
    [NETWORK_MODE_LABEL]: plan.parsed.mode === 'container' && plan.join ? `container:${plan.join.id}` : plan.parsed.networkMode,
    ...(plan.attachments.length > 0 ? { [NETWORKS_LABEL]: JSON.stringify(plan.attachments.map((a) => a.network)) } : {}),
  };
}

const bind = (source: string, destination: string): Mount => ({ destination, type: 'bind', source, options: ['rbind', 'rprivate'] });

async function hookBundle(): Promise<string> {
  const bin = await realpath(process.argv[1] ?? '');
  return join(dirname(bin), '..', 'dist', 'tsctl-oci-hook.js');
}

/**
 * The hook launcher (`<data-root>/bin/tsctl-oci-hook EVENT STATE-DIR …`): a shell script, so a poststop with nothing
 * set up (tsctl already tore the network down when the task exited) costs no node start-up.
 */
export function hookScript(nodePath: string, bundlePath: string): string {
  return `#!/bin/sh\nif [ "$1" = poststop ] && [ ! -e "$2/net-state.json" ]; then cat >/dev/null; exit 0; fi\nexec ${shq(nodePath)} ${shq(bundlePath)} "$@"\n`;
}

/** PATH for the hook and the CNI plugins it runs (iptables lives in /usr/sbin). */
const HOOK_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface NetworkSpecParts {
  hostname: string;
  mounts: Mount[];
  hooks?: Hooks;
  networkMode: 'private' | 'host' | 'container';
  networkNamespacePath?: string;
}

/**
 * Writes the container's net.json, hostname, resolv.conf and initial hosts file into its state dir and returns
 * the spec parts: bind mounts of those files, the createRuntime/poststop hooks (CNI networks only) and the
 * network namespace.
 */
export async function networkSpecParts(ctx: CliContext, deps: ContainerDeps, plan: NetworkPlan, c: { id: string; name: string }, exposed: string[], hostnameFlag: string | undefined, domainname: string): Promise<NetworkSpecParts> {
  const p = plan.parsed;
  const dir = deps.paths.container(deps.namespace, c.id);
  await mkdir(dir, { recursive: true });
  if (p.mode === 'container' && plan.join) {
    const otherDir = deps.paths.container(deps.namespace, plan.join.id);
    const other = await deps.containers.get(plan.join.id);
    const hostname = (other?.spec as { hostname?: string } | undefined)?.hostname ?? plan.join.id.slice(0, 12);
    const spec: ContainerNetSpec = { mode: 'container', joinContainer: plan.join.id, networks: [], ports: [], exposed: [], publishAll: false, hostname, domainname: '', dns: [], dnsSearch: [], dnsOptions: [], extraHosts: [], name: c.name };
    await writeNetSpec(dir, spec);
    const files = ['hosts', 'resolv.conf', 'hostname'];
    return { hostname, mounts: files.map((f) => bind(join(otherDir, f), `/etc/${f}`)), networkMode: 'container', networkNamespacePath: `/proc/${plan.join.pid}/ns/net` };
  }
  const hostname = hostnameFlag ?? (p.mode === 'host' ? os.hostname() : c.id.slice(0, 12));
  const spec: ContainerNetSpec = {
    mode: p.mode,
    networks: plan.attachments,
    ports: p.ports,
    exposed,
    publishAll: p.publishAll,
    hostname,
    domainname,
    dns: p.dns,
    dnsSearch: p.dnsSearch,
    dnsOptions: p.dnsOptions,
    extraHosts: p.extraHosts,
    name: c.name,
  };
  await writeNetSpec(dir, spec);
  const hostResolv = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
  // CNI networks: the hook writes the hosts file with the container's addresses; host/none: final now.
  let extra: HostsEntry[] = [];
  if (p.mode !== 'bridge' && p.extraHosts.length > 0) {
    const gateway = p.extraHosts.some((h) => h.endsWith('host-gateway')) ? (await findNetwork(ctx, deps, 'bridge')).subnets[0]?.gateway : undefined;
    extra = p.extraHosts.map((h) => parseExtraHost(h, gateway));
  }
  const hostHosts = p.mode === 'host' ? await readFile('/etc/hosts', 'utf8').catch(() => '') : '';
  const hosts = p.mode === 'host'
    ? `${hostHosts}${hostHosts.endsWith('\n') || hostHosts === '' ? '' : '\n'}${extra.map((e) => `${e.ip}\t${e.names.join(' ')}\n`).join('')}`
    : hostsFile({ extraHosts: extra, self: [], peers: [] });
  await Promise.all([
    writeFile(join(dir, 'hostname'), `${hostname}\n`),
    writeFile(join(dir, 'resolv.conf'), containerResolvConf(hostResolv, p, p.mode === 'host')),
    writeFile(join(dir, 'hosts'), hosts),
  ]);
  const mounts = [bind(join(dir, 'hostname'), '/etc/hostname'), bind(join(dir, 'resolv.conf'), '/etc/resolv.conf'), bind(join(dir, 'hosts'), '/etc/hosts')];
  if (p.mode !== 'bridge') return { hostname, mounts, networkMode: p.mode === 'host' ? 'host' : 'private' };
  const launcher = await ensureExecutable(ctx.settings.dataRoot, 'tsctl-oci-hook', hookScript(process.execPath, await hookBundle()));
  const o = hookOptions(ctx, deps, dir);
  const args = (event: string) => [launcher, event, dir, '--root', o.root, '--data-root', o.dataRoot, '--namespace', o.namespace, '--netconfpath', o.netconfpath, ...o.cniPath.flatMap((d) => ['--cni-path', d])];
  const hooks: Hooks = {
    createRuntime: [{ path: launcher, args: args('createRuntime'), env: [HOOK_PATH], timeout: 120 }],
    poststop: [{ path: launcher, args: args('poststop'), env: [HOOK_PATH], timeout: 120 }],
  };
  return { hostname, mounts, hooks, networkMode: 'private' };
}

/** Whether the container has CNI networking (its exit must tear it down). */
export async function hasCniNetworking(deps: ContainerDeps, id: string): Promise<boolean> {
  return (await readNetSpec(deps.paths.container(deps.namespace, id)))?.mode === 'bridge';
}

/**
 * Tears down a stopped container's networking now (addresses, published ports, peers' hosts entries), as dockerd
 * does when a container stops; the task's poststop hook would otherwise do it only when the task is deleted.
 */
export async function releaseNetwork(ctx: CliContext, deps: ContainerDeps, id: string): Promise<void> {
  const dir = deps.paths.container(deps.namespace, id);
  if (!(await readNetState(dir))) return;
  const t = await deps.tasks.get(id);
  if (t && t.status !== 'stopped') return;
  const { teardownNetwork } = await import('../../net/setup');
  await teardownNetwork(await netEnv(ctx, deps), id, dir);
}

/** After `rename`: the container's net.json carries the new name, and peers' hosts files follow. */
export async function renameInNetworks(ctx: CliContext, deps: ContainerDeps, id: string, name: string): Promise<void> {
  const dir = deps.paths.container(deps.namespace, id);
  const spec = await readNetSpec(dir);
  if (!spec || spec.name === name) return;
  const [{ withLock }, { cniLockPath }, { refreshHosts }] = await Promise.all([import('../../util/lock'), import('../../net/cni/index'), import('../../net/setup')]);
  const env = await netEnv(ctx, deps);
  await withLock(cniLockPath(env.root), async () => {
    await writeNetSpec(dir, { ...spec, name });
    await refreshHosts(env);
  });
}

/**
 * `--network container:<id>`: the spec names the joined container's netns by its task's pid, which changes when
 * that container restarts; before each start it is pointed at the current task (Docker's error if none runs).
 */
/**
 * The task pid of the container whose `pid`/`ipc` namespace a new one joins (`--pid container:<ref>`); with
 * `created`, 0 for a container that is not running (create allows it; the start checks again).
 */
export async function sharedNamespacePid(deps: ContainerDeps, kind: 'pid' | 'ipc', ref: string, created = false): Promise<number> {
  const other = await findContainer(deps.list, ref);
  const task = await deps.tasks.get(other.id);
  if (!task || task.status !== 'running' || !task.pid) {
    if (created) return 0;
    throw daemonError(`cannot join ${kind === 'pid' ? 'PID' : 'IPC'} of a non running container: ${ref}`);
  }
  return task.pid;
}

/**
 * Before a start: the spec's paths to other containers' namespaces (`--network`/`--pid`/`--ipc container:`) are
 * pointed at those containers' current tasks.
 */
export async function joinCurrentNetns(deps: ContainerDeps, id: string, labels: Record<string, string>): Promise<void> {
  const edits: [string, number][] = [];
  const mode = labels[NETWORK_MODE_LABEL] ?? '';
  if (mode.startsWith('container:')) {
    const other = mode.slice('container:'.length);
    const task = await deps.tasks.get(other);
    if (!task || task.status !== 'running' || !task.pid) throw daemonError(`cannot join network of a non running container: ${other}`);
    edits.push(['net', task.pid]);
  }
  let stored: { PidMode?: string; IpcMode?: string } = {};
  try {
    stored = labels[HOST_CONFIG_LABEL] ? (JSON.parse(labels[HOST_CONFIG_LABEL]) as typeof stored) : {};
  } catch {
    // no namespace modes
  }
  for (const [kind, v] of [['pid', stored.PidMode], ['ipc', stored.IpcMode]] as const) {
    if (v?.startsWith('container:')) edits.push([kind, await sharedNamespacePid(deps, kind, v.slice('container:'.length))]);
  }
  if (edits.length === 0) return;
  await deps.containers.rewriteSpec(id, (json) => edits.reduce((j, [ns, pid]) => j.replace(new RegExp(`"/proc/\\d+/ns/${ns}"`), `"/proc/${pid}/ns/${ns}"`), json));
}
