/**
 * tsctl's containerd client: typed facades over every v1 service we use (all unary RPCs typed from the
 * generated definitions), the streaming helpers (content read/write, events, list streams), leases, and the
 * narrow ports the services depend on (./ports.ts).
 */
import { ContainersService } from './gen/containerd/services/containers/v1/containers';
import { ContentService } from './gen/containerd/services/content/v1/content';
import { DiffService } from './gen/containerd/services/diff/v1/diff';
import { EventsService } from './gen/containerd/services/events/v1/events';
import { ImagesService } from './gen/containerd/services/images/v1/images';
import { IntrospectionService } from './gen/containerd/services/introspection/v1/introspection';
import { LeasesService } from './gen/containerd/services/leases/v1/leases';
import { NamespacesService } from './gen/containerd/services/namespaces/v1/namespace';
import { SnapshotsService } from './gen/containerd/services/snapshots/v1/snapshots';
import { TasksService } from './gen/containerd/services/tasks/v1/tasks';
import { VersionService } from './gen/containerd/services/version/v1/version';
import type {
  ContainerRecord,
  ContainersPort,
  IntrospectionPort,
  NamespaceRecord,
  NamespacesPort,
  NamespaceUsagePort,
  PluginRecord,
  ServerVersion,
  TaskRecord,
  TasksPort,
  VersionPort,
} from './ports';
import { Status as TaskStatusEnum } from './gen/containerd/types/task/task';
import { Rpc, type CallOptions, type MethodDef, type RpcOptions } from './rpc';
import { ContentStreams } from './content';
import { EventStream } from './events';
import { Leases } from './leases';

/** The unary RPCs of a generated service definition, as promise-returning methods. */
export type UnaryFacade<S> = {
  [K in keyof S as S[K] extends { requestStream: false; responseStream: false } ? K : never]: S[K] extends MethodDef<infer Req, infer Res>
    ? (req: Req, o?: CallOptions) => Promise<Res>
    : never;
};

export function unaryFacade<S extends object>(rpc: Rpc, service: S): UnaryFacade<S> {
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(service) as [string, MethodDef<unknown, unknown>][]) {
    if (!def.requestStream && !def.responseStream) out[name] = (req: unknown, o?: CallOptions) => rpc.unary(def, req, o);
  }
  return out as UnaryFacade<S>;
}

export class ContainerdClient implements VersionPort, IntrospectionPort {
  readonly rpc: Rpc;
  readonly containersApi: UnaryFacade<typeof ContainersService>;
  readonly contentApi: UnaryFacade<typeof ContentService>;
  readonly diffApi: UnaryFacade<typeof DiffService>;
  readonly imagesApi: UnaryFacade<typeof ImagesService>;
  readonly introspectionApi: UnaryFacade<typeof IntrospectionService>;
  readonly leasesApi: UnaryFacade<typeof LeasesService>;
  readonly namespacesApi: UnaryFacade<typeof NamespacesService>;
  readonly snapshotsApi: UnaryFacade<typeof SnapshotsService>;
  readonly tasksApi: UnaryFacade<typeof TasksService>;
  readonly versionApi: UnaryFacade<typeof VersionService>;
  readonly content: ContentStreams;
  readonly events: EventStream;
  readonly leases: Leases;
  readonly namespaces: NamespacesPort;
  readonly usage: NamespaceUsagePort;
  readonly containers: ContainersPort;
  readonly tasks: TasksPort;

  constructor(opts: RpcOptions) {
    const rpc = (this.rpc = new Rpc(opts));
    this.containersApi = unaryFacade(rpc, ContainersService);
    this.contentApi = unaryFacade(rpc, ContentService);
    this.diffApi = unaryFacade(rpc, DiffService);
    this.imagesApi = unaryFacade(rpc, ImagesService);
    this.introspectionApi = unaryFacade(rpc, IntrospectionService);
    this.leasesApi = unaryFacade(rpc, LeasesService);
    this.namespacesApi = unaryFacade(rpc, NamespacesService);
    this.snapshotsApi = unaryFacade(rpc, SnapshotsService);
    this.tasksApi = unaryFacade(rpc, TasksService);
    this.versionApi = unaryFacade(rpc, VersionService);
    this.content = new ContentStreams(rpc);
    this.events = new EventStream(rpc);
    this.leases = new Leases(this.leasesApi);
    this.namespaces = namespacesPort(this.namespacesApi);
    this.containers = {
      list: async (filters = []) => (await this.containersApi.list({ filters })).containers.map(containerRecord),
    };
    this.tasks = {
      list: async () => (await this.tasksApi.list({ filter: '' })).tasks.map(taskRecord),
    };
    this.usage = {
      countContainers: async (ns) => (await this.containersApi.list({ filters: [] }, { namespace: ns })).containers.length,
      countImages: async (ns) => (await this.imagesApi.list({ filters: [] }, { namespace: ns })).images.length,
    };
  }

