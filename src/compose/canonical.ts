/**
 * Brings one file's mapping into canonical shapes before files are merged (as compose-go does, so that
 * `ports`, `volumes`, `environment`… merge by key whichever syntax each file used), resolving relative paths
 * against that file's base directory.
 */
import { posix as path } from 'node:path';
import { ConfigError } from '../errors/index';
import { isPlainObject, Override, RESET, type Dict } from './tree';
import { parsePortShort, parseVolumeShort, shellSplit } from './syntax';

export interface PathContext {
  /** Directory relative paths resolve against. */
  baseDir: string;
  home?: string;
}

/** `~` and relative paths → absolute. */
export function resolvePath(p: string, ctx: PathContext): string {
  if (p === '~' || p.startsWith('~/')) return path.join(ctx.home ?? '/root', p.slice(1));
  return path.resolve(ctx.baseDir, p);
}

const isRemote = (s: string): boolean => /^(https?:\/\/|git@|git:\/\/|ssh:\/\/|github\.com\/)/.test(s) || /\.git(#.*)?$/.test(s);

const scalarString = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** list (`K=V`, `K`) or map → map; values stringified, `K` alone / null kept as null. */
export function toMapping(v: unknown, sep = '='): Dict {
  if (isPlainObject(v)) {
    const out: Dict = {};
    for (const [k, x] of Object.entries(v)) out[k] = x === RESET || x instanceof Override ? x : scalarString(x);
    return out;
  }
  const out: Dict = {};
  for (const e of Array.isArray(v) ? v : []) {
    const s = String(e);
    const i = s.indexOf(sep);
    if (i < 0) out[s] = null;
    else out[s.slice(0, i)] = s.slice(i + 1);
  }
  return out;
}

/** Applies `f` to the value under `!override` too. */
function mapValue(v: unknown, f: (x: unknown) => unknown): unknown {
  if (v === RESET) return v;
  if (v instanceof Override) return new Override(f(v.value));
  return f(v);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

function canonicalVolume(v: unknown, ctx: PathContext): unknown {
  const vol = typeof v === 'string' ? parseVolumeShort(v) : isPlainObject(v) ? { ...v } : v;
  if (isPlainObject(vol) && vol.type === 'bind' && typeof vol.source === 'string') vol.source = resolvePath(vol.source, ctx);
  return vol;
}

function canonicalPorts(v: unknown): unknown[] {
  return list(v).flatMap((p) => {
    if (typeof p === 'string' || typeof p === 'number') return parsePortShort(p);
    if (!isPlainObject(p)) return [p];
    const out: Dict = { mode: 'ingress', ...p, protocol: typeof p.protocol === 'string' ? p.protocol : 'tcp' };
    if (typeof out.target === 'string') out.target = Number(out.target);
    if (typeof out.published === 'number') out.published = String(out.published);
    return [out];
  });
}

function fileRefs(v: unknown): unknown[] {
  return list(v).map((e) => (typeof e === 'string' ? { source: e } : e));
}

const stringList = (v: unknown): unknown => (typeof v === 'string' ? [v] : v);

/** One service's canonical form. */
export function canonicalService(raw: Dict, ctx: PathContext): Dict {
  const s: Dict = { ...raw };
  const edit = (key: string, f: (x: unknown) => unknown): void => {
    if (key in s) s[key] = mapValue(s[key], f);
  };
  edit('build', (b) => {
    const o: Dict = typeof b === 'string' ? { context: b } : { ...(b as Dict) };
    const ctxDir = typeof o.context === 'string' ? o.context : '.';
    o.context = isRemote(ctxDir) ? ctxDir : resolvePath(ctxDir, ctx);
    for (const k of ['args', 'labels', 'additional_contexts']) if (k in o) o[k] = mapValue(o[k], (x) => toMapping(x));
    return o;
  });
  for (const k of ['environment', 'labels', 'annotations', 'sysctls']) edit(k, (x) => toMapping(x));
  edit('extra_hosts', (x) => (isPlainObject(x) ? Object.entries(x).flatMap(([h, ips]) => list(ips).map((ip) => `${h}=${String(ip)}`)) : list(x).map((e) => String(e).replace(/^([^:=]+):(?!:)/, '$1='))));
  edit('depends_on', (x) => {
    const out: Dict = {};
    if (Array.isArray(x)) for (const n of x) out[String(n)] = { condition: 'service_started', required: true };
    else for (const [n, d] of Object.entries(x as Dict)) out[n] = { condition: 'service_started', required: true, ...(d as Dict) };
    return out;
  });
  edit('networks', (x) => (Array.isArray(x) ? Object.fromEntries(x.map((n) => [String(n), null])) : x));
  edit('ports', canonicalPorts);
  edit('expose', (x) => list(x).map((e) => String(e)));
  edit('volumes', (x) => list(x).map((v) => canonicalVolume(v, ctx)));
  edit('env_file', (x) =>
    list(x).map((e) => {
      const ref: Dict = typeof e === 'string' ? { path: e, required: true } : { required: true, ...(e as Dict) };
      ref.path = resolvePath(String(ref.path), ctx);
      return ref;
    }));
  edit('label_file', (x) => list(x).map((e) => resolvePath(String(e), ctx)));
  for (const k of ['secrets', 'configs']) edit(k, fileRefs);
  for (const k of ['command', 'entrypoint']) edit(k, (x) => (typeof x === 'string' ? shellSplit(x) : x));
  for (const k of ['dns', 'dns_search', 'tmpfs']) edit(k, stringList);
  edit('healthcheck', (h) => {
    const o: Dict = { ...(h as Dict) };
    if (typeof o.test === 'string') o.test = ['CMD-SHELL', o.test];
    return o;
  });
  edit('extends', (e) => (typeof e === 'string' ? { service: e } : e));
  return s;
}

/** Canonicalises a whole file mapping (services and the top-level file paths). */
export function canonicalFile(doc: Dict, ctx: PathContext): Dict {
  const out: Dict = { ...doc };
  if (isPlainObject(doc.services)) {
    const services: Dict = {};
    for (const [name, svc] of Object.entries(doc.services)) {
      services[name] = svc === null ? {} : isPlainObject(svc) ? canonicalService(svc, ctx) : svc;
    }
    out.services = services;
  }
  for (const kind of ['secrets', 'configs']) {
    if (!isPlainObject(doc[kind])) continue;
    const objs: Dict = {};
    for (const [name, o] of Object.entries(doc[kind] as Dict)) {
      objs[name] = isPlainObject(o) && typeof o.file === 'string' ? { ...o, file: resolvePath(o.file, ctx) } : o;
    }
    out[kind] = objs;
  }
  for (const kind of ['networks', 'volumes']) {
    if (!isPlainObject(doc[kind])) continue;
    const objs: Dict = {};
    for (const [name, o] of Object.entries(doc[kind] as Dict)) {
      objs[name] = o === null ? {} : isPlainObject(o) && 'labels' in o ? { ...o, labels: toMapping(o.labels) } : o;
    }
    out[kind] = objs;
  }
  return out;
}

/** A compose error about a service (compose-go's wording: `service "web" …`). */
export function serviceError(service: string, msg: string): ConfigError {
  return new ConfigError(`service "${service}" ${msg}`);
}
