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
