/**
 * A Compose service as the options of `tsctl run`: the same flags a user would type, so a compose container is
 * built exactly like a `run` container (one spec builder, one set of checks). Pure; keys tsctl does not
 * implement are named in warnings, never dropped silently.
 */
import type { RunFlags } from '../commands/container/shared-run-flags';
import type { Project, ServiceConfig, ServiceFileRef, ServiceVolume } from './model';
import { COMPOSE_VERSION, CONFIG_FILES_LABEL, CONFIG_HASH_LABEL, DEPENDS_ON_LABEL, NUMBER_LABEL, ONEOFF_LABEL, PROJECT_LABEL, SERVICE_LABEL, VERSION_LABEL, WORKING_DIR_LABEL } from './labels';

/** What `run` gets: flags (with the internal argv fields), the image and the command. */
export interface ServiceRun {
  image: string;
  args: string[];
  flags: RunFlags;
}

export interface ServiceRunContext {
  project: Project;
  service: ServiceConfig;
  number: number;
  name: string;
  hash: string;
  oneoff?: boolean;
  /** The container name of a service's first container (`network_mode: service:x`, `volumes_from`). */
  serviceContainer: (service: string) => string;
  /** The host file holding a secret/config (its `file`, or one written for `environment`/`content`). */
  fileObject: (kind: 'secrets' | 'configs', name: string) => string;
}

/** Service keys this translation reads (or that compose itself handles); any other key draws a warning. */
const HANDLED = new Set([
  'name', 'image', 'build', 'command', 'entrypoint', 'container_name', 'environment', 'env_file', 'labels', 'label_file',
  'ports', 'expose', 'volumes', 'volumes_from', 'tmpfs', 'networks', 'network_mode', 'depends_on', 'healthcheck', 'deploy',
  'scale', 'profiles', 'secrets', 'configs', 'extra_hosts', 'stop_grace_period', 'stop_signal', 'dns', 'dns_search',
  'dns_opt', 'restart', 'user', 'working_dir', 'hostname', 'domainname', 'privileged', 'read_only', 'init', 'tty',
  'stdin_open', 'cap_add', 'cap_drop', 'sysctls', 'ulimits', 'logging', 'shm_size', 'mem_limit', 'memswap_limit',
  'mem_reservation', 'mem_swappiness', 'oom_kill_disable', 'cpus', 'cpu_shares', 'cpu_period', 'cpu_quota', 'cpuset',
  'pids_limit', 'devices', 'security_opt', 'group_add', 'platform', 'pull_policy', 'mac_address', 'blkio_config',
  'links', 'external_links', 'pid', 'ipc',
]);

/** Names of the service's keys tsctl ignores (one warning each). */
export function unsupportedKeys(s: ServiceConfig): string[] {
  return Object.keys(s).filter((k) => !HANDLED.has(k) && !k.startsWith('x-') && s[k] !== undefined).sort();
}

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const nsToMs = (ns: number): string => `${Math.round(ns / 1e6)}ms`;

function portFlag(p: ServiceConfig['ports'][number]): string {
  const target = `${p.target}/${p.protocol}`;
  if (p.published === undefined || p.published === '') return p.host_ip ? `${p.host_ip}::${target}` : target;
  return `${p.host_ip ? `${p.host_ip}:` : ''}${p.published}:${target}`;
}

function mountFlag(project: Project, v: ServiceVolume): { volume?: string; mount?: string } {
  const ro = v.read_only ? ',readonly' : '';
  switch (v.type) {
    case 'bind': {
      // Short syntax creates a missing host directory (Docker's -v); long syntax fails on it (--mount).
      if (v.bind?.create_host_path !== false) {
        const opts = [v.read_only ? 'ro' : '', v.bind?.propagation ?? ''].filter((o) => o !== '');
        return { volume: `${v.source}:${v.target}${opts.length > 0 ? `:${opts.join(',')}` : ''}` };
      }
      return { mount: `type=bind,source=${v.source},target=${v.target}${ro}${v.bind?.propagation ? `,bind-propagation=${v.bind.propagation}` : ''}` };
    }
    case 'volume': {
      if (!v.source) return { volume: v.target };
      const real = project.volumes[v.source]?.name ?? v.source;
      return { mount: `type=volume,source=${real},target=${v.target}${ro}${v.volume?.nocopy ? ',volume-nocopy' : ''}` };
    }
    case 'tmpfs': {
      const size = v.tmpfs?.size !== undefined ? `,tmpfs-size=${v.tmpfs.size}` : '';
      const mode = v.tmpfs?.mode !== undefined ? `,tmpfs-mode=${v.tmpfs.mode.toString(8)}` : '';
      return { mount: `type=tmpfs,target=${v.target}${size}${mode}` };
    }
    default:
      return {};
  }
}

