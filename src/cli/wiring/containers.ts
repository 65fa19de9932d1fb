/** Wires the container services' ports to this invocation's containerd client and data root. */
import { readFile, rm } from 'node:fs/promises';
import type { CliContext } from '../context';
import { containerStore, execControl, taskControl } from '../../containerd/runtime';
import type { ContainerStore, ContainersPort, ExecControl, TaskControl, TasksPort } from '../../containerd/ports';
import { statePaths, type StatePaths } from '../../state/paths';
import { NameStore } from '../../state/names';
import { VolumeStore } from '../../state/volumes';
import { imageDeps, type ImageDeps } from './images';

export interface ContainerDeps extends ImageDeps {
  containers: ContainerStore;
  list: ContainersPort;
  tasks: TaskControl;
  taskList: TasksPort;
  names: NameStore;
  paths: StatePaths;
  namespace: string;
  removeState: (id: string) => Promise<void>;
  exec: ExecControl;
  networkError: (id: string) => Promise<string | undefined>;
  releaseNetwork: (id: string) => Promise<void>;
  prepareStart: (id: string, labels: Record<string, string>) => Promise<void>;
  volumes: VolumeStore;
  removeVolumes: (names: string[]) => Promise<void>;
}

export async function containerDeps(ctx: CliContext, platformFlag?: string): Promise<ContainerDeps> {
  const client = await ctx.containerd();
  const paths = statePaths(ctx.settings.dataRoot, ctx.settings.address);
  const ns = ctx.settings.namespace;
  const volumes = new VolumeStore(paths.volumes(ns), paths.locks);
  const deps: ContainerDeps = {
    ...(await imageDeps(ctx, platformFlag)),
    containers: containerStore(client),
    list: client.containers,
    tasks: taskControl(client),
    taskList: client.tasks,
    names: new NameStore(paths.names(ns)),
    paths,
    namespace: ns,
    removeState: (id) => rm(paths.container(ns, id), { recursive: true, force: true }),
    exec: execControl(client),
    volumes,
    removeVolumes: async (names) => (await import('../../services/volumes/remove')).removeAnonymousVolumes({ volumes, list: client.containers }, names),
    networkError: async (id) => (await readFile(`${paths.container(ns, id)}/net-error`, 'utf8').catch(() => '')).trim() || undefined,
    releaseNetwork: async (id) => (await import('./net')).releaseNetwork(ctx, deps, id),
    prepareStart: async (id, labels) => (await import('./net')).joinCurrentNetns(deps, id, labels),
  };
  return deps;
}

/** Reads a container's net.json (and with `state`, net-state.json) from its state directory. */
export function netFilesReader(deps: Pick<ContainerDeps, 'paths' | 'namespace'>) {
  return async (id: string, opts: { state: boolean }) => {
    const { readNetSpec, readNetState } = await import('../../state/container-net');
    const dir = deps.paths.container(deps.namespace, id);
    const [spec, state] = await Promise.all([readNetSpec(dir), opts.state ? readNetState(dir) : undefined]);
    return { ...(spec ? { spec } : {}), ...(state ? { state } : {}) };
  };
}

/** What container inspect needs besides the ports: process start times, recorded health, sizes with `--size`. */
export function inspectExtras(deps: ContainerDeps, size: boolean) {
  return {
    processStart: async (pid: number) => (await import('../../util/host')).processStartTime(pid),
    health: async (id: string) => (await import('../../state/health')).readHealth(deps.paths.container(deps.namespace, id)),
    netFiles: netFilesReader(deps),
    ...(size ? { sizes: async (id: string) => (await import('../../services/containers/list')).containerSizes(deps.containers, deps.snapshots, id) } : {}),
  };
}
