/**
 * Which endpoints to try for a registry host, from containerd's hosts directory (`/etc/containerd/certs.d`,
 * passed in) as containerd's remotes/docker/config/hosts.go reads it:
 *
 * - host directory: `<dir>/<host>_<port>_`, `<dir>/<host:port>`, then `<dir>/_default`;
 * - `hosts.toml`: `[host."…"]` mirrors in file order, then `server` (default: the registry itself); per entry
 *   `capabilities` (default pull+resolve+push), `ca` (path or list), `client` (path, list, or [cert,key] pairs),
 *   `skip_verify`, `override_path`, `[…header]`; relative paths are relative to the host directory. Without a
 *   hosts.toml, Docker's layout: `*.crt` CAs and `*.cert` + `*.key` client pairs for the registry itself.
 * - the registry itself: docker.io → https://registry-1.docker.io; localhost/loopback (any port but 443) →
 *   plain http (nerdctl's rule); an `insecureHosts` entry (`host[:port]`, `*`, or an IPv4 CIDR) → https without
 *   certificate verification, falling back to http when TLS or the connection fails; else https verified.
 *   `http://` written explicitly in hosts.toml is honoured (the admin's choice, as in containerd); when such an
 *   entry also has TLS settings it tries https first and falls back, as containerd does.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { isIP } from 'node:net';
import { ConfigError } from '../errors/index';
import { isTable, parseHostsToml, type TomlTable, type TomlValue } from './hosts-toml';

export type Capability = 'pull' | 'resolve' | 'push';
const ALL_CAPS: Capability[] = ['pull', 'resolve', 'push'];

export interface EndpointTls {
  /** Extra CA certificates (PEM), trusted in addition to the system roots. */
  ca?: Buffer[];
  insecureSkipVerify: boolean;
  cert?: Buffer;
  key?: Buffer;
}

export interface RegistryEndpoint {
  /** API base URL, e.g. `https://registry-1.docker.io/v2` (no trailing slash). */
  url: string;
  /** host[:port] of `url` (what credentials are looked up by). */
  host: string;
  capabilities: Capability[];
  tls: EndpointTls;
  overridePath: boolean;
  /** Try https first and fall back to plain http on a TLS or connection failure. */
  httpFallback: boolean;
  /** A mirror (not the registry itself): requests carry `?ns=<registry host>`. */
  mirror: boolean;
  headers: Record<string, string[]>;
}

export interface HostsOptions {
  /** containerd hosts directories to search, first match wins (e.g. /etc/containerd/certs.d, /etc/docker/certs.d). */
  certsDir?: string | string[];
  /** Hosts allowed without verified TLS (Docker's --insecure-registry): `host[:port]`, `*`, or an IPv4 CIDR. */
  insecureHosts?: string[];
}

function splitHostPort(host: string): [string, string] {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    const rest = host.slice(end + 1);
    return [host.slice(0, end + 1), rest.startsWith(':') ? rest.slice(1) : ''];
  }
  const first = host.indexOf(':');
  const last = host.lastIndexOf(':');
  if (last < 0 || first !== last) return [host, ''];
  return [host.slice(0, last), host.slice(last + 1)];
}

/** localhost, 127.0.0.0/8 or ::1 (any port), as containerd's IsLocalhost. */
export function isLocalhost(host: string): boolean {
  const [name] = splitHostPort(host);
  const bare = name.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

/** Whether `host` is listed as insecure (exact `host:port`, bare hostname for any port, `*`, IPv4 CIDR). */
export function isInsecureHost(host: string, insecure: readonly string[]): boolean {
  const [name] = splitHostPort(host);
  for (const entry of insecure) {
    const e = entry.trim().replace(/^https?:\/\//, '').replace(/\/+$/, '');
    if (e === '*' || e === host || e === name) return true;
    const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(e);
    if (cidr !== null && isIP(name) === 4) {
      const bits = Number(cidr[2]);
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
      if (((ipv4ToInt(name) & mask) >>> 0) === ((ipv4ToInt(cidr[1] ?? '') & mask) >>> 0)) return true;
    }
  }
  return false;
}

/** Directory names tried for `host` under a hosts dir. */
export function hostDirNames(host: string): string[] {
  const colon = host.lastIndexOf(':');
  const names = colon > 0 && !host.endsWith(']') ? [`${host.slice(0, colon)}_${host.slice(colon + 1)}_`, host] : [host];
  return [...names, '_default'];
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function findHostDir(roots: string[], host: string): Promise<string | undefined> {
  for (const root of roots) {
    for (const name of hostDirNames(host)) {
      const p = join(root, name);
      if (await isDir(p)) return p;
    }
  }
  return undefined;
}

interface Entry {
  server: string; // '' = the registry itself
  capabilities: Capability[];
  ca: string[];
  clientPairs: [string, string][];
  skipVerify: boolean | undefined;
  overridePath: boolean;
  headers: Record<string, string[]>;
}

const emptyEntry = (): Entry => ({ server: '', capabilities: [...ALL_CAPS], ca: [], clientPairs: [], skipVerify: undefined, overridePath: false, headers: {} });

function strings(v: TomlValue, what: string, file: string): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x): x is string => typeof x === 'string')) return v;
  throw new ConfigError(`${file}: invalid type for "${what}"`);
}

