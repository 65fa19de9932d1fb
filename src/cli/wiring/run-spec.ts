/**
 * From `run`/`create` flags to what the container services need: the CreateRequest, the spec builder callback
 * (flags parsed with cli/opts, the image's /etc/passwd read from the snapshot for --user), labels and the log
 * location. Parsing errors surface before anything is created.
 */
import { open, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import type { CliContext } from '../context';
import type { RunFlags } from '../../commands/container/shared-run-flags';
import type { ContainerDeps } from './containers';
import { collectEnv, collectLabels, parseBytes, parseCpus, parseSecurityOpts, parseStopSignal, parseTmpfs, parseUlimit, parseUserSpec, resolveUser } from '../opts/index';
import { daemonError, parseFlagInt, withFlag } from '../opts/common';
import { parseMemorySwap } from '../opts/bytes';
import { isCdiDeviceName, parseDevice } from '../opts/device';
import { logFileOptions, parseLogOpts, validateLogConfig, type LogFileOptions } from '../opts/log';
import { parseBlkioWeight, parseSwappiness, verifyResources, type ResourceValues } from '../opts/resources';
import { devicesFromPath } from './devices';
import { parseIntFlag } from '../parse';
import { parseReference } from '../../registry/reference';
import type { CreateRequest } from '../../services/containers/create';
import type { ResolvedImage } from '../../services/images/model';
import { buildSpec, capabilitiesFromMask, containerEnv, specToJSON, type SpecInput } from '../../services/containers/spec/index';
import { readRootfsFile } from '../../services/containers/rootfs-files';
import { cgroupFeatures, cgroupVersion } from '../../util/host';
import { goArch } from '../../services/system/version';
import { InvalidOptionError } from '../../errors/index';
import { parseMountFlag, parseVolumeFlag, parseVolumesFrom, type MountRequest } from '../opts/mounts';
import { mountsHostConfig, mountsLabels, planVolumeMounts, type DockerMountSpec } from './volumes';
import { AUTO_REMOVE_LABEL, HEALTHCHECK_LABEL, HOST_CONFIG_LABEL, LOG_CONFIG_LABEL, LOG_PATH_LABEL, RESTART_POLICY_LABEL, STDIN_LABEL, STOP_SIGNAL_LABEL, STOP_TIMEOUT_LABEL } from '../../labels';
import { healthProbe, mergeHealthConfig, parseHealthFlags, parseRestartPolicy, validateRestartWithRm, type HealthConfig } from '../opts/index';

async function readFiles(paths: string[] | undefined): Promise<{ path: string; content: string }[]> {
  return Promise.all((paths ?? []).map(async (p) => ({ path: p, content: await readFile(p, 'utf8').catch((e: unknown) => { throw new InvalidOptionError(`open ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`); }) })));
}

async function hostCapabilities(): Promise<string[] | undefined> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  return hex ? capabilitiesFromMask(hex) : undefined;
}

export function logPathFor(deps: ContainerDeps, id: string): string {
  return `${deps.paths.container(deps.namespace, id)}/${id}-json.log`;
}

export interface PreparedRun {
  request: CreateRequest;
  imageLabels: (image: ResolvedImage) => Record<string, string>;
  spec: (image: ResolvedImage, c: { id: string; name: string }) => Promise<unknown>;
  /**
   * Wrap createContainer's promise: on success prints the daemon's warnings (`WARNING: …`) and writes the ID to
   * `--cidfile`; on failure removes the cidfile again (docker/cli's cidFile).
   */
  created<T extends { id: string }>(creation: Promise<T>): Promise<T>;
  /** The logger's file settings (json-file's start-time checks: throws as Docker's start does). */
  log(): LogFileOptions;
}

