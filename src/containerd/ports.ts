/**
 * Narrow interfaces the services depend on; ContainerdClient implements them over gRPC, unit tests fake them.
 * Plain data only: no gRPC or generated types leak past this file.
 */

export interface ServerVersion {
  version: string;
  revision: string;
}

export interface NamespaceRecord {
  name: string;
  labels: Record<string, string>;
}

export interface PluginRecord {
  type: string;
  id: string;
  /** Set when the plugin failed to initialise. */
  initError: string | undefined;
  exports: Record<string, string>;
}

export interface VersionPort {
  version(): Promise<ServerVersion>;
}

export interface IntrospectionPort {
  plugins(filters?: string[]): Promise<PluginRecord[]>;
  serverUUID(): Promise<string>;
}

export interface NamespacesPort {
  list(): Promise<NamespaceRecord[]>;
  get(name: string): Promise<NamespaceRecord>;
  create(name: string, labels: Record<string, string>): Promise<NamespaceRecord>;
  /** Sets the given label keys (an empty value removes the label). */
  setLabels(name: string, labels: Record<string, string>): Promise<NamespaceRecord>;
  delete(name: string): Promise<void>;
}

/** Counts of what a namespace holds, for `namespace ls`. */
export interface NamespaceUsagePort {
  countContainers(namespace: string): Promise<number>;
  countImages(namespace: string): Promise<number>;
}

export interface ContainerRecord {
  id: string;
  image: string;
  labels: Record<string, string>;
  createdAt: Date | undefined;
  /** The OCI spec's process.args, when the spec is readable. */
  args: string[];
}

export type TaskStatus = 'created' | 'running' | 'paused' | 'pausing' | 'stopped' | 'unknown';

export interface TaskRecord {
  id: string;
  pid: number;
  status: TaskStatus;
  exitStatus: number;
  exitedAt: Date | undefined;
}

export interface ContainersPort {
  list(filters?: string[]): Promise<ContainerRecord[]>;
}

export interface TasksPort {
  list(): Promise<TaskRecord[]>;
}

