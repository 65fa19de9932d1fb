/**
 * tsctl's global settings: each key resolved as flag > environment > config file > default
 * (nerdctl's precedence). Pure: callers pass the parsed flags, the environment and the file's values.
 */
import { ConfigError } from '../errors/index';
import type { TomlValue } from './toml';

export interface Settings {
  /** containerd socket path (no scheme). */
  address: string;
  namespace: string;
  snapshotter: string;
  dataRoot: string;
  /** Directories searched for CNI plugin binaries, in order. */
  cniPath: string[];
  cniNetconfPath: string;
  /** Registry hosts allowed over plain HTTP / unverified TLS ("*" = all). */
  insecureRegistries: string[];
  /** Explicit BuildKit address, when one was given. */
  buildkitHost: string | undefined;
  debug: boolean;
  /** The config file that was read, if any. */
  configFile: string | undefined;
}

/** Values of the global flags as parsed from argv; undefined = not given. */
export interface GlobalFlagValues {
  address?: string | undefined;
  namespace?: string | undefined;
  snapshotter?: string | undefined;
  dataRoot?: string | undefined;
  cniPath?: string | undefined;
  cniNetconfpath?: string | undefined;
  insecureRegistry?: string[] | undefined;
  buildkitHost?: string | undefined;
  debug?: boolean | undefined;
}

export const DEFAULTS = {
  address: '/run/containerd/containerd.sock',
  namespace: 'default',
  snapshotter: 'overlayfs',
  dataRoot: '/var/lib/tsctl',
  cniPath: ['/opt/cni/bin', '/usr/lib/cni', '/usr/libexec/cni'],
  cniNetconfPath: '/etc/cni/net.d',
  configFile: '/etc/tsctl/tsctl.toml',
} as const;

/** Keys accepted in the config file, with the type each must have. */
const FILE_KEYS = {
  address: 'string',
  namespace: 'string',
  snapshotter: 'string',
  data_root: 'string',
  cni_path: 'string',
  cni_netconfpath: 'string',
  insecure_registry: 'hosts',
  buildkit_host: 'string',
  debug: 'boolean',
} as const;
type FileKey = keyof typeof FILE_KEYS;
export type FileValues = Partial<Record<FileKey, string | boolean | string[]>>;

/** Checks a parsed config file's keys and value types. */
export function validateFileValues(raw: Record<string, unknown>, file: string): FileValues {
  const out: FileValues = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(FILE_KEYS, key)) {
      throw new ConfigError(`${file}: unknown key "${key}" (known: ${Object.keys(FILE_KEYS).join(', ')})`);
    }
    const k = key as FileKey;
    const want = FILE_KEYS[k];
    if (want === 'hosts') {
      if (value === true) out[k] = ['*'];
      else if (value === false) out[k] = [];
      else if (typeof value === 'string') out[k] = [value];
      else if (Array.isArray(value) && value.every((v: unknown) => typeof v === 'string')) out[k] = value as string[];
      else throw new ConfigError(`${file}: "${key}" must be a list of registry hosts or a boolean`);
    } else if (typeof value !== want) {
      throw new ConfigError(`${file}: "${key}" must be a ${want}`);
    } else {
      out[k] = value as string | boolean;
    }
  }
  return out;
}

/** Strips an optional unix:// scheme; containerd only listens on unix sockets here. */
export function normalizeAddress(address: string): string {
  if (address.startsWith('unix://')) return address.slice('unix://'.length);
  if (/^[a-z]+:\/\//.test(address)) throw new ConfigError(`unsupported containerd address "${address}": only unix sockets are supported`);
  return address;
}

function envValue(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const v = env[key];
  return v === undefined || v === '' ? undefined : v;
}

function splitPathList(v: string): string[] {
  return v.split(':').filter((p) => p !== '');
}

export function resolveSettings(
  flags: GlobalFlagValues,
  env: NodeJS.ProcessEnv,
  file: FileValues,
  configFile: string | undefined,
): Settings {
  const str = (flag: string | undefined, envKey: string | undefined, fileKey: FileKey, def: string): string =>
    flag ?? (envKey ? envValue(env, envKey) : undefined) ?? (file[fileKey] as string | undefined) ?? def;
  const cni = flags.cniPath ?? envValue(env, 'CNI_PATH') ?? (file.cni_path as string | undefined);
  const insecure = flags.insecureRegistry?.length ? flags.insecureRegistry : ((file.insecure_registry as string[] | undefined) ?? []);
  return {
    address: normalizeAddress(str(flags.address, 'CONTAINERD_ADDRESS', 'address', DEFAULTS.address)),
    namespace: str(flags.namespace, 'CONTAINERD_NAMESPACE', 'namespace', DEFAULTS.namespace),
    snapshotter: str(flags.snapshotter, 'CONTAINERD_SNAPSHOTTER', 'snapshotter', DEFAULTS.snapshotter),
    dataRoot: str(flags.dataRoot, undefined, 'data_root', DEFAULTS.dataRoot),
    cniPath: cni === undefined ? [...DEFAULTS.cniPath] : splitPathList(cni),
    cniNetconfPath: str(flags.cniNetconfpath, 'NETCONFPATH', 'cni_netconfpath', DEFAULTS.cniNetconfPath),
    insecureRegistries: insecure,
    buildkitHost: flags.buildkitHost ?? envValue(env, 'BUILDKIT_HOST') ?? (file.buildkit_host as string | undefined),
    debug: flags.debug ?? (file.debug as boolean | undefined) ?? false,
    configFile,
  };
}

/** Which config file to read: $TSCTL_CONFIG, else /etc/tsctl/tsctl.toml. */
export function configFilePath(env: NodeJS.ProcessEnv): { path: string; explicit: boolean } {
  const explicit = envValue(env, 'TSCTL_CONFIG');
  return explicit ? { path: explicit, explicit: true } : { path: DEFAULTS.configFile, explicit: false };
}

/** Parses the config file's text; YAML when the name ends in .yaml/.yml, TOML otherwise. */
export async function parseConfigText(text: string, path: string): Promise<FileValues> {
  let raw: Record<string, TomlValue | unknown>;
  if (/\.ya?ml$/i.test(path)) {
    const mod = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
    const parse = mod.parse ?? mod.default?.parse;
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (e) {
      throw new ConfigError(`${path}: ${(e as Error).message.split('\n')[0]}`, { cause: e });
    }
    if (doc === null || doc === undefined) doc = {};
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`${path}: expected a mapping of settings`);
    raw = doc as Record<string, unknown>;
  } else {
    const { parseToml } = await import('./toml');
    raw = parseToml(text, path);
  }
  return validateFileValues(raw, path);
}
