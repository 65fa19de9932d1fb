/** Wires the container services' ports to this invocation's containerd client and data root. */
import { rm } from 'node:fs/promises';
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
  volumes: VolumeStore;
  removeVolumes: (names: string[]) => Promise<void>;
}

export async function containerDeps(ctx: CliContext, platformFlag?: string): Promise<ContainerDeps> {
  const client = await ctx.containerd();
  const paths = statePaths(ctx.settings.dataRoot, ctx.settings.address);
  const ns = ctx.settings.namespace;
  const volumes = new VolumeStore(paths.volumes(ns), paths.locks);
  return {
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
  };
}

/** What container inspect needs besides the ports: process start times, recorded health, sizes with `--size`. */
export function inspectExtras(deps: ContainerDeps, size: boolean) {
  return {
    processStart: async (pid: number) => (await import('../../util/host')).processStartTime(pid),
    health: async (id: string) => (await import('../../state/health')).readHealth(deps.paths.container(deps.namespace, id)),
    ...(size ? { sizes: async (id: string) => (await import('../../services/containers/list')).containerSizes(deps.containers, deps.snapshots, id) } : {}),
  };
}
