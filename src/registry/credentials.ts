/**
 * Registry credentials from Docker's `config.json` (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`;
 * the directory and the environment are passed in): `auths` entries (base64 `auth` = user:pass, or
 * `username`/`password`, and `identitytoken`), `credHelpers` per host and `credsStore`, both through the
 * `docker-credential-<name>` protocol (./cred-helper.ts). `store`/`erase` implement login/logout: the file is
 * rewritten atomically (temp file + rename, mode 0600) keeping keys tsctl does not know.
 *
 * Docker Hub's credentials live under `https://index.docker.io/v1/`; `docker.io`, `index.docker.io` and
 * `registry-1.docker.io` all map to that key. Other hosts match an `auths` key equal to the host or whose
 * host part (scheme and path stripped) is the host, as Docker's GetAuthConfig does.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors/index';
import { helperErase, helperGet, helperStore, type HelperOptions } from './cred-helper';

export const HUB_AUTH_KEY = 'https://index.docker.io/v1/';
const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

export interface Credentials {
  username?: string;
  password?: string;
  /** OAuth refresh token ("identity token") used instead of a password. */
  identityToken?: string;
}

export interface CredentialStoreOptions {
  /** Docker config directory (see `dockerConfigDir`). */
  configDir: string;
  /** Environment for credential helpers (PATH is used to find `docker-credential-*`). */
  env?: NodeJS.ProcessEnv;
  helperTimeoutMs?: number;
}

/** `DOCKER_CONFIG` when set, else `<home>/.docker`. */
export function dockerConfigDir(env: Record<string, string | undefined>, homeDir: string): string {
  const d = env.DOCKER_CONFIG;
  return d !== undefined && d !== '' ? d : join(homeDir, '.docker');
}

/** The config.json key / helper server URL for a registry host (`docker.io` → `https://index.docker.io/v1/`). */
export function credentialKey(host: string): string {
  return HUB_HOSTS.has(hostOfKey(host)) ? HUB_AUTH_KEY : hostOfKey(host);
}

/** Docker's ConvertToHostname: strips `http(s)://` and any path. */
export function hostOfKey(key: string): string {
  const stripped = key.replace(/^https?:\/\//i, '');
  return stripped.split('/')[0] ?? stripped;
}

type ConfigDoc = Record<string, unknown>;

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  [k: string]: unknown;
}

