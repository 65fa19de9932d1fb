/**
 * buildSpec: the OCI runtime spec (runtime-spec 1.0.2, as runc 1.1 reads it) for `run`/`create`, from the image
 * config and already-parsed flags, with Docker's rules (moby daemon/oci_linux.go createSpec). Pure: the caller
 * resolves users, devices, mounts and host facts; nothing here touches the filesystem or the process.
 */
import type { ImageConfigFile } from '../../../oci/types';
import { effectiveCapabilities } from './capabilities';
import {
  DEFAULT_MASKED_PATHS,
  DEFAULT_READONLY_PATHS,
  DEFAULT_SHM_SIZE,
  INIT_PATH_IN_CONTAINER,
  STOP_SIGNAL_ANNOTATION,
  defaultCgroupsPath,
  defaultNamespaces,
  defaultNetworkSysctls,
  type CgroupVersion,
} from './defaults';
import { buildMounts, type TmpfsMount } from './mounts';
import { resolveCommand, resolveWorkingDir } from './process';
import { buildDevices, buildResources, buildRlimits, type DeviceMapping, type ResourceOptions, type Ulimit } from './resources';
import { dockerSeccomp } from './seccomp';
import { OCI_VERSION, type Device, type Hooks, type Mount, type Process, type SeccompProfile, type Spec } from './types';

/** Facts about the host the caller gathers once (cgroup mode, arch, kernel, LSMs). */
export interface HostFacts {
  cgroupVersion: CgroupVersion;
  /** Go's name for the host architecture (amd64, arm64); picks the seccomp architectures. */
  arch: string;
  /** `uname -r`; gates the profile's minKernel rules (unknown: they apply). */
  kernelVersion?: string;
  /** Capabilities the host offers (--privileged and --cap-add ALL get these); default: all 41. */
  capabilities?: readonly string[];
  /** AppArmor is enabled: then the process gets a profile (default `docker-default`, privileged `unconfined`). */
  apparmor?: boolean;
  /** AppArmor profile for unprivileged containers when none is asked for. */
  apparmorDefaultProfile?: string;
  /** memsw accounting available (default true). */
  swapLimit?: boolean;
  ncpu?: number;
  /** Paths Docker also masks when they exist (/sys/devices/system/cpu/cpuN/thermal_throttle). */
  extraMaskedPaths?: readonly string[];
}

export interface SecurityOptions {
  /** `seccomp=unconfined`, the default profile, or a custom profile (parsed with parseSeccompProfile). */
  seccomp?: 'default' | 'unconfined' | SeccompProfile;
  /** `apparmor=<profile>`. */
  apparmor?: string;
  /** `no-new-privileges`. */
  noNewPrivileges?: boolean;
  /** `systempaths=unconfined`: no masked or read-only paths. */
  systemPathsUnconfined?: boolean;
  /** `writable-cgroups=true|false` (default: as --privileged). */
  writableCgroups?: boolean;
}

export interface UserSpec {
  uid: number;
  gid: number;
  /** Supplementary groups (/etc/group membership, then --group-add); the primary gid is put first here. */
  additionalGids?: readonly number[];
}

export interface SpecInput {
  id: string;
  /** containerd namespace (for the default cgroups path). */
  namespace: string;
  image: ImageConfigFile;
  /** Bundle-relative rootfs path; containerd's is "rootfs". */
  rootfs?: string;
  /** `--entrypoint` as given (see CommandRequest). */
  entrypoint?: readonly string[];
  /** Arguments after the image. */
  cmd?: readonly string[];
  /** The final process environment (see containerEnv). */
  env: readonly string[];
  workingDir?: string;
  user?: UserSpec;
  /** Default: the first 12 characters of the id. */
  hostname?: string;
  tty?: boolean;
  consoleSize?: { height: number; width: number };
  readOnly?: boolean;
  privileged?: boolean;
  capAdd?: readonly string[];
  capDrop?: readonly string[];
  securityOpt?: SecurityOptions;
  resources?: ResourceOptions;
  devices?: readonly DeviceMapping[];
  /** Every device node of the host (privileged only). */
  hostDevices?: readonly Device[];
  ulimits?: readonly Ulimit[];
  sysctls?: Readonly<Record<string, string>>;
  tmpfs?: readonly TmpfsMount[];
  /** /dev/shm size in bytes (default 64 MiB). */
  shmSize?: number;
  /** Bind/volume/tmpfs mounts, resolved to OCI form (also /etc/hosts, resolv.conf, hostname binds). */
  mounts?: readonly Mount[];
  /** private (default): own netns, new or at networkNamespacePath; host: none; container: join the path. */
  networkMode?: 'private' | 'host' | 'container';
  networkNamespacePath?: string;
  /** `--pid` / `--ipc`: the host's namespace, or join another container's (a /proc/<pid>/ns/… path). */
  pidNamespace?: 'host' | { path: string };
  ipcNamespace?: 'host' | { path: string };
  /** Default: private on cgroup v2, host on v1 (Docker's default-cgroupns-mode). */
  cgroupns?: 'private' | 'host';
  /** --init: host path of the static init (tini), mounted at /sbin/docker-init and run as `docker-init --`. */
  init?: { hostPath: string };
  /** --stop-signal, else the image's STOPSIGNAL; recorded as an annotation. */
  stopSignal?: string;
  annotations?: Readonly<Record<string, string>>;
  /** Default /<namespace>/<id> (containerd's cgroupfs layout). */
  cgroupsPath?: string;
  hooks?: Hooks;
  oomScoreAdj?: number;
  host: HostFacts;
}

