/**
 * The normalised Compose project: what the loader (./load.ts) returns and what plan/execute build on.
 * Keys are the Compose file's own (snake_case), so `config` renders the model almost as it is, and every
 * short syntax has been expanded: ports and volumes are long-syntax objects, environment/labels/depends_on/
 * networks are maps, command/entrypoint are argv lists, durations are nanoseconds, paths are absolute.
 */

/** How the loader reads the outside world: compose never touches process or fs itself. */
export interface ComposeHost {
  /** Absolute working directory of the invocation. */
  cwd: string;
  /** The shell environment (process.env at the edge). */
  env: Readonly<Record<string, string | undefined>>;
  /** The file's text, or undefined when there is no such file (directories too). */
  readFile(path: string): string | undefined;
  /** The user's home directory, for `~` in paths. */
  home?: string;
}

export interface LoadOptions {
  /** `-f` files in order (relative to cwd; `-` is not supported). */
  files?: string[];
  /** `--project-directory`. */
  projectDirectory?: string;
  /** `-p`. */
  projectName?: string;
  /** `--env-file`, in order (later files override earlier ones). */
  envFiles?: string[];
  /** `--profile` (added to COMPOSE_PROFILES). */
  profiles?: string[];
  /** Services named on the command line: they are enabled whatever their profiles. */
  services?: string[];
  /** Skip interpolation (`config --no-interpolate`). */
  noInterpolate?: boolean;
  /** Skip `${VAR:?}` failures? No: Compose always fails them. Kept for symmetry with `config --no-normalize`. */
  noNormalize?: boolean;
}

export type PortMode = 'ingress' | 'host';

export interface ServicePort {
  name?: string;
  mode: PortMode | string;
  host_ip?: string;
  target: number;
  /** A port or a range (`8000-8010`); absent for a random host port. */
  published?: string;
  protocol: string;
  app_protocol?: string;
}

export interface ServiceVolume {
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  /** Absolute host path (bind), volume key (volume; absent for an anonymous volume). */
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: string };
  volume?: { nocopy?: boolean; subpath?: string };
  tmpfs?: { size?: number | string; mode?: number };
  image?: { subpath?: string };
}

export type DependsOnCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ServiceDependency {
  condition: DependsOnCondition;
  required: boolean;
  restart?: boolean;
}

export interface ServiceNetwork {
  aliases?: string[];
  ipv4_address?: string;
  ipv6_address?: string;
  link_local_ips?: string[];
  mac_address?: string;
  priority?: number;
  driver_opts?: Record<string, string>;
  interface_name?: string;
}

export interface BuildConfig {
  /** Absolute path, or a URL (git, http). */
  context: string;
  dockerfile?: string;
  dockerfile_inline?: string;
  args?: Record<string, string | null>;
  labels?: Record<string, string>;
  target?: string;
  [key: string]: unknown;
}

export interface Healthcheck {
  /** `["NONE"]` when disabled; `["CMD-SHELL", s]` for a string. */
  test?: string[];
  /** Nanoseconds. */
  interval?: number;
  timeout?: number;
  start_period?: number;
  start_interval?: number;
  retries?: number;
  disable?: boolean;
}

export interface EnvFileRef {
  path: string;
  required: boolean;
  format?: string;
}

/** A service's `secrets:` / `configs:` entry in long syntax. */
export interface ServiceFileRef {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export interface ServiceConfig {
  name: string;
  image?: string;
  build?: BuildConfig;
  command?: string[] | null;
  entrypoint?: string[] | null;
  container_name?: string;
  environment: Record<string, string | null>;
  env_file?: EnvFileRef[];
  labels: Record<string, string>;
  ports: ServicePort[];
  expose: string[];
  volumes: ServiceVolume[];
  tmpfs?: string[];
  /** Absent when network_mode is set. */
  networks?: Record<string, ServiceNetwork | null>;
  network_mode?: string;
  depends_on: Record<string, ServiceDependency>;
  healthcheck?: Healthcheck;
  deploy?: { replicas?: number; [key: string]: unknown };
  scale?: number;
  profiles?: string[];
  secrets?: ServiceFileRef[];
  configs?: ServiceFileRef[];
  extra_hosts?: string[];
  /** Nanoseconds. */
  stop_grace_period?: number;
  dns?: string[];
  dns_search?: string[];
  /** Every other key of the service, validated but passed through as written. */
  [key: string]: unknown;
}

export interface NetworkConfig {
  /** The network's real name: `<project>_<key>` unless `name:` or external. */
  name: string;
  external?: boolean;
  driver?: string;
  driver_opts?: Record<string, string>;
  internal?: boolean;
  attachable?: boolean;
  enable_ipv6?: boolean;
  ipam?: { driver?: string; config?: Array<Record<string, unknown>>; options?: Record<string, string> };
  labels?: Record<string, string>;
  [key: string]: unknown;
}

export interface VolumeConfig {
  name: string;
  external?: boolean;
  driver?: string;
  driver_opts?: Record<string, string>;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

/** Top-level `secrets:` / `configs:` entry. */
export interface FileObjectConfig {
  name: string;
  /** Absolute path. */
  file?: string;
  environment?: string;
  content?: string;
  external?: boolean;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

export interface Project {
  name: string;
  /** Absolute project directory. */
  workingDir: string;
  /** Absolute paths of the files loaded, in order (includes are not listed). */
  composeFiles: string[];
  /** The interpolation environment: .env / --env-file values overridden by the shell's. */
  environment: Record<string, string>;
  /** Active services (profiles applied). */
  services: Record<string, ServiceConfig>;
  /** Services left out by profiles. */
  disabledServices: Record<string, ServiceConfig>;
  networks: Record<string, NetworkConfig>;
  volumes: Record<string, VolumeConfig>;
  secrets: Record<string, FileObjectConfig>;
  configs: Record<string, FileObjectConfig>;
  /** Active profiles (sorted, `*` expanded to nothing special). */
  profiles: string[];
  /** Every profile named by any service, sorted (for `config --profiles`). */
  allProfiles: string[];
  /** Non-fatal findings (unset variables, unsupported keys), for the command to print. */
  warnings: string[];
}
