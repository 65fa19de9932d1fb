/**
 * `info`: what containerd, the host, CNI and BuildKit look like from this tsctl, in Docker's `info` field names
 * where Docker has one (ServerVersion, Driver, CgroupVersion, ...) plus tsctl's own (Namespace, Address, CNI, BuildKit).
 */
import type { IntrospectionPort, VersionPort } from '../../containerd/ports';
import type { HostFacts } from '../../util/host';
import type { BuildkitProbe } from '../../build/discover';

export interface SystemInfo {
  ID: string;
  Name: string;
  ServerVersion: string;
  Namespace: string;
  Address: string;
  Driver: string;
  Snapshotters: string[];
  CgroupDriver: string;
  CgroupVersion: string;
  KernelVersion: string;
  OperatingSystem: string;
  OSType: string;
  Architecture: string;
  NCPU: number;
  MemTotal: number;
  DockerRootDir: string;
  Plugins: { Storage: string[]; Network: string[] };
  Runtimes: Record<string, { path: string }>;
  DefaultRuntime: string;
  CNI: { Path: string[]; PluginDir: string; NetconfPath: string; Plugins: string[] };
  BuildKit: { Host: string; Available: boolean; Error: string };
  Warnings: string[];
}

export interface InfoDeps {
  containerd: VersionPort & IntrospectionPort;
  namespace: string;
  address: string;
  snapshotter: string;
  dataRoot: string;
  cniPath: string[];
  cniNetconfPath: string;
  host: () => Promise<HostFacts>;
  cniPlugins: () => Promise<{ dir: string | undefined; entries: string[] }>;
  buildkit: () => Promise<BuildkitProbe>;
  /** Path of the runc v2 shim binary, if installed. */
  runcShim: () => Promise<string | undefined>;
}

export const DEFAULT_RUNTIME = 'io.containerd.runc.v2';

export async function getInfo(deps: InfoDeps): Promise<SystemInfo> {
  const [version, uuid, snapshotterPlugins, host, cni, buildkit, shim] = await Promise.all([
    deps.containerd.version(),
    deps.containerd.serverUUID(),
    deps.containerd.plugins(['type==io.containerd.snapshotter.v1']),
    deps.host(),
    deps.cniPlugins(),
    deps.buildkit(),
    deps.runcShim(),
  ]);
  const snapshotters = snapshotterPlugins.filter((p) => !p.initError).map((p) => p.id).sort();
  const warnings: string[] = [];
  if (!snapshotters.includes(deps.snapshotter)) {
    warnings.push(`WARNING: snapshotter "${deps.snapshotter}" is not available in containerd (available: ${snapshotters.join(', ') || 'none'})`);
  }
  if (!cni.dir) warnings.push(`WARNING: no CNI plugins found in ${deps.cniPath.join(':')}`);
  if (!buildkit.available) warnings.push(`WARNING: BuildKit is not available: ${buildkit.error ?? 'unknown reason'}`);
  return {
    ID: uuid,
    Name: host.hostname,
    ServerVersion: version.version,
    Namespace: deps.namespace,
    Address: `unix://${deps.address}`,
    Driver: deps.snapshotter,
    Snapshotters: snapshotters,
    CgroupDriver: 'cgroupfs',
    CgroupVersion: host.cgroupVersion,
    KernelVersion: host.kernelVersion,
    OperatingSystem: host.operatingSystem,
    OSType: 'linux',
    Architecture: host.architecture,
    NCPU: host.ncpu,
    MemTotal: host.memTotal,
    DockerRootDir: deps.dataRoot,
    Plugins: { Storage: snapshotters, Network: cni.entries },
    Runtimes: shim ? { [DEFAULT_RUNTIME]: { path: shim } } : {},
    DefaultRuntime: DEFAULT_RUNTIME,
    CNI: { Path: deps.cniPath, PluginDir: cni.dir ?? '', NetconfPath: deps.cniNetconfPath, Plugins: cni.entries },
    BuildKit: { Host: buildkit.host ?? '', Available: buildkit.available, Error: buildkit.error ?? '' },
    Warnings: warnings,
  };
}
