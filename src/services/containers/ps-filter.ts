/**
 * `ps --filter`: moby's daemon/list.go rules as pure functions. Keys are validated first (`invalid filter 'x'`),
 * values next (`exited` integers, `status` and `health` words, `is-task` booleans); then each container, newest
 * first, goes through includeContainerInList: `before=` skips everything up to and including that container,
 * `since=` stops there, stopped containers need `-a`/`-n`/a `status` filter, `name`/`id`/`status` match exactly or
 * as (unanchored) regular expressions, `label` as key or key=value, `exited` only containers that ran, `ancestor`
 * the image or any image built on it, `network` a network name or ID prefix, `publish`/`expose` a host or container
 * port of a running container's port list (`80`, `80/udp`, ranges `8000-8080/tcp`).
 */
import { InvalidArgumentError } from '../../errors/index';
import { boolFilter, validateFilters, type Filters } from '../images/list';
import type { PortSummary } from '../../compat/ports';
import { decodeMounts } from '../volumes/model';
import { MOUNTS_LABEL } from '../../labels';

export const PS_FILTERS = [
  'ancestor', 'before', 'exited', 'id', 'isolation', 'label', 'name', 'status', 'health', 'since', 'volume', 'network',
  'is-task', 'publish', 'expose',
] as const;

const STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];
const HEALTHS = ['none', 'starting', 'healthy', 'unhealthy'];

/** What the filters look at, for one container. */
export interface PsCandidate {
  id: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  /** Docker's state word: created, running, paused, exited. */
  state: string;
  /** Running or paused. */
  running: boolean;
  exitCode: number;
  /** Has been started at least once (Docker's StartedAt is set). */
  started: boolean;
  /** Image ID (config digest) of the container's image, when the image is still there. */
  imageId: string | undefined;
  /** Health status (`starting`, `healthy`, `unhealthy`), `none` without a running healthcheck; read only for a `health` filter. */
  health?: string;
  /** The port list ps shows (empty unless running with networking). */
  ports?: readonly PortSummary[];
  /** The networks the container is on (ID '' when unknown). */
  networks?: readonly { name: string; id: string }[];
}

/** The filters after validation, with `before`/`since`/`ancestor` resolved by the caller. */
export interface PsFilter {
  filters: Filters;
  exited: number[];
  /** Container ID named by `before=` / `since=`. */
  before: string | undefined;
  since: string | undefined;
  /** Image IDs `ancestor=` accepts; undefined when there is no ancestor filter. */
  ancestors: ReadonlySet<string> | undefined;
  /** `port/proto` keys of `publish=` / `expose=` (checkPsFilters); absent or empty: no such filter. */
  publish?: ReadonlySet<string>;
  expose?: ReadonlySet<string>;
}

const daemonError = (msg: string): InvalidArgumentError => new InvalidArgumentError(`Error response from daemon: ${msg}`);

/** Go's strconv.ParseUint(s, 10, 16) with its error text. */
function parseUint16(s: string): number {
  if (!/^[0-9]+$/.test(s)) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  if (Number(s) > 65535) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return Number(s);
}

/** go-connections' nat.ParsePortRange: `80`, `8000-8080` (beyond a second `-` ignored). */
function parsePortRange(ports: string): [number, number] {
  if (ports === '') throw new Error('empty string specified for ports');
  if (!ports.includes('-')) {
    const p = parseUint16(ports);
    return [p, p];
  }
  const parts = ports.split('-');
  const start = parseUint16(parts[0] ?? '');
  const end = parseUint16(parts[1] ?? '');
  if (end < start) throw new Error(`invalid range specified for port: ${ports}`);
  return [start, end];
}

/** nat.SplitProtoPort: `80` / `80/` → tcp, `80/udp` → udp, `/x` or `` → no port. */
function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split('/');
  if (raw === '' || (parts[0] ?? '') === '') return ['', ''];
  if (parts.length === 1) return ['tcp', raw];
  if ((parts[1] ?? '') === '') return ['tcp', parts[0] ?? ''];
  return [parts[1] ?? '', parts[0] ?? ''];
}

/** moby's portOp: every `publish=` / `expose=` value as the `port/proto` keys it stands for. */
export function portFilterKeys(f: Filters, key: 'publish' | 'expose'): Set<string> {
  const out = new Set<string>();
  for (const v of f.get(key) ?? []) {
    if (v.includes(':')) throw daemonError(`filter for '${key}' should not contain ':': ${v}`);
    const [proto, port] = splitProtoPort(v);
    let range: [number, number];
    try {
      range = parsePortRange(port);
    } catch (e) {
      throw daemonError(`error while looking up for ${key} ${v}: ${(e as Error).message}`);
    }
    for (let p = range[0]; p <= range[1]; p++) out.add(`${p}/${proto}`);
  }
  return out;
}

/** Validates keys and values; returns the exit codes of `exited=` and whether a `status` filter implies `-a`. */
export function checkPsFilters(f: Filters): { exited: number[]; impliesAll: boolean; publish: Set<string>; expose: Set<string> } {
  validateFilters(f, PS_FILTERS);
  const exited = (f.get('exited') ?? []).map((v) => {
    if (!/^[+-]?\d+$/.test(v)) throw daemonError(`invalid filter 'exited=${v}': strconv.Atoi: parsing "${v}": invalid syntax`);
    return Number(v);
  });
  const status = f.get('status') ?? [];
  for (const v of status) {
    if (!STATES.includes(v)) throw daemonError(`invalid filter 'status=${v}': invalid value for state (${v}): must be one of ${STATES.join(', ')}`);
  }
  boolFilter(f, 'is-task');
  for (const v of f.get('health') ?? []) {
    if (!HEALTHS.includes(v)) throw daemonError(`invalid filter 'health=${v}': invalid value for health (${v}): must be one of ${HEALTHS.join(', ')}`);
  }
  const publish = portFilterKeys(f, 'publish');
  const expose = portFilterKeys(f, 'expose');
  return { exited, impliesAll: status.length > 0, publish, expose };
}