async function readConfig(file: string): Promise<ConfigDoc> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  if (text.trim() === '') return {};
  try {
    const doc: unknown = JSON.parse(text);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('not a JSON object');
    return doc as ConfigDoc;
  } catch (e) {
    throw new ConfigError(`loading config file: ${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function auths(doc: ConfigDoc): Record<string, AuthEntry> {
  const a = doc.auths;
  return typeof a === 'object' && a !== null && !Array.isArray(a) ? (a as Record<string, AuthEntry>) : {};
}

function stringMap(v: unknown): Record<string, string> {
  if (typeof v !== 'object' || v === null) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The helper configured for `key` (credHelpers by host or key, else credsStore), or undefined. */
function helperFor(doc: ConfigDoc, key: string): string | undefined {
  const helpers = stringMap(doc.credHelpers);
  const h = helpers[key] ?? helpers[hostOfKey(key)] ?? (key === HUB_AUTH_KEY ? helpers['docker.io'] : undefined);
  if (h !== undefined && h !== '') return h;
  return typeof doc.credsStore === 'string' && doc.credsStore !== '' ? doc.credsStore : undefined;
}

function decodeEntry(e: AuthEntry, file: string): Credentials | undefined {
  const out: Credentials = {};
  if (typeof e.auth === 'string' && e.auth !== '') {
    const decoded = Buffer.from(e.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new ConfigError(`loading config file: ${file}: invalid auth configuration file`);
    out.username = decoded.slice(0, colon);
    out.password = decoded.slice(colon + 1).replace(/\0+$/, '');
  } else {
    if (typeof e.username === 'string' && e.username !== '') out.username = e.username;
    if (typeof e.password === 'string' && e.password !== '') out.password = e.password;
  }
  if (typeof e.identitytoken === 'string' && e.identitytoken !== '') out.identityToken = e.identitytoken;
  return out.username !== undefined || out.password !== undefined || out.identityToken !== undefined ? out : undefined;
}

function findEntry(all: Record<string, AuthEntry>, key: string): AuthEntry | undefined {
  if (all[key] !== undefined) return all[key];
  const host = hostOfKey(key);
  for (const [k, v] of Object.entries(all)) {
    if (credentialKey(k) === key || hostOfKey(k) === host) return v;
  }
  return undefined;
}

function helperOpts(o: CredentialStoreOptions): HelperOptions {
  return { ...(o.env !== undefined ? { env: o.env } : {}), ...(o.helperTimeoutMs !== undefined ? { timeoutMs: o.helperTimeoutMs } : {}) };
}

/** Credentials for a registry host, or undefined when none are configured. */
export async function getCredentials(opts: CredentialStoreOptions, host: string): Promise<Credentials | undefined> {
  const file = join(opts.configDir, 'config.json');
  const doc = await readConfig(file);
  const key = credentialKey(host);
  const helper = helperFor(doc, key);
  if (helper !== undefined) {
    const got = await helperGet(helper, key, helperOpts(opts));
    if (got !== undefined) return got;
    // Docker falls back to the file only for helper-less hosts; a helper answering "not found" means none.
    return undefined;
  }
  const entry = findEntry(auths(doc), key);
  return entry === undefined ? undefined : decodeEntry(entry, file);
}

/** A memoising `host → credentials` function for RegistryClient (one config read / helper call per host). */
export function credentialsProvider(opts: CredentialStoreOptions): (host: string) => Promise<Credentials | undefined> {
  const memo = new Map<string, Promise<Credentials | undefined>>();
  return (host) => {
    const key = credentialKey(host);
    let p = memo.get(key);
    if (p === undefined) {
      p = getCredentials(opts, host);
      memo.set(key, p);
    }
    return p;
  };
}

async function writeConfigAtomic(file: string, doc: ConfigDoc): Promise<void> {
  let target = file;
  try {
    target = await realpath(file); // a symlinked config.json is updated in place, as Docker does
  } catch {
    // does not exist yet
  }
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(target), `.config.json.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, `${JSON.stringify(doc, null, '\t')}\n`, { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Saves credentials for `host` (login). With a helper configured the secret goes to the helper and config.json
 * only gets an empty `auths` entry (Docker's layout); otherwise `auth` (base64 user:pass) / `identitytoken`.
 */
export async function storeCredentials(opts: CredentialStoreOptions, host: string, creds: Credentials): Promise<void> {
  const file = join(opts.configDir, 'config.json');
  const doc = await readConfig(file);
  const key = credentialKey(host);
  const helper = helperFor(doc, key);
  const all = { ...auths(doc) };
  for (const k of Object.keys(all)) if (k !== key && credentialKey(k) === key) delete all[k];
  if (helper !== undefined) {
    const username = creds.identityToken !== undefined ? '<token>' : (creds.username ?? '');
    const secret = creds.identityToken ?? creds.password ?? '';
    await helperStore(helper, { ServerURL: key, Username: username, Secret: secret }, helperOpts(opts));
    all[key] = {};
  } else {
    const entry: AuthEntry = {};
    if (creds.username !== undefined || creds.password !== undefined) {
      entry.auth = Buffer.from(`${creds.username ?? ''}:${creds.password ?? ''}`, 'utf8').toString('base64');
    }
    if (creds.identityToken !== undefined) entry.identitytoken = creds.identityToken;
    all[key] = entry;
  }
  await writeConfigAtomic(file, { ...doc, auths: all });
}

/**
 * Removes credentials for `host` (logout). Returns false when nothing was stored (Docker then prints
 * "Not logged in to <host>").
 */
export async function eraseCredentials(opts: CredentialStoreOptions, host: string): Promise<boolean> {
  const file = join(opts.configDir, 'config.json');
  const doc = await readConfig(file);
  const key = credentialKey(host);
  const all = { ...auths(doc) };
  const keys = Object.keys(all).filter((k) => k === key || credentialKey(k) === key);
  const helper = helperFor(doc, key);
  let erased = false;
  if (helper !== undefined) erased = await helperErase(helper, key, helperOpts(opts));
  if (keys.length === 0) return erased;
  for (const k of keys) delete all[k];
  await writeConfigAtomic(file, { ...doc, auths: all });
  return true;
}