/** `secrets` land in /run/secrets/<target|source>, `configs` at <target> or /<source> (read-only binds). */
function fileObjectMount(kind: 'secrets' | 'configs', ref: ServiceFileRef, host: string): string {
  const target = ref.target ?? ref.source;
  const path = target.startsWith('/') ? target : kind === 'secrets' ? `/run/secrets/${target}` : `/${target}`;
  return `type=bind,source=${host},target=${path},readonly`;
}

function ulimitFlags(v: unknown): string[] {
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v as Record<string, unknown>).map(([name, l]) => {
    if (l !== null && typeof l === 'object') {
      const o = l as { soft?: unknown; hard?: unknown };
      return `${name}=${String(o.soft)}:${String(o.hard)}`;
    }
    return `${name}=${String(l)}`;
  });
}

function dependsOnLabel(s: ServiceConfig): string {
  return Object.entries(s.depends_on).map(([n, d]) => `${n}:${d.condition}:${d.restart === true}`).join(',');
}

/** The labels Docker Compose puts on a service's container. */
export function composeLabels(c: Pick<ServiceRunContext, 'project' | 'service' | 'number' | 'hash' | 'oneoff'>): Record<string, string> {
  return {
    [PROJECT_LABEL]: c.project.name,
    [SERVICE_LABEL]: c.service.name,
    [NUMBER_LABEL]: String(c.number),
    [ONEOFF_LABEL]: c.oneoff ? 'True' : 'False',
    [CONFIG_HASH_LABEL]: c.hash,
    [WORKING_DIR_LABEL]: c.project.workingDir,
    [CONFIG_FILES_LABEL]: c.project.composeFiles.join(','),
    [DEPENDS_ON_LABEL]: dependsOnLabel(c.service),
    [VERSION_LABEL]: COMPOSE_VERSION,
  };
}

function healthFlags(s: ServiceConfig): Partial<RunFlags> {
  const h = s.healthcheck;
  if (!h) return {};
  if (h.disable === true || h.test?.[0] === 'NONE') return { healthcheck: false };
  const out: Partial<RunFlags> = {};
  if (h.test) out.healthTest = h.test;
  if (h.interval !== undefined) out.healthInterval = nsToMs(h.interval);
  if (h.timeout !== undefined) out.healthTimeout = nsToMs(h.timeout);
  if (h.start_period !== undefined) out.healthStartPeriod = nsToMs(h.start_period);
  if (h.start_interval !== undefined) out.healthStartInterval = nsToMs(h.start_interval);
  if (h.retries !== undefined) out.healthRetries = String(h.retries);
  return out;
}

function networkFlags(c: ServiceRunContext): Partial<RunFlags> {
  const s = c.service;
  if (s.network_mode !== undefined) {
    const m = s.network_mode;
    return { network: [m.startsWith('service:') ? `container:${c.serviceContainer(m.slice('service:'.length))}` : m] };
  }
  const entries = Object.entries(s.networks ?? {}).sort(([ak, a], [bk, b]) => (b?.priority ?? 0) - (a?.priority ?? 0) || (ak < bk ? -1 : ak > bk ? 1 : 0));
  const real = (k: string): string => c.project.networks[k]?.name ?? k;
  // Every network gets the service name and that network's own aliases.
  const out: Partial<RunFlags> = {
    network: entries.map(([k]) => real(k)),
    aliasesByNetwork: Object.fromEntries(entries.map(([k, n]) => [real(k), [...new Set([s.name, ...(n?.aliases ?? [])])]])),
  };
  const ip = entries.length === 1 ? entries[0]![1]?.ipv4_address : undefined;
  if (ip) out.ip = ip;
  const mac = str(s.mac_address) ?? (entries.length === 1 ? entries[0]![1]?.mac_address : undefined);
  if (mac) out.macAddress = mac;
  return out;
}

const PULL: Record<string, string> = { always: 'always', never: 'never', missing: 'missing', if_not_present: 'missing', build: 'never' };