function parseEntry(server: string, t: TomlTable, dir: string, file: string): Entry {
  const e = emptyEntry();
  e.server = server;
  const abs = (p: string): string => (isAbsolute(p) ? p : join(dir, p));
  if (t.capabilities !== undefined) {
    e.capabilities = strings(t.capabilities, 'capabilities', file).map((c) => {
      const l = c.toLowerCase();
      if (l !== 'pull' && l !== 'resolve' && l !== 'push') throw new ConfigError(`${file}: unknown capability ${c}`);
      return l;
    });
  }
  if (t.ca !== undefined) e.ca = strings(t.ca, 'ca', file).map(abs);
  if (t.client !== undefined) {
    const c = t.client;
    const items: TomlValue[] = Array.isArray(c) ? c : [c];
    for (const item of items) {
      if (typeof item === 'string') e.clientPairs.push([abs(item), '']);
      else if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && typeof item[1] === 'string') {
        e.clientPairs.push([abs(item[0]), item[1] === '' ? '' : abs(item[1])]);
      } else throw new ConfigError(`${file}: invalid type for "client"`);
    }
  }
  if (t.skip_verify !== undefined) {
    if (typeof t.skip_verify !== 'boolean') throw new ConfigError(`${file}: "skip_verify" must be a boolean`);
    e.skipVerify = t.skip_verify;
  }
  if (t.override_path !== undefined) e.overridePath = t.override_path === true;
  if (isTable(t.header)) {
    for (const [k, v] of Object.entries(t.header)) e.headers[k] = strings(v, `header ${k}`, file);
  }
  return e;
}

/** The entries of a parsed hosts.toml: mirrors in file order, then the server. */
export function hostsFileEntries(doc: TomlTable, dir: string, file: string): Entry[] {
  const out: Entry[] = [];
  if (isTable(doc.host)) {
    for (const [server, t] of Object.entries(doc.host)) {
      if (!isTable(t)) throw new ConfigError(`${file}: host.${JSON.stringify(server)} must be a table`);
      out.push(parseEntry(server, t, dir, file));
    }
  }
  if (doc.server !== undefined && typeof doc.server !== 'string') throw new ConfigError(`${file}: "server" must be a string`);
  out.push(parseEntry(doc.server ?? '', doc, dir, file));
  return out;
}

async function legacyCertEntry(dir: string): Promise<Entry> {
  const e = emptyEntry();
  const names = (await readdir(dir, { withFileTypes: true })).filter((d) => !d.isDirectory()).map((d) => d.name).sort();
  for (const n of names) {
    if (n.endsWith('.crt')) e.ca.push(join(dir, n));
    if (n.endsWith('.cert')) {
      const key = `${n.slice(0, -'.cert'.length)}.key`;
      e.clientPairs.push([join(dir, n), names.includes(key) ? join(dir, key) : '']);
    }
  }
  return e;
}

async function readPem(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new ConfigError(`unable to read ${what} ${JSON.stringify(path)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

async function toEndpoint(e: Entry, registryHost: string, insecure: readonly string[]): Promise<RegistryEndpoint> {
  let url: URL;
  let httpFallback = false;
  let skip = e.skipVerify ?? false;
  if (e.server === '') {
    const own = registryHost === 'docker.io' ? 'registry-1.docker.io' : registryHost;
    const port = splitHostPort(registryHost)[1];
    const local = isLocalhost(registryHost) && port !== '' && port !== '443';
    url = new URL(`${local ? 'http' : 'https'}://${own}`);
    if (!local && isInsecureHost(registryHost, insecure)) {
      skip = true;
      httpFallback = true;
    }
  } else {
    url = new URL(/^https?:\/\//i.test(e.server) ? e.server : `https://${e.server}`);
  }
  const explicitTls = e.ca.length > 0 || e.clientPairs.length > 0 || e.skipVerify !== undefined;
  if (url.protocol === 'http:' && explicitTls && url.port !== '80') {
    url.protocol = 'https:';
    httpFallback = true;
  }
  let path = url.pathname.replace(/\/+$/, '').replace(/\/{2,}/g, '/');
  if (!e.overridePath && !path.endsWith('/v2')) path = `${path}/v2`;
  const tls: EndpointTls = { insecureSkipVerify: skip };
  if (e.ca.length > 0) tls.ca = await Promise.all(e.ca.map((p) => readPem(p, 'CA cert')));
  const pair = e.clientPairs[0];
  if (pair !== undefined) {
    tls.cert = await readPem(pair[0], 'CERT file');
    tls.key = pair[1] === '' ? tls.cert : await readPem(pair[1], 'key file');
  }
  const own = e.server === '' || url.host === registryHost || (registryHost === 'docker.io' && url.host === 'registry-1.docker.io');
  return {
    url: `${url.protocol}//${url.host}${path}`,
    host: url.host,
    capabilities: e.capabilities,
    tls,
    overridePath: e.overridePath,
    httpFallback,
    mirror: !own,
    headers: e.headers,
  };
}

/** The ordered endpoints for `registryHost` (a reference's domain, e.g. `docker.io`, `127.0.0.1:5000`). */
export async function resolveEndpoints(registryHost: string, opts: HostsOptions = {}): Promise<RegistryEndpoint[]> {
  const roots = opts.certsDir === undefined ? [] : Array.isArray(opts.certsDir) ? opts.certsDir : [opts.certsDir];
  const dir = await findHostDir(roots, registryHost);
  let entries: Entry[] = [emptyEntry()];
  if (dir !== undefined) {
    const file = join(dir, 'hosts.toml');
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`${file}: ${(e as Error).message}`, { cause: e });
    }
    entries = text.trim() === '' ? [await legacyCertEntry(dir)] : hostsFileEntries(parseHostsToml(text, file), dir, file);
  }
  return Promise.all(entries.map((e) => toEndpoint(e, registryHost, opts.insecureHosts ?? [])));
}
