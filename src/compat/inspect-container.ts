/**
 * `docker container inspect`'s object (moby api/types/container InspectResponse, API 1.47 as Docker 28 fills it;
 * the same vintage as compat/inspect-image.ts). Keys are in Go's struct order. As with the image object, the
 * classes are Go structs for templates (unknown fields are errors) and `toJSON` gives the wire JSON: omitempty
 * fields dropped, nil slices and maps as `null`. Pure: services/containers/inspect.ts derives the inputs from
 * containerd's records and the OCI spec.
 */
import { DockerContainerConfig, rfc3339Nano } from './inspect-image';

/** Go's zero time.Time in RFC 3339. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

/** A Go struct: unknown fields are template errors; JSON drops the `omitEmpty` fields that are zero. */
abstract class GoStruct {
  protected omitEmpty(): readonly string[] {
    return [];
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const omit = new Set(this.omitEmpty());
    for (const [k, v] of Object.entries(this)) if (!(omit.has(k) && isEmpty(v))) out[k] = v;
    return out;
  }
}

/** A nil Go slice: prints `[]` in templates, `null` in JSON. */
export function nilSlice<T>(): T[] {
  return Object.defineProperty([] as T[], 'toJSON', { value: () => null, enumerable: false });
}

/** A nil Go map: prints `map[]` in templates, `null` in JSON. */
export function nilMap<T>(): Record<string, T> {
  return Object.defineProperty({} as Record<string, T>, 'toJSON', { value: () => null, enumerable: false });
}

/** A slice that is nil when absent or empty (Docker's HostConfig lists). */
const sliceOrNil = <T>(v: readonly T[] | undefined): T[] => (v && v.length > 0 ? [...v] : nilSlice<T>());

/** A map with json.Marshal's sorted keys; nil when absent. */
function sortedMap<T>(m: Record<string, T> | undefined, nilWhenEmpty = false): Record<string, T> {
  if (!m || (nilWhenEmpty && Object.keys(m).length === 0)) return nilMap<T>();
  const out: Record<string, T> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k] as T;
  return out;
}