/** The `run` options for container `number` of a service. */
export function serviceRunOptions(c: ServiceRunContext): ServiceRun {
  const s = c.service;
  const f: RunFlags = {};
  const set = <K extends keyof RunFlags>(k: K, v: RunFlags[K] | undefined): void => {
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) f[k] = v;
  };
  set('name', c.name);
  set('env', Object.entries(s.environment).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`));
  set('label', Object.entries({ ...s.labels, ...composeLabels(c) }).map(([k, v]) => `${k}=${v}`));
  set('labelFile', s.label_file as string[] | undefined);
  set('publish', s.ports.map(portFlag));
  set('expose', s.expose);
  const mounts = s.volumes.map((v) => mountFlag(c.project, v));
  set('volume', mounts.flatMap((m) => (m.volume ? [m.volume] : [])));
  set('mount', [
    ...mounts.flatMap((m) => (m.mount ? [m.mount] : [])),
    ...(['secrets', 'configs'] as const).flatMap((kind) => (s[kind] ?? []).map((r) => fileObjectMount(kind, r, c.fileObject(kind, r.source)))),
  ]);
  set('volumesFrom', ((s.volumes_from as string[] | undefined) ?? []).map((v) => {
    if (v.startsWith('container:')) return v.slice('container:'.length);
    const [svc, mode] = (v.startsWith('service:') ? v.slice('service:'.length) : v).split(':');
    return `${c.serviceContainer(svc!)}${mode ? `:${mode}` : ''}`;
  }));
  set('tmpfs', s.tmpfs);
  Object.assign(f, networkFlags(c), healthFlags(s));
  set('addHost', s.extra_hosts);
  set('dns', s.dns);
  set('dnsSearch', s.dns_search);
  set('dnsOption', s.dns_opt as string[] | undefined);
  set('restart', str(s.restart));
  set('user', str(s.user));
  set('workdir', str(s.working_dir));
  set('hostname', str(s.hostname));
  set('domainname', str(s.domainname));
  if (s.privileged === true) f.privileged = true;
  if (s.read_only === true) f.readOnly = true;
  if (s.init === true) f.init = true;
  if (s.tty === true) f.tty = true;
  if (s.stdin_open === true) f.interactive = true;
  if (s.oom_kill_disable === true) f.oomKillDisable = true;
  set('capAdd', s.cap_add as string[] | undefined);
  set('capDrop', s.cap_drop as string[] | undefined);
  set('sysctl', Object.entries((s.sysctls as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => `${k}=${String(v)}`));
  set('ulimit', ulimitFlags(s.ulimits));
  set('stopSignal', str(s.stop_signal));
  if (s.stop_grace_period !== undefined) f.stopTimeout = String(Math.ceil(s.stop_grace_period / 1e9));
  const logging = s.logging as { driver?: string; options?: Record<string, unknown> } | undefined;
  set('logDriver', logging?.driver);
  set('logOpt', Object.entries(logging?.options ?? {}).map(([k, v]) => `${k}=${String(v)}`));
  set('shmSize', str(s.shm_size));
  set('memory', str(s.mem_limit));
  set('memorySwap', str(s.memswap_limit));
  set('memoryReservation', str(s.mem_reservation));
  set('memorySwappiness', str(s.mem_swappiness));
  set('cpus', str(s.cpus));
  set('cpuShares', str(s.cpu_shares));
  set('cpuPeriod', str(s.cpu_period));
  set('cpuQuota', str(s.cpu_quota));
  set('cpusetCpus', str(s.cpuset));
  set('pidsLimit', str(s.pids_limit));
  set('blkioWeight', str((s.blkio_config as { weight?: unknown } | undefined)?.weight));
  set('device', ((s.devices as unknown[] | undefined) ?? []).map((d) => (typeof d === 'string' ? d : `${String((d as Record<string, unknown>).source)}:${String((d as Record<string, unknown>).target ?? (d as Record<string, unknown>).source)}${(d as Record<string, unknown>).permissions ? `:${String((d as Record<string, unknown>).permissions)}` : ''}`)));
  set('securityOpt', s.security_opt as string[] | undefined);
  set('groupAdd', ((s.group_add as unknown[] | undefined) ?? []).map(String));
  set('platform', str(s.platform));
  const nsMode = (v: unknown): string | undefined => {
    const m = str(v);
    return m?.startsWith('service:') ? `container:${c.serviceContainer(m.slice('service:'.length))}` : m;
  };
  set('pid', nsMode(s.pid));
  set('ipc', nsMode(s.ipc));
  f.pull = PULL[str(s.pull_policy) ?? 'missing'] ?? 'missing';
  if (s.entrypoint !== undefined && s.entrypoint !== null) f.entrypointArgs = s.entrypoint.length === 0 ? [''] : s.entrypoint;
  return {
    image: s.image ?? `${c.project.name}-${s.name}`,
    args: s.command ?? [],
    flags: f,
  };
}
