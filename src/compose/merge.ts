/**
 * Merges canonical Compose mappings (several `-f` files, `extends`), with compose-go's rules: mappings merge
 * key by key, scalars are replaced, `ports`/`volumes`/`secrets`/`configs` merge by their key, set-like lists
 * append without duplicates, `command`/`entrypoint`/`healthcheck.test` are replaced, other lists append;
 * `!reset` removes a value and `!override` replaces it whole.
 */
import { isPlainObject, Override, RESET, type Dict } from './tree';

type Merger = (base: unknown[], over: unknown[]) => unknown[];

const keyed = (key: (e: unknown) => string): Merger => (base, over) => {
  const out = new Map<string, unknown>();
  for (const e of [...base, ...over]) {
    // A later entry with the same key replaces the earlier one in its place.
    out.set(key(e), e);
  }
  return [...out.values()];
};

const field = (e: unknown, k: string): string => (isPlainObject(e) && e[k] !== undefined ? String(e[k]) : '');
const unique: Merger = keyed((e) => JSON.stringify(e));
const replace: Merger = (_base, over) => over;

const SERVICE_LISTS: Record<string, Merger> = {
  ports: keyed((e) => `${field(e, 'host_ip')}:${field(e, 'published')}:${field(e, 'target')}/${field(e, 'protocol')}:${field(e, 'mode')}`),
  volumes: keyed((e) => (typeof e === 'string' ? e : field(e, 'target'))),
  secrets: keyed((e) => field(e, 'target') || field(e, 'source')),
  configs: keyed((e) => field(e, 'target') || field(e, 'source')),
  env_file: keyed((e) => field(e, 'path')),
  devices: keyed((e) => (typeof e === 'string' ? e.split(':')[1] ?? e : field(e, 'target'))),
  command: replace, entrypoint: replace,
  extra_hosts: unique, dns: unique, dns_search: unique, dns_opt: unique, cap_add: unique, cap_drop: unique,
  expose: unique, tmpfs: unique, profiles: unique, links: unique,
};

/** compose-go's EnforceUnicity: keyed lists keep one entry per key (the last, in the first one's place). */
export function enforceUnicity(service: Dict): void {
  for (const [k, merger] of Object.entries(SERVICE_LISTS)) {
    if (merger !== replace && Array.isArray(service[k])) service[k] = merger(service[k] as unknown[], []);
  }
}

function mergeValue(base: unknown, over: unknown, path: string[]): unknown {
  if (over instanceof Override) return over.value;
  if (over === undefined) return base;
  if (base instanceof Override) base = base.value;
  if (isPlainObject(base) && isPlainObject(over)) {
    // logging: another driver replaces the whole block.
    if (path.length === 3 && path[0] === 'services' && path[2] === 'logging' && over.driver !== undefined && base.driver !== over.driver) return stripMarkers(over);
    return mergeMaps(base, over, path);
  }
  if (Array.isArray(base) && Array.isArray(over)) {
    const inService = path.length === 3 && path[0] === 'services';
    const merger = inService ? SERVICE_LISTS[path[2]!] : undefined;
    if (path.length === 4 && path[0] === 'services' && path[2] === 'healthcheck' && path[3] === 'test') return over;
    return (merger ?? ((b: unknown[], o: unknown[]) => [...b, ...o]))(base, over.map(stripMarkers));
  }
  return stripMarkers(over);
}

export function mergeMaps(base: Dict, over: Dict, path: string[] = []): Dict {
  const out: Dict = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === RESET) {
      delete out[k];
      continue;
    }
    out[k] = k in base ? mergeValue(base[k], v, [...path, k]) : stripMarkers(v);
  }
  return out;
}

/** Drops markers left in a value nothing was merged onto (`!override` keeps its value, `!reset` keys go). */
export function stripMarkers(v: unknown): unknown {
  if (v instanceof Override) return stripMarkers(v.value);
  if (Array.isArray(v)) return v.filter((x) => x !== RESET).map(stripMarkers);
  if (isPlainObject(v)) {
    const out: Dict = {};
    for (const [k, x] of Object.entries(v)) if (x !== RESET) out[k] = stripMarkers(x);
    return out;
  }
  return v === RESET ? undefined : v;
}

/** Merges whole files in order: `files[0]` is the base. */
export function mergeFiles(files: Dict[]): Dict {
  let out: Dict = {};
  for (const f of files) out = mergeMaps(out, f);
  return stripMarkers(out) as Dict;
}