/** The HostConfig fields inspect cannot derive from the OCI spec (HOST_CONFIG_LABEL's JSON). */
export interface StoredHostConfig {
  ContainerIDFile?: string;
  CpuPeriod?: number;
  CpuQuota?: number;
  Devices?: { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[];
  /** `-v` with a source, as docker/cli sends them (`./rel` made absolute). */
  Binds?: string[];
  /** `--mount`, as Docker's mount.Mount objects. */
  Mounts?: DockerMountSpec[];
  VolumesFrom?: string[];
  /** `--pid` / `--ipc` as given (`host`, `container:<ref>`). */
  PidMode?: string;
  IpcMode?: string;
}

/** docker/cli's newCIDFile: refuses an existing file, creates it empty. */
async function createCidFile(path: string): Promise<{ write(id: string): Promise<void>; remove(): Promise<void> } | undefined> {
  if (path === '') return undefined;
  if (await stat(path).then(() => true, () => false)) {
    throw new InvalidOptionError(`container ID file found, make sure the other container isn't running or delete ${path}`);
  }
  const fh = await open(path, 'w').catch((e: unknown) => {
    throw new InvalidOptionError(`failed to create the container ID file: open ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  });
  return {
    write: async (id) => {
      try {
        await fh.writeFile(id);
      } finally {
        await fh.close();
      }
    },
    remove: async () => {
      await fh.close().catch(() => undefined);
      await rm(path, { force: true });
    },
  };
}

/** The resource flags as pflag parses them (CLI-side errors). */
function parseResourceFlags(flags: RunFlags): ResourceValues {
  const bytes = (flag: string, v: string | undefined, parse = parseBytes) => (v === undefined ? undefined : withFlag(flag, v, parse));
  const out: ResourceValues = {
    memory: bytes('-m, --memory', flags.memory),
    memorySwap: bytes('--memory-swap', flags.memorySwap, parseMemorySwap),
    memoryReservation: bytes('--memory-reservation', flags.memoryReservation),
    memorySwappiness: flags.memorySwappiness === undefined ? undefined : parseSwappiness(flags.memorySwappiness),
    // docker/cli always sends it (false by default); dockerd drops it where cgroups have no switch (v2).
    oomKillDisable: flags.oomKillDisable === true,
    nanoCpus: flags.cpus === undefined ? undefined : withFlag('--cpus', flags.cpus, parseCpus),
    cpuShares: flags.cpuShares === undefined ? undefined : parseFlagInt('-c, --cpu-shares', flags.cpuShares),
    cpuPeriod: flags.cpuPeriod === undefined ? undefined : parseFlagInt('--cpu-period', flags.cpuPeriod),
    cpuQuota: flags.cpuQuota === undefined ? undefined : parseFlagInt('--cpu-quota', flags.cpuQuota),
    cpusetCpus: flags.cpusetCpus,
    cpusetMems: flags.cpusetMems,
    blkioWeight: flags.blkioWeight === undefined ? undefined : parseBlkioWeight(flags.blkioWeight),
    pidsLimit: flags.pidsLimit === undefined ? undefined : parseIntFlag('--pids-limit', flags.pidsLimit),
  };
  for (const k of Object.keys(out) as (keyof typeof out)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * `attached`: `run` without -d (with -i that is Docker's StdinOnce: the container's stdin closes at our EOF).
 */
export async function prepareRun(ctx: CliContext, deps: ContainerDeps, flags: RunFlags, imageInput: string, args: string[], attached = false): Promise<PreparedRun> {
  const ref = parseReference(imageInput);
  const pull = flags.pull ?? 'missing';
  if (!['missing', 'always', 'never'].includes(pull)) throw new InvalidOptionError(`invalid pull option: '${pull}': must be one of "always", "missing" or "never"`);
  const userEnv = collectEnv(await readFiles(flags.envFile), flags.env ?? [], ctx.env);
  const labels = collectLabels(await readFiles(flags.labelFile), flags.label ?? []);
  const security = parseSecurityOpts(flags.securityOpt ?? []);
  const stopSignal = flags.stopSignal === undefined ? undefined : (parseStopSignal(flags.stopSignal), flags.stopSignal);
  const stopTimeout = flags.stopTimeout === undefined ? undefined : parseIntFlag('--stop-timeout', flags.stopTimeout);
  const parsedResources = parseResourceFlags(flags);
  const logConfig = parseLogOpts(flags.logDriver ?? '', flags.logOpt ?? []);
  const deviceFlags = flags.device ?? [];
  const parsedDevices = deviceFlags.filter((d) => !isCdiDeviceName(d)).map(parseDevice);
  const ulimits = (flags.ulimit ?? []).map(parseUlimit);
  const tmpfs = (flags.tmpfs ?? []).map(parseTmpfs);
  const sysctls = Object.fromEntries((flags.sysctl ?? []).map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)]));
  const shmSize = flags.shmSize !== undefined ? parseBytes(flags.shmSize) : undefined;
  const cwd = process.cwd();
  const volumeFlags = (flags.volume ?? []).map((v) => ({ raw: v, parsed: parseVolumeFlag(v, cwd) }));
  const mountFlags = (flags.mount ?? []).map((m) => parseMountFlag(m, cwd));
  const volumesFrom = (flags.volumesFrom ?? []).map(parseVolumesFrom);
  const userMounts: MountRequest[] = [...volumeFlags.filter((v) => v.parsed.source !== '').map((v) => v.parsed), ...mountFlags];
  const anonymousTargets = volumeFlags.filter((v) => v.parsed.source === '').map((v) => v.parsed.target);
  const restart = parseRestartPolicy(flags.restart ?? '');
  validateRestartWithRm(restart, flags.rm === true);
  const health = parseHealthFlags({
    ...(flags.healthCmd !== undefined ? { cmd: flags.healthCmd } : {}),
    ...(flags.healthTest !== undefined ? { test: flags.healthTest } : {}),
    ...(flags.healthInterval !== undefined ? { interval: flags.healthInterval } : {}),
    ...(flags.healthTimeout !== undefined ? { timeout: flags.healthTimeout } : {}),
    ...(flags.healthStartPeriod !== undefined ? { startPeriod: flags.healthStartPeriod } : {}),
    ...(flags.healthStartInterval !== undefined ? { startInterval: flags.healthStartInterval } : {}),
    ...(flags.healthRetries !== undefined ? { retries: flags.healthRetries } : {}),
    ...(flags.healthcheck === false ? { noHealthcheck: true } : {}),
  });
  // What the spec callback mounted: recorded in the container's labels, undone if creating fails.
  let mounted: Awaited<ReturnType<typeof planVolumeMounts>> | undefined;
  const imageLabels = (image: ResolvedImage): Record<string, string> => {
    const merged = mergeHealthConfig(health, image.config.config?.Healthcheck as HealthConfig | undefined);
    return { ...(merged && healthProbe(merged) ? { [HEALTHCHECK_LABEL]: JSON.stringify(merged) } : {}), ...mountsLabels(mounted) };
  };
  const { parseNetworking } = await import('../opts/network');
  const netFlags = { ...flags, network: [...(flags.network ?? []), ...(flags.net ?? [])], networkAlias: [...(flags.networkAlias ?? []), ...(flags.netAlias ?? [])] };
  if (netFlags.network.length === 0) delete (netFlags as { network?: string[] }).network;
  const parsedNet = parseNetworking(netFlags);
  const netWiring = await import('./net');
  const entrypoint = flags.entrypointArgs ?? (flags.entrypoint === undefined ? undefined : flags.entrypoint === '' ? [''] : [flags.entrypoint]);
  if (flags.user !== undefined) parseUserSpec(flags.user);
  const { parseNamespaceMode } = await import('../opts/namespaces');
  const nsModes = { pid: parseNamespaceMode('pid', flags.pid), ipc: parseNamespaceMode('ipc', flags.ipc) };
  const [cg, caps] = await Promise.all([cgroupVersion(), hostCapabilities()]);
  // From here on the checks are the daemon's: docker/cli has made the cidfile already, and removes it on failure.
  const cidfile = await createCidFile(flags.cidfile ?? '');
  let resources: ResourceValues;
  let warnings: string[] = [];
  let netPlan!: Awaited<ReturnType<typeof netWiring.planNetworking>>;
  const joined: { pid?: number; ipc?: number } = {};
  try {
    const verified = verifyResources(parsedResources, { ...(await cgroupFeatures(cg)), ncpu: os.availableParallelism() });
    resources = verified.resources;
    warnings = verified.warnings;
    validateLogConfig(logConfig);
    const cdi = deviceFlags.find(isCdiDeviceName);
    if (cdi !== undefined) throw daemonError('could not select device driver "cdi" with capabilities: []');
    netPlan = await netWiring.planNetworking(ctx, deps, parsedNet);
    for (const kind of ['pid', 'ipc'] as const) {
      const m = nsModes[kind];
      if (m.mode === 'container') joined[kind] = await netWiring.sharedNamespacePid(deps, kind, m.container ?? '', true);
    }
    warnings.push(...parsedNet.warnings);
  } catch (e) {
    await cidfile?.remove();
    throw e;
  }
  const stored: StoredHostConfig = {
    ...(flags.cidfile ? { ContainerIDFile: flags.cidfile } : {}),
    ...(resources.cpuPeriod ? { CpuPeriod: resources.cpuPeriod } : {}),
    ...(resources.cpuQuota ? { CpuQuota: resources.cpuQuota } : {}),
    ...(parsedDevices.length > 0
      ? { Devices: parsedDevices.map((d) => ({ PathOnHost: d.pathOnHost, PathInContainer: d.pathInContainer, CgroupPermissions: d.cgroupPermissions })) }
      : {}),
    ...mountsHostConfig(volumeFlags, mountFlags, flags.volumesFrom ?? []),
    ...(flags.pid ? { PidMode: flags.pid } : {}),
    ...(flags.ipc ? { IpcMode: flags.ipc } : {}),
  };
  const customLog = flags.logDriver !== undefined || (flags.logOpt ?? []).length > 0;
  const request: CreateRequest = {
    imageInput,
    imageFamiliar: ref.familiarName(),
    imageName: ref.toString(),
    pull: pull as CreateRequest['pull'],
    name: flags.name,
    labels: {
      ...labels,
      ...(stopSignal ? { [STOP_SIGNAL_LABEL]: stopSignal } : {}),
      ...(stopTimeout !== undefined ? { [STOP_TIMEOUT_LABEL]: String(stopTimeout) } : {}),
      ...(flags.interactive ? { [STDIN_LABEL]: attached ? 'once' : 'open' } : {}),
      ...(restart.name !== 'no' ? { [RESTART_POLICY_LABEL]: restart.name === 'on-failure' && restart.maximumRetryCount > 0 ? `on-failure:${restart.maximumRetryCount}` : restart.name } : {}),
      ...(flags.rm ? { [AUTO_REMOVE_LABEL]: 'true' } : {}),
      ...(customLog ? { [LOG_CONFIG_LABEL]: JSON.stringify(logConfig) } : {}),
      ...(Object.keys(stored).length > 0 ? { [HOST_CONFIG_LABEL]: JSON.stringify(stored) } : {}),
      ...netWiring.networkLabels(netPlan),
    },
    snapshotter: deps.snapshotter,
  };
  const spec = async (image: ResolvedImage, c: { id: string; name: string }) => {
    // -P also publishes the image's EXPOSEd ports; they are the container's exposed ports too.
    const imageExposed = Object.keys((image.config.config as { ExposedPorts?: Record<string, unknown> } | undefined)?.ExposedPorts ?? {});
    const plan = imageExposed.length > 0 ? { ...netPlan, parsed: parseNetworking(netFlags, imageExposed) } : netPlan;
    const net = await netWiring.networkSpecParts(ctx, deps, plan, c, plan.parsed.exposed, flags.hostname, flags.domainname ?? '');
    const hostname = net.hostname;
    let user: SpecInput['user'];
    const userSpec = flags.user ?? image.config.config?.User ?? '';
    if (userSpec !== '' || (flags.groupAdd ?? []).length > 0) {
      const mounts = await deps.snapshots.mounts(deps.snapshotter, c.id);
      const [passwd, group] = await Promise.all([readRootfsFile(mounts, '/etc/passwd'), readRootfsFile(mounts, '/etc/group')]);
      const u = resolveUser(userSpec === '' ? '0' : userSpec, passwd, group, flags.groupAdd ?? []);
      user = { uid: u.uid, gid: u.gid, additionalGids: u.additionalGids.filter((g) => g !== u.gid) };
    }
    mounted = await planVolumeMounts(deps, c.id, {
      user: userMounts,
      anonymous: [...anonymousTargets, ...Object.keys(image.config.config?.Volumes ?? {})],
      volumesFrom,
      tmpfs: tmpfs.map((t) => t.destination),
      ...(flags.volumeDriver !== undefined ? { volumeDriver: flags.volumeDriver } : {}),
      ...(flags.inheritVolumes ? { inherited: flags.inheritVolumes } : {}),
    });
    const input: SpecInput = {
      id: c.id,
      namespace: deps.namespace,
      image: image.config,
      ...(entrypoint ? { entrypoint } : {}),
      ...(args.length > 0 ? { cmd: args } : {}),
      env: [...containerEnv(image.config.config?.Env ?? [], { hostname, tty: flags.tty === true }), ...userEnv],
      ...(flags.workdir ? { workingDir: flags.workdir } : {}),
      ...(user ? { user } : {}),
      hostname,
      tty: flags.tty === true,
      readOnly: flags.readOnly === true,
      privileged: flags.privileged === true,
      capAdd: flags.capAdd ?? [],
      capDrop: flags.capDrop ?? [],
      devices: (await Promise.all(parsedDevices.map(devicesFromPath))).flat(),
      securityOpt: security as SpecInput['securityOpt'],
      resources,
      ulimits,
      sysctls,
      tmpfs,
      // A user mount at /etc/hosts, /etc/resolv.conf or /etc/hostname replaces tsctl's file (as Docker's).
      mounts: [...net.mounts.filter((m) => !mounted?.mounts.some((u) => u.destination === m.destination)), ...(mounted?.mounts ?? [])],
      networkMode: net.networkMode,
      ...(nsModes.pid.mode === 'host' ? { pidNamespace: 'host' as const } : joined.pid !== undefined ? { pidNamespace: { path: `/proc/${joined.pid}/ns/pid` } } : {}),
      ...(nsModes.ipc.mode === 'host' ? { ipcNamespace: 'host' as const } : joined.ipc !== undefined ? { ipcNamespace: { path: `/proc/${joined.ipc}/ns/ipc` } } : {}),
      ...(net.networkNamespacePath ? { networkNamespacePath: net.networkNamespacePath } : {}),
      ...(net.hooks ? { hooks: net.hooks } : {}),
      ...(shmSize !== undefined ? { shmSize } : {}),
      ...(flags.init ? { init: { hostPath: '/usr/bin/tini-static' } } : {}),
      ...(stopSignal ? { stopSignal } : image.config.config?.StopSignal ? { stopSignal: image.config.config.StopSignal } : {}),
      host: { cgroupVersion: cg === '2' ? 2 : 1, arch: goArch(process.arch), kernelVersion: os.release(), ...(caps ? { capabilities: caps } : {}), ncpu: os.availableParallelism() },
    };
    // Serialised here: unlimited rlimits are 2^64-1, which only specToJSON writes exactly.
    return specToJSON(buildSpec(input));
  };
  const created = async <T extends { id: string }>(creation: Promise<T>): Promise<T> => {
    let c: T;
    try {
      c = await creation;
    } catch (e) {
      await cidfile?.remove();
      // Volumes handed over from a replaced container are not this failed creation's to remove.
      const inherited = new Set((flags.inheritVolumes ?? []).map((v) => v.name));
      if (mounted) await deps.removeVolumes(mounted.anonymous.filter((n) => !inherited.has(n))).catch(() => undefined);
      throw e;
    }
    for (const w of warnings) ctx.io.stderr.write(`WARNING: ${w}\n`);
    await cidfile?.write(c.id).catch((e: unknown) => {
      throw new InvalidOptionError(`failed to write the container ID to the file: ${(e as Error).message}`);
    });
    return c;
  };
  return { request, spec, imageLabels, created, log: () => logFileOptions(logConfig) };
}

export const LOG_LABEL = LOG_PATH_LABEL;