  get namespace(): string {
    return this.rpc.namespace;
  }

  async version(): Promise<ServerVersion> {
    const r = await this.versionApi.version({}, { namespace: null });
    return { version: r.version, revision: r.revision };
  }

  async serverUUID(): Promise<string> {
    return (await this.introspectionApi.server({}, { namespace: null })).uuid;
  }

  async plugins(filters: string[] = []): Promise<PluginRecord[]> {
    const r = await this.introspectionApi.plugins({ filters }, { namespace: null });
    return r.plugins.map((p) => ({ type: p.type, id: p.id, initError: p.initErr?.message || undefined, exports: p.exports }));
  }

  close(): void {
    this.rpc.close();
  }
}

function namespacesPort(api: UnaryFacade<typeof NamespacesService>): NamespacesPort {
  const rec = (n: { name: string; labels: Record<string, string> } | undefined): NamespaceRecord => ({ name: n?.name ?? '', labels: sortedMap(n?.labels ?? {}) });
  const none = { namespace: null };
  return {
    list: async () => (await api.list({ filter: '' }, none)).namespaces.map(rec),
    get: async (name) => rec((await api.get({ name }, none)).namespace),
    // NOTE: containerd publishes an event for create/update/delete, which needs a namespace header (seen on
    // 1.6.20: without it, "failed publishing event: namespace is required" although the change was made).
    create: async (name, labels) => rec((await api.create({ namespace: { name, labels } }, { namespace: name })).namespace),
    // NOTE: containerd 1.6 accepts only "labels.<key>" paths here ("cannot update \"labels\" field").
    setLabels: async (name, labels) =>
      rec((await api.update({ namespace: { name, labels }, updateMask: Object.keys(labels).map((k) => `labels.${k}`) }, { namespace: name })).namespace),
    delete: async (name) => {
      await api.delete({ name }, { namespace: name });
    },
  };
}

const TASK_STATUS: Record<number, TaskRecord['status']> = {
  [TaskStatusEnum.CREATED]: 'created',
  [TaskStatusEnum.RUNNING]: 'running',
  [TaskStatusEnum.STOPPED]: 'stopped',
  [TaskStatusEnum.PAUSED]: 'paused',
  [TaskStatusEnum.PAUSING]: 'pausing',
};

function taskRecord(p: { id: string; containerId: string; pid: number; status: number; exitStatus: number; exitedAt: Date | undefined }): TaskRecord {
  return { id: p.containerId || p.id, pid: p.pid, status: TASK_STATUS[p.status] ?? 'unknown', exitStatus: p.exitStatus, exitedAt: p.exitedAt };
}

/** Reads process.args from the container's OCI spec (JSON in an Any); [] when it is not an OCI spec. */
function containerRecord(c: { id: string; image: string; labels: Record<string, string>; createdAt: Date | undefined; spec: { value: Buffer } | undefined }): ContainerRecord {
  let args: string[] = [];
  try {
    const spec = JSON.parse(c.spec?.value.toString('utf8') ?? '{}') as { process?: { args?: unknown } };
    if (Array.isArray(spec.process?.args)) args = spec.process.args.map(String);
  } catch {
    args = [];
  }
  return { id: c.id, image: c.image, labels: sortedMap(c.labels), createdAt: c.createdAt, args };
}

/** A copy with keys in sorted order: Go prints maps sorted (json, templates), so Docker's output is. */
export function sortedMap<V>(m: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k] as V]));
}