/** Go's RFC3339Nano of a Date (UTC); the zero time when undefined. */
export function goTime(d: Date | undefined): string {
  if (d === undefined || Number.isNaN(d.getTime()) || d.getTime() <= 0) return GO_ZERO_TIME;
  return rfc3339Nano(d.toISOString()) ?? GO_ZERO_TIME;
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerStateInput {
  status: ContainerStatus;
  pid: number;
  exitCode: number;
  startedAt: Date | undefined;
  finishedAt: Date | undefined;
}

export class DockerContainerState extends GoStruct {
  Status: ContainerStatus;
  Running: boolean;
  Paused: boolean;
  Restarting = false;
  OOMKilled = false;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error = '';
  StartedAt: string;
  FinishedAt: string;

  constructor(s: ContainerStateInput) {
    super();
    this.Status = s.status;
    // Docker: a paused container is also Running.
    this.Running = s.status === 'running' || s.status === 'paused';
    this.Paused = s.status === 'paused';
    this.Dead = s.status === 'dead';
    this.Pid = this.Running ? s.pid : 0;
    this.ExitCode = s.exitCode;
    this.StartedAt = goTime(s.startedAt);
    this.FinishedAt = goTime(s.finishedAt);
  }
}

export class DockerRestartPolicy extends GoStruct {
  Name = 'no';
  MaximumRetryCount = 0;
}

export class DockerLogConfig extends GoStruct {
  Type: string;
  Config: Record<string, string>;
  constructor(type: string, config: Record<string, string>) {
    super();
    this.Type = type;
    this.Config = sortedMap(config);
  }
}

export interface DockerUlimit {
  Name: string;
  Hard: number;
  Soft: number;
}

export interface DockerDeviceMapping {
  PathOnHost: string;
  PathInContainer: string;
  CgroupPermissions: string;
}

export interface HostConfigInput {
  /** HostConfig.Binds, Mounts and VolumesFrom as given (run-spec's StoredHostConfig). */
  binds?: string[];
  mounts?: object[];
  pidMode?: string;
  ipcMode?: string;
  volumesFrom?: string[];
  networkMode: string;
  logType: string;
  logConfig?: Record<string, string>;
  containerIDFile?: string;
  privileged: boolean;
  readonlyRootfs: boolean;
  capAdd: string[];
  capDrop: string[];
  securityOpt: string[];
  tmpfs: Record<string, string>;
  shmSize: number;
  sysctls: Record<string, string>;
  init: boolean | null;
  memory: number;
  memorySwap: number;
  nanoCpus: number;
  cpuShares: number;
  cpuQuota: number;
  cpuPeriod: number;
  pidsLimit: number | null;
  ulimits: DockerUlimit[];
  cpusetCpus?: string;
  cpusetMems?: string;
  memoryReservation?: number;
  memorySwappiness?: number | null;
  oomKillDisable?: boolean | null;
  blkioWeight?: number;
  devices?: DockerDeviceMapping[];
  network?: HostNetworkInput;
}

/** api/types/container.HostConfig: the subset tsctl can derive (Resources flattened in, as in Go). */
export class DockerHostConfig extends GoStruct {
  Binds = nilSlice<string>();
  ContainerIDFile = '';
  LogConfig: DockerLogConfig;
  NetworkMode: string;
  PortBindings: Record<string, object> = {};
  RestartPolicy = new DockerRestartPolicy();
  AutoRemove = false;
  VolumeDriver = '';
  VolumesFrom = nilSlice<string>();
  ConsoleSize: [number, number] = [0, 0];
  CapAdd: string[];
  CapDrop: string[];
  CgroupnsMode = 'private';
  Dns: string[] = [];
  DnsOptions: string[] = [];
  DnsSearch: string[] = [];
  ExtraHosts = nilSlice<string>();
  GroupAdd = nilSlice<string>();
  IpcMode = 'private';
  Cgroup = '';
  Links = nilSlice<string>();
  OomScoreAdj = 0;
  PidMode = '';
  Privileged: boolean;
  PublishAllPorts = false;
  ReadonlyRootfs: boolean;
  SecurityOpt: string[];
  Tmpfs: Record<string, string>;
  UTSMode = '';
  UsernsMode = '';
  ShmSize: number;
  Sysctls: Record<string, string>;
  Runtime = 'io.containerd.runc.v2';
  Isolation = '';
  CpuShares: number;
  Memory: number;
  NanoCpus: number;
  CgroupParent = '';
  BlkioWeight = 0;
  CpuPeriod: number;
  CpuQuota: number;
  CpuRealtimePeriod = 0;
  CpuRealtimeRuntime = 0;
  CpusetCpus = '';
  CpusetMems = '';
  Devices: DockerDeviceMapping[] = [];
  KernelMemory = 0;
  KernelMemoryTCP = 0;
  MemoryReservation = 0;
  MemorySwap: number;
  MemorySwappiness: number | null = null;
  OomKillDisable: boolean | null = null;
  PidsLimit: number | null;
  Ulimits: DockerUlimit[];
  CpuCount = 0;
  CpuPercent = 0;
  IOMaximumIOps = 0;
  IOMaximumBandwidth = 0;
  Init: boolean | null;
  Mounts = nilSlice<object>();
  MaskedPaths = nilSlice<string>();
  ReadonlyPaths = nilSlice<string>();

  constructor(h: HostConfigInput) {
    super();
    this.LogConfig = new DockerLogConfig(h.logType, h.logConfig ?? {});
    this.ContainerIDFile = h.containerIDFile ?? '';
    this.CpusetCpus = h.cpusetCpus ?? '';
    this.CpusetMems = h.cpusetMems ?? '';
    this.MemoryReservation = h.memoryReservation ?? 0;
    this.MemorySwappiness = h.memorySwappiness ?? null;
    this.OomKillDisable = h.oomKillDisable ?? null;
    this.BlkioWeight = h.blkioWeight ?? 0;
    this.Devices = (h.devices ?? []).map((d) => ({ ...d }));
    if (h.pidMode !== undefined) this.PidMode = h.pidMode;
    if (h.ipcMode !== undefined) this.IpcMode = h.ipcMode;
    this.NetworkMode = h.networkMode;
    this.CapAdd = sliceOrNil(h.capAdd);
    this.CapDrop = sliceOrNil(h.capDrop);
    this.Privileged = h.privileged;
    this.ReadonlyRootfs = h.readonlyRootfs;
    this.SecurityOpt = sliceOrNil(h.securityOpt);
    this.Tmpfs = sortedMap(h.tmpfs, true);
    this.ShmSize = h.shmSize;
    this.Sysctls = sortedMap(h.sysctls, true);
    this.CpuShares = h.cpuShares;
    this.Memory = h.memory;
    this.NanoCpus = h.nanoCpus;
    this.CpuPeriod = h.cpuPeriod;
    this.CpuQuota = h.cpuQuota;
    this.MemorySwap = h.memorySwap;
    this.PidsLimit = h.pidsLimit;
    this.Ulimits = h.ulimits.length > 0 ? h.ulimits.map((u) => ({ ...u })) : nilSlice<DockerUlimit>();
    this.Init = h.init;
    const n = h.network;
    if (n) {
      this.PortBindings = sortedMap(n.portBindings);
      this.PublishAllPorts = n.publishAllPorts;
      this.Dns = [...n.dns];
      this.DnsSearch = [...n.dnsSearch];
      this.DnsOptions = [...n.dnsOptions];
      this.ExtraHosts = sliceOrNil(n.extraHosts);
    }
    if (h.binds && h.binds.length > 0) this.Binds = [...h.binds];
    if (h.mounts && h.mounts.length > 0) this.Mounts = [...h.mounts];
    if (h.volumesFrom && h.volumesFrom.length > 0) this.VolumesFrom = [...h.volumesFrom];
  }

  protected override omitEmpty(): readonly string[] {
    return ['Tmpfs', 'Sysctls', 'Init', 'Mounts', 'MaskedPaths', 'ReadonlyPaths'];
  }
}

/** api/types/network.EndpointIPAMConfig: the static address asked for (`--ip`). */
export interface DockerEndpointIPAMConfig {
  IPv4Address?: string;
  IPv6Address?: string;
}

/** One network of NetworkSettings.Networks as it is set up (or, stopped, as it was asked for). */
export interface EndpointInput {
  ipamConfig?: DockerEndpointIPAMConfig;
  aliases: string[];
  macAddress: string;
  networkId: string;
  endpointId: string;
  gateway: string;
  ipAddress: string;
  ipPrefixLen: number;
  /** Set for user-defined networks once the container joined (moby's buildEndpointDNSNames). */
  dnsNames?: string[];
}

/** api/types/network.EndpointSettings (Docker 28 field order). */
export class DockerEndpointSettings extends GoStruct {
  IPAMConfig: DockerEndpointIPAMConfig | null;
  Links = nilSlice<string>();
  Aliases: string[];
  MacAddress: string;
  DriverOpts = nilMap<string>();
  GwPriority = 0;
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway = '';
  GlobalIPv6Address = '';
  GlobalIPv6PrefixLen = 0;
  DNSNames: string[];

  constructor(e: EndpointInput) {
    super();
    this.IPAMConfig = e.ipamConfig ? { ...e.ipamConfig } : null;
    this.Aliases = sliceOrNil(e.aliases);
    this.MacAddress = e.macAddress;
    this.NetworkID = e.networkId;
    this.EndpointID = e.endpointId;
    this.Gateway = e.gateway;
    this.IPAddress = e.ipAddress;
    this.IPPrefixLen = e.ipPrefixLen;
    this.DNSNames = sliceOrNil(e.dnsNames);
  }
}

export interface NetworkSettingsInput {
  sandboxID: string;
  sandboxKey: string;
  /** NetworkSettings.Ports (compat/ports dockerPortMap); empty when the container is not running. */
  ports: Record<string, object[] | null>;
  /** Network name → endpoint, in attachment order. */
  networks: [string, EndpointInput][];
}

/** The network Docker mirrors into NetworkSettings' top-level fields (moby getDefaultNetworkSettings). */
export const DEFAULT_BRIDGE_NETWORK = 'bridge';

/**
 * api/types/container.NetworkSettings: sandbox, port map, the default bridge network's endpoint repeated in the
 * top-level fields (only for the network named `bridge`, as moby does), every network's endpoint. Without input: a
 * container without networks.
 */
export class DockerNetworkSettings extends GoStruct {
  Bridge = '';
  SandboxID = '';
  SandboxKey = '';
  Ports: Record<string, object[] | null> = {};
  HairpinMode = false;
  LinkLocalIPv6Address = '';
  LinkLocalIPv6PrefixLen = 0;
  SecondaryIPAddresses = nilSlice<object>();
  SecondaryIPv6Addresses = nilSlice<object>();
  EndpointID = '';
  Gateway = '';
  GlobalIPv6Address = '';
  GlobalIPv6PrefixLen = 0;
  IPAddress = '';
  IPPrefixLen = 0;
  IPv6Gateway = '';
  MacAddress = '';
  Networks: Record<string, DockerEndpointSettings> = {};

  constructor(n?: NetworkSettingsInput) {
    super();
    if (!n) return;
    this.SandboxID = n.sandboxID;
    this.SandboxKey = n.sandboxKey;
    this.Ports = sortedMap(n.ports);
    for (const [name, e] of n.networks) this.Networks[name] = new DockerEndpointSettings(e);
    const def = this.Networks[DEFAULT_BRIDGE_NETWORK];
    if (def) {
      this.EndpointID = def.EndpointID;
      this.Gateway = def.Gateway;
      this.IPAddress = def.IPAddress;
      this.IPPrefixLen = def.IPPrefixLen;
      this.MacAddress = def.MacAddress;
    }
  }
}

/** HostConfig's networking fields (from net.json); absent for containers created without one. */
export interface HostNetworkInput {
  portBindings: Record<string, object[]>;
  publishAllPorts: boolean;
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  extraHosts: string[];
}

export interface ContainerConfigInput {
  hostname: string;
  domainname?: string;
  user: string;
  tty: boolean;
  env: string[];
  cmd: string[] | undefined;
  entrypoint: string[] | undefined;
  /** The image reference as the user typed it. */
  image: string;
  workingDir: string;
  labels: Record<string, string>;
  exposedPorts: Record<string, object> | undefined;
  /** The image's VOLUMEs and the anonymous `-v /path` ones. */
  volumes?: Record<string, object>;
  stopSignal: string;
  stopTimeout: number | undefined;
}

/** The container's Config: Docker's container.Config with the container-side fields filled. */
export function containerConfig(c: ContainerConfigInput): DockerContainerConfig {
  const cfg = new DockerContainerConfig({
    User: c.user,
    Env: c.env,
    ...(c.cmd ? { Cmd: c.cmd } : {}),
    ...(c.entrypoint ? { Entrypoint: c.entrypoint } : {}),
    ...(c.exposedPorts ? { ExposedPorts: c.exposedPorts } : {}),
    ...(c.volumes ? { Volumes: c.volumes } : {}),
    WorkingDir: c.workingDir,
    Labels: c.labels,
    StopSignal: c.stopSignal,
  });
  cfg.Hostname = c.hostname;
  cfg.Domainname = c.domainname ?? '';
  cfg.Tty = c.tty;
  cfg.Image = c.image;
  cfg.StopTimeout = c.stopTimeout ?? null;
  return cfg;
}

export interface ContainerInspectInput {
  id: string;
  created: Date | undefined;
  path: string;
  args: string[];
  state: ContainerStateInput;
  /** `sha256:…` image ID, or "" when the image is gone. */
  image: string;
  logPath: string;
  /** Name without the leading slash. */
  name: string;
  driver: string;
  hostConfig: HostConfigInput;
  config: ContainerConfigInput;
  /** NetworkSettings; a container without networks when absent. */
  network?: NetworkSettingsInput;
  /** Set with `--size`. */
  size?: { rw: number; rootFs: number };
  /** Docker's MountPoints (volumes, binds, --mount tmpfs). */
  mounts?: object[];
  /** What Docker's daemon keeps: restart policy and count, --rm, stdin, healthcheck and its state. */
  daemon?: {
    restartCount: number;
    restartPolicy: { name: string; maximumRetryCount: number };
    autoRemove: boolean;
    openStdin: boolean;
    stdinOnce: boolean;
    healthcheck?: object;
    health?: object;
  };
}

export class DockerContainerInspect extends GoStruct {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: DockerContainerState;
  Image: string;
  ResolvConfPath = '';
  HostnamePath = '';
  HostsPath = '';
  LogPath: string;
  Name: string;
  RestartCount = 0;
  Driver: string;
  Platform = 'linux';
  MountLabel = '';
  ProcessLabel = '';
  AppArmorProfile = '';
  ExecIDs = nilSlice<string>();
  HostConfig: DockerHostConfig;
  SizeRw: number | null;
  SizeRootFs: number | null;
  Mounts: object[] = [];
  Config: DockerContainerConfig;
  NetworkSettings: DockerNetworkSettings;

  constructor(i: ContainerInspectInput) {
    super();
    this.Id = i.id;
    this.Created = goTime(i.created);
    this.Path = i.path;
    this.Args = [...i.args];
    this.State = new DockerContainerState(i.state);
    this.Image = i.image;
    this.LogPath = i.logPath;
    this.Name = `/${i.name}`;
    this.Driver = i.driver;
    this.HostConfig = new DockerHostConfig(i.hostConfig);
    this.SizeRw = i.size ? i.size.rw : null;
    this.SizeRootFs = i.size ? i.size.rootFs : null;
    if (i.mounts) this.Mounts = i.mounts.map((m) => ({ ...m }));
    this.Config = containerConfig(i.config);
    this.NetworkSettings = new DockerNetworkSettings(i.network);
    const d = i.daemon;
    if (d) {
      this.RestartCount = d.restartCount;
      this.HostConfig.RestartPolicy.Name = d.restartPolicy.name;
      this.HostConfig.RestartPolicy.MaximumRetryCount = d.restartPolicy.maximumRetryCount;
      this.HostConfig.AutoRemove = d.autoRemove;
      this.Config.OpenStdin = d.openStdin;
      this.Config.StdinOnce = d.stdinOnce;
      if (d.healthcheck) this.Config.Healthcheck = d.healthcheck;
      if (d.health) (this.State as DockerContainerState & { Health?: object }).Health = d.health;
    }
  }

  protected override omitEmpty(): readonly string[] {
    return ['SizeRw', 'SizeRootFs'];
  }
}