/** A descriptor in OCI JSON form (sizes as numbers). */
export interface Desc {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface ImageRecord {
  name: string;
  labels: Record<string, string>;
  target: Desc;
  createdAt: Date | undefined;
  updatedAt: Date | undefined;
}

export interface ImagesPort {
  list(filters?: string[]): Promise<ImageRecord[]>;
  /** undefined when there is no such image. */
  get(name: string): Promise<ImageRecord | undefined>;
  /** Creates the record, or replaces target and labels of an existing one. */
  put(image: { name: string; labels: Record<string, string>; target: Desc }): Promise<ImageRecord>;
  delete(name: string, sync?: boolean): Promise<void>;
}

export interface ContentInfo {
  digest: string;
  size: number;
  labels: Record<string, string>;
  createdAt: Date | undefined;
}

export interface ContentWriteParams {
  ref: string;
  expected: string;
  total: number;
  labels?: Record<string, string>;
}

export interface ContentPort {
  readAll(digest: string): Promise<Buffer>;
  read(digest: string, range?: { offset?: number; size?: number }): AsyncIterable<Buffer>;
  info(digest: string): Promise<ContentInfo | undefined>;
  /** Sets (or, with an empty value, removes) the given label keys. */
  setLabels(digest: string, labels: Record<string, string>): Promise<void>;
  write(p: ContentWriteParams, source: (offset: number) => AsyncIterable<Uint8Array>, lease?: string): Promise<{ digest: string; existed: boolean }>;
  delete(digest: string): Promise<void>;
  list(filters?: string[]): Promise<ContentInfo[]>;
}

export interface MountSpec {
  type: string;
  source: string;
  target: string;
  options: string[];
}

export interface SnapshotInfo {
  name: string;
  parent: string;
  kind: 'view' | 'active' | 'committed' | 'unknown';
  labels: Record<string, string>;
}

export interface SnapshotsPort {
  stat(snapshotter: string, key: string): Promise<SnapshotInfo | undefined>;
  prepare(snapshotter: string, key: string, parent: string, labels: Record<string, string>, lease?: string): Promise<MountSpec[]>;
  view(snapshotter: string, key: string, parent: string, labels: Record<string, string>, lease?: string): Promise<MountSpec[]>;
  mounts(snapshotter: string, key: string): Promise<MountSpec[]>;
  commit(snapshotter: string, name: string, key: string, labels: Record<string, string>, lease?: string): Promise<void>;
  remove(snapshotter: string, key: string): Promise<void>;
  usage(snapshotter: string, key: string): Promise<{ size: number; inodes: number }>;
}

export interface DiffPort {
  /** Applies a layer blob onto mounts; returns the uncompressed descriptor (digest = diffID). */
  apply(layer: Desc, mounts: MountSpec[], lease?: string): Promise<Desc>;
  /** Writes the changes from `lower` to `upper` as a layer blob of `mediaType` into the content store. */
  diff(lower: MountSpec[], upper: MountSpec[], opts: { mediaType: string; ref: string; labels?: Record<string, string> }, lease?: string): Promise<Desc>;
}

export interface LeasesPort {
  with<T>(fn: (lease: { id: string }) => Promise<T>): Promise<T>;
}

export interface NewContainer {
  id: string;
  image: string;
  labels: Record<string, string>;
  /** The OCI runtime spec: an object, or its JSON text. */
  spec: unknown;
  snapshotter: string;
  snapshotKey: string;
}

/** Full container record incl. its spec and snapshot. */
export interface ContainerDetails extends ContainerRecord {
  spec: Record<string, unknown>;
  snapshotter: string;
  snapshotKey: string;
  runtime: string;
  updatedAt: Date | undefined;
}

export interface ContainerStore {
  create(c: NewContainer, lease?: string): Promise<void>;
  get(id: string): Promise<ContainerDetails | undefined>;
  delete(id: string): Promise<void>;
  /** Sets (empty value: removes) labels. */
  setLabels(id: string, labels: Record<string, string>): Promise<void>;
  /** Rewrites the stored spec's JSON text (text, not objects: unlimited rlimits exceed a JS number). */
  rewriteSpec(id: string, edit: (json: string) => string): Promise<void>;
}

export interface TaskIO {
  stdin: string;
  stdout: string;
  stderr: string;
  terminal: boolean;
}

export interface ExitInfo {
  exitStatus: number;
  exitedAt: Date | undefined;
}

export interface TaskControl {
  create(id: string, rootfs: MountSpec[], io: TaskIO): Promise<number>;
  start(id: string): Promise<number>;
  /** Resolves when the init process exits (no deadline). */
  wait(id: string, signal?: AbortSignal): Promise<ExitInfo>;
  /** Signals the init process (or exec `execId`; `all`: every process of the task). */
  kill(id: string, signal: number, all?: boolean, execId?: string): Promise<void>;
  /** Deletes the task; resolves with its exit status. */
  delete(id: string): Promise<ExitInfo>;
  get(id: string): Promise<TaskRecord | undefined>;
  /** Closes the stdin of the init process (or exec `execId`): the shim holds its FIFO open until then. */
  closeStdin(id: string, execId?: string): Promise<void>;
  /** The terminal size of the task's init process, or of exec `execId`. */
  resizePty(id: string, width: number, height: number, execId?: string): Promise<void>;
  /** Freezes every process of the task (cgroup freezer). */
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Host PIDs of the task's processes. */
  listPids(id: string): Promise<number[]>;
}

/**
 * One task's cgroup counters as containerd's shim reports them (Tasks.Metrics), cgroup v1 or v2 reduced to what
 * Docker's `stats` uses. Byte and nanosecond counters are numbers (float64, as Docker computes with them).
 */
export interface TaskStats {
  cgroup: 1 | 2;
  /** CPU time used by the cgroup, nanoseconds (v1 cpuacct.usage; v2 cpu.stat usage_usec × 1000). */
  cpuNs: number;
  /** v1 memory.usage_in_bytes; v2 memory.current. */
  memoryUsage: number;
  /** v1 memory.stat total_inactive_file; v2 memory.stat inactive_file. */
  inactiveFile: number;
  /** v1 memory.limit_in_bytes; v2 memory.max (2^64-1 when "max"). */
  memoryLimit: number;
  /** v1 blkio io_service_bytes_recursive Read/Write; v2 io.stat rbytes/wbytes, summed over devices. */
  blockRead: number;
  blockWrite: number;
  /** pids.current */
  pids: number;
}

export interface TaskMetricsPort {
  /** Counters of the given (running) tasks; a task containerd reports nothing for is absent from the map. */
  metrics(ids: string[]): Promise<Map<string, TaskStats>>;
}

/** Extra processes in a running task (`exec`). */
export interface ExecControl {
  /** Adds process `execId` (OCI process spec) to the task and starts it. */
  start(id: string, execId: string, process: unknown, io: TaskIO): Promise<number>;
  wait(id: string, execId: string, signal?: AbortSignal): Promise<ExitInfo>;
  delete(id: string, execId: string): Promise<void>;
}
