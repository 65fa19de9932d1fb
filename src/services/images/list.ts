/**
 * `images` / `image ls`: Docker's image summaries (one per image ID, with its RepoTags and RepoDigests), newest
 * first, and the `--filter` machinery the image commands share (docker/cli opts.FilterOpt parsing, moby's
 * daemon/internal/filters validation and daemon/containerd/image_list.go matching).
 */
import type { ContainersPort, ImageRecord } from '../../containerd/ports';
import { InvalidArgumentError, InvalidOptionError } from '../../errors/index';
import { parseNormalizedNamed } from '../../registry/reference';
import {
  containersByImage, imageSize, isDangling, loadCatalog, lookupImages, repoDigests, repoTags, type CatalogDeps,
} from './inspect';

/** Filter values by key, in the order given (a key repeated = several values; Docker keeps them as a set). */
export type Filters = Map<string, string[]>;

/** opts.FilterOpt: each `--filter` is `name=value`; the name is lower-cased, both sides trimmed. */
export function parseFilterFlags(values: readonly string[] | undefined, flag: string): Filters {
  const out: Filters = new Map();
  for (const arg of values ?? []) {
    if (arg === '') continue;
    const eq = arg.indexOf('=');
    if (eq < 0) throw new InvalidOptionError(`invalid argument "${arg}" for "${flag}" flag: bad format of filter (expected name=value)`);
    const name = arg.slice(0, eq).trim().toLowerCase();
    const value = arg.slice(eq + 1).trim();
    const vs = out.get(name) ?? [];
    if (!vs.includes(value)) vs.push(value);
    out.set(name, vs);
  }
  return out;
}

const daemonError = (msg: string): InvalidArgumentError => new InvalidArgumentError(`Error response from daemon: ${msg}`);

/** filters.Args.Validate: `invalid filter 'x'` for a key the command does not know. */
export function validateFilters(f: Filters, accepted: readonly string[]): void {
  for (const k of f.keys()) if (!accepted.includes(k)) throw daemonError(`invalid filter '${k}'`);
}

/** filters.Args.GetBoolOrDefault: true/1 or false/0; anything else (or both) is `invalid filter 'k=[v…]'`. */
export function boolFilter(f: Filters, key: string): boolean | undefined {
  const vs = f.get(key);
  if (vs === undefined) return undefined;
  const isFalse = vs.includes('0') || vs.includes('false');
  const isTrue = vs.includes('1') || vs.includes('true');
  if (isFalse === isTrue) throw daemonError(`invalid filter '${key}=[${vs.join(' ')}]'`);
  return isTrue;
}

