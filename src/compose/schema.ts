/**
 * The Compose Specification's structure, written as TypeScript (after compose-spec's JSON schema, which is not
 * shipped): which keys each object accepts and which types each value may take. `validate` reports the first
 * violation with its dotted path, in Compose's words.
 */
import { ConfigError } from '../errors/index';
import { isPlainObject, Override, RESET } from './tree';

type Spec =
  | { t: 'string' } | { t: 'number' } | { t: 'integer' } | { t: 'boolean' } | { t: 'null' } | { t: 'any' }
  | { t: 'enum'; values: string[] }
  | { t: 'array'; items: Spec }
  | { t: 'object'; props: Record<string, Spec>; additional?: Spec; required?: string[] }
  | { t: 'map'; values: Spec; keys?: RegExp }
  | { t: 'oneOf'; of: Spec[] };

const S: Spec = { t: 'string' };
const N: Spec = { t: 'number' };
const I: Spec = { t: 'integer' };
const B: Spec = { t: 'boolean' };
const NULL: Spec = { t: 'null' };
const ANY: Spec = { t: 'any' };
const one = (...of: Spec[]): Spec => ({ t: 'oneOf', of });
const arr = (items: Spec): Spec => ({ t: 'array', items });
const obj = (props: Record<string, Spec>, required?: string[]): Spec => ({ t: 'object', props, required });
const map = (values: Spec): Spec => ({ t: 'map', values });
const en = (...values: string[]): Spec => ({ t: 'enum', values });
const SN = one(S, N);
const SL = arr(S);
const strOrList = one(S, SL);
const listOrDict = one(map(one(S, N, B, NULL)), SL);
const cmd = one(NULL, S, SL);
const extraHosts = one(map(one(S, SL)), SL);
const ulimits = map(one(I, S, obj({ hard: one(I, S), soft: one(I, S) }, ['soft', 'hard'])));
const duration = S;

const blkioLimit = obj({ path: S, rate: one(I, S) });
const blkioWeight = obj({ path: S, weight: I });
const serviceRef = arr(one(S, obj({ source: S, target: S, uid: S, gid: S, mode: one(N, S) })));
const resources = obj({
  cpus: SN, memory: S, pids: one(I, S),
  devices: arr(obj({ capabilities: SL, count: one(S, I), device_ids: SL, driver: S, options: listOrDict })),
  generic_resources: arr(obj({ discrete_resource_spec: obj({ kind: S, value: N }) })),
});
const updateConfig = obj({ parallelism: one(I, S), delay: duration, failure_action: S, monitor: duration, max_failure_ratio: one(N, S), order: en('start-first', 'stop-first') });
const deploy = one(NULL, obj({
  mode: S, endpoint_mode: S, replicas: one(I, S), labels: listOrDict,
  rollback_config: updateConfig, update_config: updateConfig,
  resources: obj({ limits: resources, reservations: resources }),
  restart_policy: obj({ condition: S, delay: duration, max_attempts: one(I, S), window: duration }),
  placement: obj({ constraints: SL, preferences: arr(obj({ spread: S })), max_replicas_per_node: one(I, S) }),
}));

const build = one(S, obj({
  context: S, dockerfile: S, dockerfile_inline: S, entitlements: SL, args: listOrDict, ssh: listOrDict,
  labels: listOrDict, cache_from: SL, cache_to: SL, no_cache: one(B, S), additional_contexts: listOrDict,
  network: S, provenance: one(S, B), sbom: one(S, B), pull: one(B, S), target: S, shm_size: one(I, S),
  extra_hosts: extraHosts, isolation: S, privileged: one(B, S), secrets: serviceRef, tags: SL, ulimits,
  platforms: SL,
}));

