/**
 * From the merged, canonical mapping to the model: env_file read into environment, durations parsed,
 * defaults filled (network `default`, depends_on conditions, resource names `<project>_<key>`), and every
 * reference (networks, volumes, secrets, configs) checked against the top-level declarations.
 */
import { ConfigError } from '../errors/index';
import { parseDotenv } from './dotenv';
import { serviceError, toMapping } from './canonical';
import { enforceUnicity } from './merge';
import { parseDuration } from './syntax';
import { isPlainObject, type Dict } from './tree';
import type {
  EnvFileRef, FileObjectConfig, Healthcheck, NetworkConfig, ServiceConfig, ServiceVolume, VolumeConfig,
} from './model';

export interface NormalizeContext {
  projectName: string;
  /** The interpolation environment. */
  env: Record<string, string>;
  readFile(path: string): string | undefined;
}

const DURATIONS = ['interval', 'timeout', 'start_period', 'start_interval'] as const;

function healthcheck(name: string, h: Dict): Healthcheck {
  const out: Healthcheck = {};
  if (Array.isArray(h.test)) out.test = h.test.map(String);
  for (const k of DURATIONS) if (h[k] !== undefined) out[k] = parseDuration(h[k] as string, `services.${name}.healthcheck.${k}`);
  if (h.retries !== undefined) out.retries = Number(h.retries);
  if (h.disable === true || h.disable === 'true') {
    out.disable = true;
    out.test = ['NONE'];
  }
  return out;
}

function readEnvFiles(name: string, refs: EnvFileRef[], ctx: NormalizeContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ref of refs) {
    const text = ctx.readFile(ref.path);
    if (text === undefined) {
      if (ref.required) throw new ConfigError(`env file ${ref.path} not found: stat ${ref.path}: no such file or directory`);
      continue;
    }
    // Variables from earlier env files are visible to later ones; the project environment resolves the rest.
    Object.assign(out, parseDotenv(text, (k) => ctx.env[k] ?? out[k], ref.path));
  }
  return out;
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(toMapping(v))) out[k] = x === null ? '' : String(x);
  return out;
}

export function normalizeService(name: string, raw: Dict, ctx: NormalizeContext): ServiceConfig {
  raw = { ...raw };
  enforceUnicity(raw);
  const s: ServiceConfig = {
    ...raw,
    name,
    environment: {},
    labels: raw.labels === undefined ? {} : stringMap(raw.labels),
    ports: (raw.ports as ServiceConfig['ports'] | undefined) ?? [],
    expose: (raw.expose as string[] | undefined) ?? [],
    volumes: (raw.volumes as ServiceVolume[] | undefined) ?? [],
    depends_on: {},
  };
  delete s.extends;
  // environment: env_file first, then `environment:`; a bare KEY takes the project environment's value.
  const fromFiles = raw.env_file ? readEnvFiles(name, raw.env_file as EnvFileRef[], ctx) : {};
  const env: Record<string, string | null> = { ...fromFiles };
  for (const [k, v] of Object.entries((raw.environment as Dict | undefined) ?? {})) {
    env[k] = v === null || v === undefined ? (ctx.env[k] ?? null) : String(v);
  }
  s.environment = env;
  for (const [dep, d] of Object.entries((raw.depends_on as Dict | undefined) ?? {})) {
    const o = d as Dict;
    s.depends_on[dep] = {
      condition: (o.condition as ServiceConfig['depends_on'][string]['condition'] | undefined) ?? 'service_started',
      required: o.required === undefined ? true : o.required === true || o.required === 'true',
      ...(o.restart !== undefined ? { restart: o.restart === true || o.restart === 'true' } : {}),
    };
  }
  if (raw.network_mode === undefined) {
    s.networks = raw.networks === undefined ? { default: null } : (raw.networks as ServiceConfig['networks']);
  } else if (raw.networks !== undefined) {
    throw serviceError(name, 'declares mutually exclusive `network_mode` and `networks`: invalid compose project');
  }
  if (isPlainObject(raw.healthcheck)) s.healthcheck = healthcheck(name, raw.healthcheck);
  if (raw.stop_grace_period !== undefined) s.stop_grace_period = parseDuration(raw.stop_grace_period as string, `services.${name}.stop_grace_period`);
  if (isPlainObject(raw.deploy) && raw.deploy.replicas !== undefined) {
    s.deploy = { ...raw.deploy, replicas: Number(raw.deploy.replicas) };
  }
  if (raw.scale !== undefined) {
    s.scale = Number(raw.scale);
    if (s.deploy?.replicas !== undefined && s.deploy.replicas !== s.scale) {
      throw serviceError(name, `has inconsistent scale (${s.scale}) and deploy.replicas (${s.deploy.replicas}): invalid compose project`);
    }
  }
  if (s.image === undefined && s.build === undefined) {
    throw serviceError(name, 'has neither an image nor a build context specified: invalid compose project');
  }
  for (const v of s.volumes) {
    if (typeof v.target !== 'string' || v.target === '') throw serviceError(name, 'has a volume without a target path: invalid compose project');
  }
  return s;
}

