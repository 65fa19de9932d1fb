/**
 * From `run`/`create` flags to what the container services need: the CreateRequest, the spec builder callback
 * (flags parsed with cli/opts, the image's /etc/passwd read from the snapshot for --user), labels and the log
 * location. Parsing errors surface before anything is created.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { CliContext } from '../context';
import type { RunFlags } from '../../commands/container/shared-run-flags';
import type { ContainerDeps } from './containers';
import { collectEnv, collectLabels, parseBytes, parseCpus, parseSecurityOpts, parseStopSignal, parseTmpfs, parseUlimit, parseUserSpec, resolveUser } from '../opts/index';
import { parseIntFlag } from '../parse';
import { parseReference } from '../../registry/reference';
import type { CreateRequest } from '../../services/containers/create';
import type { ResolvedImage } from '../../services/images/model';
import { buildSpec, capabilitiesFromMask, containerEnv, specToJSON, type SpecInput } from '../../services/containers/spec/index';
import { readRootfsFile } from '../../services/containers/rootfs-files';
import { cgroupVersion } from '../../util/host';
import { goArch } from '../../services/system/version';
import { InvalidOptionError } from '../../errors/index';
import { AUTO_REMOVE_LABEL, HEALTHCHECK_LABEL, LOG_PATH_LABEL, RESTART_POLICY_LABEL, STDIN_LABEL, STOP_SIGNAL_LABEL, STOP_TIMEOUT_LABEL } from '../../labels';
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
  const resources = {
    ...(flags.memory !== undefined ? { memory: parseBytes(flags.memory) } : {}),
    ...(flags.cpus !== undefined ? { nanoCpus: parseCpus(flags.cpus) } : {}),
    ...(flags.pidsLimit !== undefined ? { pidsLimit: parseIntFlag('--pids-limit', flags.pidsLimit) } : {}),
  };
  const ulimits = (flags.ulimit ?? []).map(parseUlimit);
  const tmpfs = (flags.tmpfs ?? []).map(parseTmpfs);
  const sysctls = Object.fromEntries((flags.sysctl ?? []).map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)]));
  const shmSize = flags.shmSize !== undefined ? parseBytes(flags.shmSize) : undefined;
  const restart = parseRestartPolicy(flags.restart ?? '');
  validateRestartWithRm(restart, flags.rm === true);
  const health = parseHealthFlags({
    ...(flags.healthCmd !== undefined ? { cmd: flags.healthCmd } : {}),
    ...(flags.healthInterval !== undefined ? { interval: flags.healthInterval } : {}),
    ...(flags.healthTimeout !== undefined ? { timeout: flags.healthTimeout } : {}),
    ...(flags.healthStartPeriod !== undefined ? { startPeriod: flags.healthStartPeriod } : {}),
    ...(flags.healthStartInterval !== undefined ? { startInterval: flags.healthStartInterval } : {}),
    ...(flags.healthRetries !== undefined ? { retries: flags.healthRetries } : {}),
    ...(flags.healthcheck === false ? { noHealthcheck: true } : {}),
  });
  const imageLabels = (image: ResolvedImage): Record<string, string> => {
    const merged = mergeHealthConfig(health, image.config.config?.Healthcheck as HealthConfig | undefined);
    return merged && healthProbe(merged) ? { [HEALTHCHECK_LABEL]: JSON.stringify(merged) } : {};
  };
  const entrypoint = flags.entrypoint === undefined ? undefined : flags.entrypoint === '' ? [''] : [flags.entrypoint];
  if (flags.user !== undefined) parseUserSpec(flags.user);
  const [cg, caps] = await Promise.all([cgroupVersion(), hostCapabilities()]);
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
    },
    snapshotter: deps.snapshotter,
  };
  const spec = async (image: ResolvedImage, c: { id: string; name: string }) => {
    const hostname = flags.hostname ?? c.id.slice(0, 12);
    let user: SpecInput['user'];
    const userSpec = flags.user ?? image.config.config?.User ?? '';
    if (userSpec !== '' || (flags.groupAdd ?? []).length > 0) {
      const mounts = await deps.snapshots.mounts(deps.snapshotter, c.id);
      const [passwd, group] = await Promise.all([readRootfsFile(mounts, '/etc/passwd'), readRootfsFile(mounts, '/etc/group')]);
      const u = resolveUser(userSpec === '' ? '0' : userSpec, passwd, group, flags.groupAdd ?? []);
      user = { uid: u.uid, gid: u.gid, additionalGids: u.additionalGids.filter((g) => g !== u.gid) };
    }
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
      securityOpt: security as SpecInput['securityOpt'],
      resources,
      ulimits,
      sysctls,
      tmpfs,
      ...(shmSize !== undefined ? { shmSize } : {}),
      ...(flags.init ? { init: { hostPath: '/usr/bin/tini-static' } } : {}),
      ...(stopSignal ? { stopSignal } : image.config.config?.StopSignal ? { stopSignal: image.config.config.StopSignal } : {}),
      host: { cgroupVersion: cg === '2' ? 2 : 1, arch: goArch(process.arch), kernelVersion: os.release(), ...(caps ? { capabilities: caps } : {}), ncpu: os.availableParallelism() },
    };
    // Serialised here: unlimited rlimits are 2^64-1, which only specToJSON writes exactly.
    return specToJSON(buildSpec(input));
  };
  return { request, spec, imageLabels };
}

export const LOG_LABEL = LOG_PATH_LABEL;