/** `label=k`, `label=k=v`, `label!=k`, `label!=k=v` against image config labels; every check must hold. */
export function labelMatcher(f: Filters): (labels: Readonly<Record<string, string>>) => boolean {
  const checks = ['label', 'label!'].flatMap((key) =>
    (f.get(key) ?? []).map((l) => {
      const eq = l.indexOf('=');
      let k = eq < 0 ? l : l.slice(0, eq);
      let negate = key === 'label!';
      if (k.endsWith('!')) [k, negate] = [k.slice(0, -1), !negate];
      return { k, v: eq < 0 ? undefined : l.slice(eq + 1), negate };
    }),
  );
  return (labels) =>
    checks.every(({ k, v, negate }) => {
      const has = Object.prototype.hasOwnProperty.call(labels, k);
      if (v === undefined) return has !== negate;
      if (!has) return negate;
      return (labels[k] === v) !== negate;
    });
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION_RE = /^[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;

/**
 * moby's timestamp.GetTimestamp for `until`: a Go duration before `now` (`24h`, `1h30m`), an RFC 3339 date or
 * time (`2024-01-02`, `2024-01-02T15:04:05Z`), or Unix seconds (`1700000000.5`).
 */
export function parseUntil(value: string, now: Date): Date {
  const fail = (): never => {
    throw daemonError(`invalid value for 'until' filter: failed to parse value as time or duration: "${value}"`);
  };
  if (value !== '0' && DURATION_RE.test(value)) {
    let ms = 0;
    for (const m of value.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) ms += Number(m[1]) * (DURATION_UNITS[m[2] ?? ''] ?? 0);
    return new Date(now.getTime() - (value.startsWith('-') ? -ms : ms));
  }
  if (value.includes('-')) {
    const v = /T\d\d$/.test(value) ? `${value}:00` : value;
    const d = new Date(/^\d{4}-\d\d-\d\d$/.test(v) ? `${v}T00:00:00` : v);
    return Number.isNaN(d.getTime()) ? fail() : d;
  }
  return /^\d+(?:\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : fail();
}

const hexEsc = (ch: string): string => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;

/** Go's path.Match as a RegExp (`*` and `?` never match `/`, `[...]` classes, `\` escapes); undefined = bad pattern. */
function globRegExp(pattern: string): RegExp | undefined {
  const cs = [...pattern];
  let i = 0;
  const esc = (): string | undefined => {
    let c = cs[i];
    if (c === undefined || c === '-' || c === ']') return undefined;
    if (c === '\\') c = cs[++i];
    i++;
    return c;
  };
  let out = '^';
  while (i < cs.length) {
    const c = cs[i++] ?? '';
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\') {
      const next = cs[i++];
      if (next === undefined) return undefined;
      out += hexEsc(next);
    } else if (c === '[') {
      const negate = cs[i] === '^';
      if (negate) i++;
      const ranges: string[] = [];
      let n = 0;
      for (;;) {
        if (cs[i] === ']' && n > 0) break;
        const lo = esc();
        if (lo === undefined) return undefined;
        let hi = lo;
        if (cs[i] === '-') {
          i++;
          const h = esc();
          if (h === undefined) return undefined;
          hi = h;
        }
        n++;
        if ((lo.codePointAt(0) ?? 0) <= (hi.codePointAt(0) ?? 0)) ranges.push(`${hexEsc(lo)}-${hexEsc(hi)}`);
      }
      i++;
      const body = ranges.join('');
      out += body === '' ? (negate ? '[\\s\\S]' : '(?!)') : `[${negate ? '^' : ''}${body}]`;
    } else out += hexEsc(c);
  }
  return new RegExp(`${out}$`, 'u');
}

export function pathMatch(pattern: string, name: string): boolean {
  return globRegExp(pattern)?.test(name) ?? false;
}

/** The `reference` filter tries the familiar and full forms, with and without tag (moby image_list.go). */
export function referenceMatches(record: ImageRecord, patterns: readonly string[]): boolean {
  let targets: string[];
  try {
    const ref = parseNormalizedNamed(record.name);
    const tagged = ref.tag === undefined && ref.digest === undefined ? `${ref.name}:latest` : ref.toString();
    targets = [ref.familiarName(), ref.familiarRepository(), tagged, ref.name];
  } catch {
    return false;
  }
  return patterns.some((p) => targets.some((t) => pathMatch(p, t)));
}

export interface ListDeps extends CatalogDeps {
  containers: ContainersPort;
}

export interface ListRequest {
  /** `-a`: include dangling (untagged) images. */
  all: boolean;
  filters: Filters;
  now: Date;
}

/** Docker's image.Summary, the fields the formatter uses. */
export interface ImageSummary {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  /** Unix seconds of the config's `created` (0 when absent, as Docker). */
  created: number;
  size: number;
  containers: number;
}

export const LIST_FILTERS = ['dangling', 'label', 'label!', 'before', 'since', 'reference', 'until'] as const;

async function createdOf(deps: CatalogDeps, inputs: readonly string[] | undefined): Promise<number[]> {
  const out: number[] = [];
  for (const input of inputs ?? []) {
    const [img] = await lookupImages(deps, input);
    const t = img?.config.created === undefined ? NaN : new Date(img.config.created).getTime();
    if (!Number.isNaN(t)) out.push(t);
  }
  return out;
}

export async function listImages(deps: ListDeps, req: ListRequest): Promise<ImageSummary[]> {
  const f = req.filters;
  validateFilters(f, LIST_FILTERS);
  const dangling = boolFilter(f, 'dangling');
  const labelsOK = labelMatcher(f);
  const until = (f.get('until') ?? []).map((v) => parseUntil(v, req.now).getTime());
  const refs = f.get('reference') ?? [];
  const [before, since, catalog] = await Promise.all([createdOf(deps, f.get('before')), createdOf(deps, f.get('since')), loadCatalog(deps)]);
  const used = await containersByImage(deps.containers, catalog);
  const selected = catalog.flatMap((img) => {
    const untagged = isDangling(img.records);
    // Docker 29 hides untagged images unless -a or dangling=true (docker/cli cli/command/image/list.go).
    if (untagged && !req.all && dangling !== true) return [];
    if (dangling !== undefined && untagged !== dangling) return [];
    if (!labelsOK(img.resolved.config.config?.Labels ?? {})) return [];
    const t = img.created?.getTime();
    if (before.some((b) => t === undefined || t >= b) || since.some((s) => t === undefined || t <= s)) return [];
    let records = img.records.filter((r) => until.every((u) => (r.createdAt?.getTime() ?? Infinity) < u));
    if (refs.length > 0) records = records.filter((r) => referenceMatches(r, refs));
    return records.length === 0 ? [] : [{ img, records }];
  });
  const rows = await Promise.all(
    selected.map(async ({ img, records }) => ({
      id: img.id,
      repoTags: repoTags(records),
      repoDigests: repoDigests(records),
      created: img.created ? Math.floor(img.created.getTime() / 1000) : 0,
      size: await imageSize(deps, img.resolved),
      containers: used.get(img.id)?.length ?? 0,
    })),
  );
  return rows.sort((a, b) => b.created - a.created);
}