const service: Spec = obj({
  develop: ANY,
  deploy,
  annotations: listOrDict,
  attach: one(B, S),
  build,
  blkio_config: obj({
    device_read_bps: arr(blkioLimit), device_read_iops: arr(blkioLimit), device_write_bps: arr(blkioLimit),
    device_write_iops: arr(blkioLimit), weight: one(I, S), weight_device: arr(blkioWeight),
  }),
  cap_add: SL, cap_drop: SL,
  cgroup: en('host', 'private'), cgroup_parent: S,
  command: cmd,
  configs: serviceRef,
  container_name: S,
  cpu_count: one(S, I), cpu_percent: one(S, I), cpu_shares: SN, cpu_quota: SN, cpu_period: SN,
  cpu_rt_period: SN, cpu_rt_runtime: SN, cpus: SN, cpuset: S,
  credential_spec: obj({ config: S, file: S, registry: S }),
  depends_on: one(SL, map(obj({ condition: en('service_started', 'service_healthy', 'service_completed_successfully'), required: one(B, S), restart: one(B, S) }))),
  device_cgroup_rules: SL,
  devices: arr(one(S, obj({ source: S, target: S, permissions: S }, ['source']))),
  dns: strOrList, dns_opt: SL, dns_search: strOrList,
  domainname: S,
  entrypoint: cmd,
  env_file: one(S, arr(one(S, obj({ path: S, format: S, required: one(B, S) }, ['path'])))),
  label_file: strOrList,
  environment: listOrDict,
  expose: arr(SN),
  extends: one(S, obj({ service: S, file: S }, ['service'])),
  external_links: SL,
  extra_hosts: extraHosts,
  gpus: one(en('all'), arr(obj({ capabilities: SL, count: one(S, I), device_ids: SL, driver: S, options: listOrDict }))),
  group_add: arr(SN),
  healthcheck: obj({ disable: one(B, S), interval: duration, retries: SN, test: one(S, SL), timeout: duration, start_period: duration, start_interval: duration }),
  hostname: S, image: S, init: one(B, S), ipc: S, isolation: S,
  labels: listOrDict, links: SL,
  logging: obj({ driver: S, options: map(one(S, N, NULL)) }),
  mac_address: S,
  mem_limit: SN, mem_reservation: one(S, I), mem_swappiness: one(I, S), memswap_limit: SN,
  network_mode: S,
  networks: one(SL, map(one(NULL, obj({
    aliases: SL, interface_name: S, ipv4_address: S, ipv6_address: S, link_local_ips: SL, mac_address: S,
    driver_opts: map(SN), priority: N, gw_priority: N,
  })))),
  oom_kill_disable: one(B, S), oom_score_adj: one(S, I),
  pid: one(S, NULL), pids_limit: SN, platform: S,
  ports: arr(one(N, S, obj({ name: S, mode: S, host_ip: S, target: one(I, S), published: SN, protocol: S, app_protocol: S }))),
  post_start: arr(ANY), pre_stop: arr(ANY),
  privileged: one(B, S), profiles: SL, pull_policy: S, pull_refresh_after: S,
  read_only: one(B, S), restart: S, runtime: S, scale: one(I, S),
  security_opt: SL, shm_size: SN,
  secrets: serviceRef,
  sysctls: listOrDict,
  stdin_open: one(B, S), stop_grace_period: duration, stop_signal: S,
  storage_opt: map(ANY),
  tmpfs: strOrList,
  tty: one(B, S),
  ulimits,
  use_api_socket: B,
  user: S, uts: S, userns_mode: S,
  volumes: arr(one(S, obj({
    type: S, source: S, target: S, read_only: one(B, S), consistency: S,
    bind: obj({ propagation: S, create_host_path: one(B, S), recursive: en('enabled', 'disabled', 'writable', 'readonly'), selinux: en('z', 'Z') }),
    volume: obj({ labels: listOrDict, nocopy: one(B, S), subpath: S }),
    tmpfs: obj({ size: one(I, S), mode: SN }),
    image: obj({ subpath: S }),
  }, ['type']))),
  volumes_from: SL,
  working_dir: S,
  models: ANY, provider: ANY,
});

const external = one(B, S, obj({ name: S }));
const network = one(NULL, obj({
  name: S, driver: S, driver_opts: map(SN),
  ipam: obj({ driver: S, config: arr(obj({ subnet: S, ip_range: S, gateway: S, aux_addresses: map(S) })), options: map(S) }),
  external, internal: one(B, S), enable_ipv4: one(B, S), enable_ipv6: one(B, S), attachable: one(B, S), labels: listOrDict,
}));
const volume = one(NULL, obj({ name: S, driver: S, driver_opts: map(SN), external, labels: listOrDict }));
const secret = obj({ name: S, environment: S, file: S, external, labels: listOrDict, driver: S, driver_opts: map(SN), template_driver: S });
const config = obj({ name: S, content: S, environment: S, file: S, external, labels: listOrDict, template_driver: S });
const include = arr(one(S, obj({ path: strOrList, env_file: strOrList, project_directory: S }, ['path'])));