/** Top-level networks/volumes: names defaulted to `<project>_<key>`; external ones keep their own name. */
function resource<T extends { name: string; external?: boolean }>(key: string, raw: unknown, project: string): T {
  const o: Dict = isPlainObject(raw) ? { ...raw } : {};
  if (isPlainObject(o.external)) {
    // Legacy `external: {name: x}`.
    o.name ??= o.external.name;
    o.external = true;
  } else if (o.external === 'true' || o.external === 'false') o.external = o.external === 'true';
  if (typeof o.name !== 'string') o.name = o.external === true ? key : `${project}_${key}`;
  return o as T;
}

export interface Resources {
  networks: Record<string, NetworkConfig>;
  volumes: Record<string, VolumeConfig>;
  secrets: Record<string, FileObjectConfig>;
  configs: Record<string, FileObjectConfig>;
}

export function normalizeResources(doc: Dict, projectName: string): Resources {
  const out: Resources = { networks: {}, volumes: {}, secrets: {}, configs: {} };
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    for (const [k, v] of Object.entries((doc[kind] as Dict | undefined) ?? {})) out[kind][k] = resource(k, v, projectName);
  }
  return out;
}

/**
 * Checks the active services' references and adds the `default` network when a service uses it;
 * fails on undefined networks/volumes/secrets/configs and on a missing secret/config file.
 */
export function checkReferences(services: Record<string, ServiceConfig>, res: Resources, ctx: NormalizeContext): void {
  for (const [name, s] of Object.entries(services)) {
    for (const n of Object.keys(s.networks ?? {})) {
      if (n === 'default' && !res.networks.default) res.networks.default = { name: `${ctx.projectName}_default` };
      if (!res.networks[n]) throw serviceError(name, `refers to undefined network ${n}: invalid compose project`);
    }
    for (const v of s.volumes) {
      if (v.type === 'volume' && v.source && !res.volumes[v.source]) throw serviceError(name, `refers to undefined volume ${v.source}: invalid compose project`);
    }
    for (const kind of ['secrets', 'configs'] as const) {
      for (const ref of s[kind] ?? []) {
        const def = res[kind][ref.source];
        const what = kind.slice(0, -1);
        if (!def) throw serviceError(name, `refers to undefined ${what} ${ref.source}: invalid compose project`);
        if (def.file !== undefined && ctx.readFile(def.file) === undefined) {
          throw new ConfigError(`${what} "${ref.source}" file ${def.file} not found: stat ${def.file}: no such file or directory`);
        }
        if (def.environment !== undefined && ctx.env[def.environment] === undefined) {
          throw new ConfigError(`${what} "${ref.source}" environment variable ${def.environment} is not set`);
        }
      }
    }
  }
}