function processSection(input: SpecInput, caps: string[]): Process {
  const cfg = input.image.config;
  const { argv } = resolveCommand(cfg, { entrypoint: input.entrypoint, cmd: input.cmd });
  const user = input.user ?? { uid: 0, gid: 0 };
  const sec = input.securityOpt ?? {};
  const p: Process = {
    terminal: input.tty === true,
    user: { uid: user.uid, gid: user.gid, additionalGids: [user.gid, ...(user.additionalGids ?? [])] },
    args: input.init ? [INIT_PATH_IN_CONTAINER, '--', ...argv] : argv,
    env: [...input.env],
    cwd: resolveWorkingDir(cfg, input.workingDir),
    capabilities: { bounding: caps, effective: [...caps], permitted: [...caps] },
    noNewPrivileges: sec.noNewPrivileges === true,
    oomScoreAdj: input.oomScoreAdj ?? 0,
  };
  if (input.tty && input.consoleSize) p.consoleSize = { ...input.consoleSize };
  if (input.ulimits && input.ulimits.length > 0) p.rlimits = buildRlimits(input.ulimits);
  if (input.host.apparmor) {
    p.apparmorProfile = sec.apparmor || (input.privileged ? 'unconfined' : input.host.apparmorDefaultProfile ?? 'docker-default');
  }
  return p;
}

export function buildSpec(input: SpecInput): Spec {
  const host = input.host;
  const privileged = input.privileged === true;
  const caps = effectiveCapabilities({ capAdd: input.capAdd, capDrop: input.capDrop, privileged, available: host.capabilities });
  const proc = processSection(input, caps);

  const cgroupns = input.cgroupns ?? (host.cgroupVersion === 2 ? 'private' : 'host');
  const namespaces = defaultNamespaces(cgroupns === 'private');
  const netMode = input.networkMode ?? 'private';
  const netIdx = namespaces.findIndex((n) => n.type === 'network');
  if (netMode === 'host') namespaces.splice(netIdx, 1);
  else if (input.networkNamespacePath) namespaces[netIdx] = { type: 'network', path: input.networkNamespacePath };
  for (const [type, want] of [['pid', input.pidNamespace], ['ipc', input.ipcNamespace]] as const) {
    const i = namespaces.findIndex((n) => n.type === type);
    if (want === 'host') namespaces.splice(i, 1);
    else if (want) namespaces[i] = { type, path: want.path };
  }

  const devices = buildDevices(input.devices ?? [], privileged, input.hostDevices);
  const sysctl: Record<string, string> = { ...(netMode === 'private' ? defaultNetworkSysctls() : {}), ...input.sysctls };

  const spec: Spec = {
    ociVersion: OCI_VERSION,
    process: proc,
    root: { path: input.rootfs ?? 'rootfs', readonly: input.readOnly === true },
    hostname: input.hostname || input.id.slice(0, 12),
    mounts: buildMounts({
      cgroupVersion: host.cgroupVersion,
      shmSize: input.shmSize || DEFAULT_SHM_SIZE,
      initHostPath: input.init?.hostPath,
      tmpfs: input.tmpfs,
      mounts: input.mounts,
      readOnly: input.readOnly,
      privileged,
      writableCgroups: input.securityOpt?.writableCgroups,
    }),
    linux: {
      namespaces,
      cgroupsPath: input.cgroupsPath ?? defaultCgroupsPath(input.namespace, input.id),
      resources: { devices: devices.rules, ...buildResources(input.resources ?? {}, host) },
      devices: devices.devices,
    },
  };
  if (!privileged && !input.securityOpt?.systemPathsUnconfined) {
    spec.linux.maskedPaths = [...DEFAULT_MASKED_PATHS, ...(host.extraMaskedPaths ?? [])];
    spec.linux.readonlyPaths = [...DEFAULT_READONLY_PATHS];
  }
  const seccompOpt = input.securityOpt?.seccomp ?? 'default';
  if (typeof seccompOpt === 'object') {
    const s = dockerSeccomp({ arch: host.arch, capabilities: caps, kernelVersion: host.kernelVersion }, seccompOpt);
    if (s) spec.linux.seccomp = s;
  } else if (seccompOpt === 'default' && !privileged) {
    spec.linux.seccomp = dockerSeccomp({ arch: host.arch, capabilities: caps, kernelVersion: host.kernelVersion });
  }
  if (Object.keys(sysctl).length > 0) spec.linux.sysctl = sysctl;

  const annotations: Record<string, string> = { ...input.annotations };
  const stopSignal = input.stopSignal || input.image.config?.StopSignal;
  if (stopSignal) annotations[STOP_SIGNAL_ANNOTATION] = stopSignal;
  if (Object.keys(annotations).length > 0) spec.annotations = annotations;
  if (input.hooks && Object.values(input.hooks).some((h) => h && h.length > 0)) spec.hooks = structuredClone(input.hooks);
  return spec;
}

/** config.json text: JSON, with bigint rlimits (RLIM_INFINITY) written as exact integers. */
export function specToJSON(spec: Spec, indent?: number): string {
  const marks: string[] = [];
  const text = JSON.stringify(
    spec,
    (_k, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      marks.push(v.toString());
      return `\u0000bigint${marks.length - 1}\u0000`;
    },
    indent,
  );
  return text.replace(/"\\u0000bigint(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)] ?? '0');
}