export const COMPOSE_SCHEMA: Spec = obj({
  version: S, name: S, include,
  services: map(service), networks: map(network), volumes: map(volume), secrets: map(secret), configs: map(config),
  models: ANY,
});

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (isPlainObject(v)) return 'object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** The JSON types a spec accepts, in compose-go's words (`object` is "mapping"). */
function typeNames(spec: Spec): string[] {
  if (spec.t === 'oneOf') return [...new Set(spec.of.flatMap(typeNames))];
  if (spec.t === 'enum') return ['string'];
  if (spec.t === 'map' || spec.t === 'object') return ['mapping'];
  return [spec.t];
}

/** compose-go's humanReadableType: one name, or the names sorted as "a, b or c" (always after "must be a"). */
function words(spec: Spec): string {
  const names = typeNames(spec).sort();
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Returns the first violation as "path message", or undefined. */
function check(v: unknown, spec: Spec, path: string): string | undefined {
  if (v === RESET) return undefined;
  if (v instanceof Override) return check(v.value, spec, path);
  const at = path || '(root)';
  switch (spec.t) {
    case 'any':
      return undefined;
    case 'string': case 'boolean': case 'null': {
      return typeOf(v) === spec.t ? undefined : `${at} must be a ${words(spec)}`;
    }
    case 'number':
      return typeof v === 'number' ? undefined : `${at} must be a ${words(spec)}`;
    case 'integer':
      return typeOf(v) === 'integer' ? undefined : `${at} must be a ${words(spec)}`;
    case 'enum':
      return typeof v === 'string' && spec.values.includes(v) ? undefined : `${at} value must be one of ${spec.values.map((s) => `"${s}"`).join(', ')}`;
    case 'array': {
      if (!Array.isArray(v)) return `${at} must be a array`;
      for (let i = 0; i < v.length; i++) {
        const e = check(v[i], spec.items, `${path}.${i}`);
        if (e) return e;
      }
      return undefined;
    }
    case 'map': {
      if (!isPlainObject(v)) return `${at} must be a mapping`;
      for (const [k, x] of Object.entries(v)) {
        if (k.startsWith('x-')) continue;
        const e = check(x, spec.values, path ? `${path}.${k}` : k);
        if (e) return e;
      }
      return undefined;
    }
    case 'object': {
      if (!isPlainObject(v)) return `${at} must be a mapping`;
      const extra = Object.keys(v).filter((k) => !(k in spec.props) && !k.startsWith('x-'));
      if (extra.length > 0) return `${at} additional properties ${extra.map((k) => `'${k}'`).join(', ')} not allowed`;
      for (const r of spec.required ?? []) if (!(r in v)) return `${at} missing property '${r}'`;
      for (const [k, x] of Object.entries(v)) {
        const sub = spec.props[k];
        if (!sub) continue;
        const e = check(x, sub, path ? `${path}.${k}` : k);
        if (e) return e;
      }
      return undefined;
    }
    case 'oneOf': {
      // The alternative whose shape matches reports from inside it (so the error points at the deepest path).
      const t = typeOf(v);
      const fits = (s: Spec): boolean =>
        s.t === 'any' || s.t === t || (s.t === 'number' && t === 'integer') || (s.t === 'map' && t === 'object') ||
        (s.t === 'enum' && t === 'string');
      const candidates = spec.of.filter(fits);
      if (candidates.length === 0) return `${at} must be a ${words(spec)}`;
      let first: string | undefined;
      for (const c of candidates) {
        const e = check(v, c, path);
        if (!e) return undefined;
        first ??= e;
      }
      return first;
    }
  }
}

/** Validates one file's (interpolated) mapping; throws `validating <file>: <path> <message>`. */
export function validateCompose(doc: unknown, file: string): void {
  const e = check(doc, COMPOSE_SCHEMA, '');
  if (e) throw new ConfigError(`validating ${file}: ${e}`);
}
