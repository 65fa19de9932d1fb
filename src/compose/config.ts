/**
 * The normalised project as Docker Compose's `config` prints it: a plain, ordered mapping (top level
 * name/services/networks/volumes/secrets/configs, service keys sorted, long syntaxes in compose-go's key
 * order, durations as Go strings, empty collections left out). YAML text is made in output/views/compose.ts.
 */
import { formatDuration } from './syntax';
import type { Project, ServiceConfig } from './model';
import type { Dict } from './tree';

const PORT_KEYS = ['name', 'mode', 'host_ip', 'target', 'published', 'protocol', 'app_protocol'];
const VOLUME_KEYS = ['type', 'source', 'target', 'read_only', 'consistency', 'bind', 'volume', 'tmpfs', 'image'];
const DEPENDS_KEYS = ['condition', 'restart', 'required'];
const HEALTH_KEYS = ['test', 'timeout', 'interval', 'retries', 'start_period', 'start_interval', 'disable'];

function ordered(o: Dict, keys: string[]): Dict {
  const out: Dict = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  for (const k of Object.keys(o).sort()) if (!(k in out) && o[k] !== undefined) out[k] = o[k];
  return out;
}

function sortedKeys(o: Dict): Dict {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

const isEmpty = (v: unknown): boolean =>
  v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

function serviceDocument(s: ServiceConfig): Dict {
  const o: Dict = { ...s };
  delete o.name;
  o.ports = s.ports.map((p) => ordered({ ...p }, PORT_KEYS));
  o.volumes = s.volumes.map((v) => ordered({ ...v }, VOLUME_KEYS));
  o.depends_on = Object.fromEntries(Object.entries(s.depends_on).sort(([a], [b]) => a.localeCompare(b)).map(([k, d]) => [k, ordered({ ...d }, DEPENDS_KEYS)]));
  o.environment = sortedKeys(s.environment);
  o.labels = sortedKeys(s.labels);
  if (s.healthcheck) {
    const h: Dict = { ...s.healthcheck };
    for (const k of ['timeout', 'interval', 'start_period', 'start_interval']) if (typeof h[k] === 'number') h[k] = formatDuration(h[k] as number);
    o.healthcheck = ordered(h, HEALTH_KEYS);
  }
  if (s.stop_grace_period !== undefined) o.stop_grace_period = formatDuration(s.stop_grace_period);
  const out: Dict = {};
  for (const k of Object.keys(o).sort()) {
    // `networks: {default: null}` is kept (Compose prints it); other empty collections are not.
    if (k !== 'networks' && k !== 'deploy' && isEmpty(o[k])) continue;
    if (o[k] === undefined) continue;
    out[k] = o[k];
  }
  return out;
}

/** The `config` document of a project. */
export function configDocument(p: Project): Dict {
  const doc: Dict = { name: p.name };
  doc.services = Object.fromEntries(Object.keys(p.services).sort().map((n) => [n, serviceDocument(p.services[n]!)]));
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    const objs = p[kind];
    if (Object.keys(objs).length > 0) doc[kind] = Object.fromEntries(Object.keys(objs).sort().map((k) => [k, ordered({ ...objs[k] }, ['name'])]));
  }
  return doc;
}

/** `config --services`: active services, sorted. */
export function serviceNames(p: Project): string[] {
  return Object.keys(p.services).sort();
}

/** `config --volumes`: top-level volume keys, sorted. */
export function volumeNames(p: Project): string[] {
  return Object.keys(p.volumes).sort();
}