/** Go's regexp.MatchString for the patterns people use with filters; an invalid pattern matches nothing. */
function regexpMatch(pattern: string, s: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(s);
  } catch {
    return false;
  }
}

/** filters.Args.Match: no values = match; else a value equal to `source` or matching it as a regexp. */
export function filterMatch(f: Filters, key: string, source: string): boolean {
  const vs = f.get(key);
  if (vs === undefined || vs.length === 0) return true;
  return vs.includes(source) || vs.some((v) => regexpMatch(v, source));
}

/** filters.Args.MatchKVList: every `k` / `k=v` value must be among `labels`. */
export function matchKVList(f: Filters, key: string, labels: Readonly<Record<string, string>>): boolean {
  const vs = f.get(key) ?? [];
  if (vs.length === 0) return true;
  return vs.every((v) => {
    const eq = v.indexOf('=');
    const k = eq < 0 ? v : v.slice(0, eq);
    if (!Object.prototype.hasOwnProperty.call(labels, k)) return false;
    return eq < 0 || labels[k] === v.slice(eq + 1);
  });
}

/** moby looks `id=` values up as unique ID prefixes (GetByPrefix), then matches them as patterns too. */
function idMatch(candidates: readonly PsCandidate[], values: readonly string[] | undefined, id: string): boolean {
  if (values === undefined || values.length === 0) return true;
  return values.some((v) => v !== '' && id.startsWith(v) && candidates.filter((c) => c.id.startsWith(v)).length === 1 && (v === id || regexpMatch(v, id)));
}

/** moby: a value names one of the container's networks, or prefixes one's ID. */
function networkMatch(values: readonly string[], networks: readonly { name: string; id: string }[]): boolean {
  return values.some((v) => networks.some((n) => n.name === v || (n.id !== '' && n.id.startsWith(v))));
}

/** moby: with `publish`/`expose` filters, some port's host side is a `publish` key or its container side an `expose` key. */
function portsMatch(pf: PsFilter, ports: readonly PortSummary[]): boolean {
  const publish = pf.publish ?? new Set<string>();
  const expose = pf.expose ?? new Set<string>();
  if (publish.size === 0 && expose.size === 0) return true;
  return ports.some((p) => publish.has(`${p.publicPort}/${p.type}`) || expose.has(`${p.privatePort}/${p.type}`));
}

/** Resolves `before=` / `since=`: an exact ID, else a name (moby's idOrNameFilter). */
export function idOrName(candidates: readonly PsCandidate[], value: string): string {
  const byId = candidates.find((c) => c.id === value);
  if (byId) return byId.id;
  const byName = candidates.find((c) => c.name === value.replace(/^\//, ''));
  if (byName) return byName.id;
  throw new InvalidArgumentError(`Error response from daemon: No such container: ${value}`);
}

/** moby's `volume` filter: a mount's volume name (or, for binds, host path) or its destination is among `values`. */
function usesVolume(labels: Readonly<Record<string, string>>, values: readonly string[]): boolean {
  return decodeMounts(labels[MOUNTS_LABEL]).some((m) => values.includes(m.Destination) || values.includes(m.Name ?? m.Source));
}

/**
 * The containers `ps` shows, in order. `candidates` must be newest first; `limit` > 0 is `-n`. Filters tsctl has
 * `volume` matches mounts by name or destination; `is-task=false` and
 * `isolation=default` match every one; `health` matches the candidate's health (`none` without a healthcheck).
 */
export function selectContainers(candidates: readonly PsCandidate[], pf: PsFilter, opts: { all: boolean; limit: number }): PsCandidate[] {
  const f = pf.filters;
  const out: PsCandidate[] = [];
  let before = pf.before;
  const isTask = f.has('is-task') ? boolFilter(f, 'is-task') : undefined;
  for (const c of candidates) {
    if (before !== undefined) {
      if (c.id === before) before = undefined;
      continue;
    }
    if (pf.since !== undefined && c.id === pf.since) break;
    if (!c.running && !opts.all && opts.limit <= 0) continue;
    if (!filterMatch(f, 'name', `/${c.name}`) && !filterMatch(f, 'name', c.name)) continue;
    if (!idMatch(candidates, f.get('id'), c.id)) continue;
    if (isTask === true) continue;
    if (!matchKVList(f, 'label', c.labels)) continue;
    if (f.has('isolation') && !(f.get('isolation') ?? []).includes('default')) continue;
    if (opts.limit > 0 && out.length === opts.limit) break;
    if (pf.exited.length > 0 && !pf.exited.some((code) => code === c.exitCode && !c.running && c.started)) continue;
    if (!filterMatch(f, 'status', c.state)) continue;
    if (f.has('health') && !(f.get('health') ?? []).includes(c.health ?? 'none')) continue;
    if (f.has('volume') && !usesVolume(c.labels, f.get('volume') ?? [])) continue;
    if (pf.ancestors !== undefined && (c.imageId === undefined || !pf.ancestors.has(c.imageId))) continue;
    if (f.has('network') && !networkMatch(f.get('network') ?? [], c.networks ?? [])) continue;
    if (!portsMatch(pf, c.ports ?? [])) continue;
    out.push(c);
  }
  return out;
}
