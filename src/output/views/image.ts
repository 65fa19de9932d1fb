/**
 * Docker's image views (docker/cli cli/command/formatter/image.go, image/formatter_history.go, image/remove.go,
 * image/prune.go, inspect/inspector.go): the `images` rows (one per repository:tag, `<none>` for untagged),
 * `history` rows, the `rmi` and `image prune` reports, and `image inspect` output. Sizes use go-units'
 * decimal HumanSizeWithPrecision.
 */
import type { ImageSummary } from '../../services/images/list';
import type { HistoryItem } from '../../services/images/history';
import type { DeleteLine } from '../../services/images/remove';
import { TemplateError, type TsctlError } from '../../errors/index';
import { ellipsis, truncateID } from '../../compat/display';
import { humanDuration } from '../../compat/status';
import { PARSE_ERROR_PREFIX, goJSON, sprintf, type Template } from '../gotemplate/index';
import { parseFormat } from '../format';
import { renderRows } from '../render';

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** go-units HumanSizeWithPrecision: decimal units, `%.*g` (`4.26MB`, `756kB`, `0B`). */
export function humanSize(bytes: number, precision = 3): string {
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return sprintf('%.*g%s', [precision, size, UNITS[i] ?? 'B']);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Go's time.Time String() in UTC: `2006-01-02 15:04:05 +0000 UTC`. */
function goTimeString(d: Date): string {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000 UTC`;
}

const ago = (now: Date, seconds: number): string => `${humanDuration(now.getTime() - seconds * 1000)} ago`;

export const IMAGES_TABLE = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}';
export const IMAGES_TABLE_DIGESTS = 'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}';
const IMAGE_HEADERS = {
  ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG', Digest: 'DIGEST', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT',
  Size: 'SIZE', VirtualSize: 'VIRTUAL SIZE', Containers: 'CONTAINERS', SharedSize: 'SHARED SIZE', UniqueSize: 'UNIQUE SIZE',
};

export interface ImageListOptions {
  quiet?: boolean;
  format?: string;
  noTrunc?: boolean;
  digests?: boolean;
  now: Date;
}

/** A row of `images` (docker/cli imageContext's methods). */
export interface ImageRow {
  Containers: string;
  CreatedAt: string;
  CreatedSince: string;
  Digest: string;
  ID: string;
  Repository: string;
  SharedSize: string;
  Size: string;
  Tag: string;
  UniqueSize: string;
  VirtualSize: string;
}

const splitAt = (s: string, sep: string): [string, string] => {
  const i = s.lastIndexOf(sep);
  return [s.slice(0, i), s.slice(i + sep.length)];
};

/** docker/cli imageFormat: `<none>` rows for dangling images, else a row per tag (× digest when shown). */
export function imageRows(img: ImageSummary, o: { trunc: boolean; showDigests: boolean; needDigest: boolean; now: Date }): ImageRow[] {
  const row = (Repository: string, Tag: string, Digest: string): ImageRow => ({
    Containers: String(img.containers),
    CreatedAt: goTimeString(new Date(img.created * 1000)),
    CreatedSince: ago(o.now, img.created),
    Digest,
    ID: o.trunc ? truncateID(img.id) : img.id,
    Repository,
    SharedSize: 'N/A',
    Size: humanSize(img.size),
    Tag,
    UniqueSize: 'N/A',
    VirtualSize: humanSize(img.size, 4),
  });
  if (img.repoTags.length === 0 && img.repoDigests.length === 0) return [row('<none>', '<none>', '<none>')];
  const tags = new Map<string, string[]>();
  for (const t of img.repoTags) {
    const [repo, tag] = splitAt(t, ':');
    tags.set(repo, [...(tags.get(repo) ?? []), tag]);
  }
  const digests = new Map<string, string[]>();
  for (const d of img.repoDigests) {
    const [repo, digest] = splitAt(d, '@');
    digests.set(repo, [...(digests.get(repo) ?? []), digest]);
  }
  const rows: ImageRow[] = [];
  for (const [repo, ts] of tags) {
    const ds = o.needDigest ? (digests.get(repo) ?? []) : [];
    digests.delete(repo);
    for (const tag of ts) {
      if (ds.length === 0) rows.push(row(repo, tag, '<none>'));
      for (const d of ds) rows.push(row(repo, tag, d));
    }
  }
  for (const [repo, ds] of digests) {
    if (o.showDigests) for (const d of ds) rows.push(row(repo, '<none>', d));
    else rows.push(row(repo, '<none>', ''));
  }
  return rows;
}

/** `images` output: NewImageFormat's choice of template (`-q` is `{{.ID}}` unless --format is given). */
export function renderImageList(images: ImageSummary[], opts: ImageListOptions): string {
  let format = opts.format === undefined || opts.format === '' ? 'table' : opts.format;
  if (format === 'table') format = opts.quiet ? '{{.ID}}' : opts.digests ? IMAGES_TABLE_DIGESTS : IMAGES_TABLE;
  else if (format.startsWith('table') && opts.digests && !format.includes('{{.Digest}}')) format += '\t{{.Digest}}';
  const o = { trunc: !opts.noTrunc, showDigests: opts.digests === true, needDigest: opts.digests === true || format.includes('{{.Digest}}'), now: opts.now };
  return renderRows(images.flatMap((img) => imageRows(img, o)), parseFormat(format, IMAGES_TABLE), { headers: IMAGE_HEADERS });
}

export const HISTORY_TABLE = 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const HISTORY_TABLE_NON_HUMAN = 'table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const HISTORY_HEADERS = { ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT' };
/** Entries dated before 2000 show `N/A` as their age. */
const EPOCH_2000 = Date.UTC(2000, 0, 1) / 1000;

export interface HistoryRow {
  Comment: string;
  CreatedAt: string;
  CreatedBy: string;
  CreatedSince: string;
  ID: string;
  Size: string;
}

export function historyRow(h: HistoryItem, o: { trunc: boolean; human: boolean; now: Date }): HistoryRow {
  const createdAt = new Date(h.created * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const createdBy = h.createdBy.replace(/\t/g, ' ');
  return {
    Comment: h.comment,
    CreatedAt: createdAt,
    CreatedBy: o.trunc ? ellipsis(createdBy, 45) : createdBy,
    CreatedSince: !o.human ? createdAt : h.created <= EPOCH_2000 ? 'N/A' : ago(o.now, h.created),
    ID: o.trunc ? truncateID(h.id) : h.id,
    Size: o.human ? humanSize(h.size) : String(h.size),
  };
}

export function renderHistory(items: HistoryItem[], opts: { quiet?: boolean; format?: string; noTrunc?: boolean; human: boolean; now: Date }): string {
  let format = opts.format === undefined || opts.format === '' ? 'table' : opts.format;
  if (format === 'table') format = opts.quiet ? '{{.ID}}' : opts.human ? HISTORY_TABLE : HISTORY_TABLE_NON_HUMAN;
  const o = { trunc: !opts.noTrunc, human: opts.human, now: opts.now };
  return renderRows(items.map((h) => historyRow(h, o)), parseFormat(format, HISTORY_TABLE), { headers: HISTORY_HEADERS });
}

/** `rmi`: `Untagged: busybox:latest` / `Deleted: sha256:…`. */
export function renderDeleteLines(lines: DeleteLine[]): string {
  return lines.map((l) => ('untagged' in l ? `Untagged: ${l.untagged}\n` : `Deleted: ${l.deleted}\n`)).join('');
}

/** `image prune`'s report (lower-case lines, a blank line, the total in HumanSize's 4 digits). */
export function renderPruneReport(r: { lines: DeleteLine[]; reclaimed: number }): string {
  const body = r.lines.map((l) => ('untagged' in l ? `untagged: ${l.untagged}\n` : `deleted: ${l.deleted}\n`)).join('');
  return `${body === '' ? '' : `Deleted Images:\n${body}\n`}Total reclaimed space: ${humanSize(r.reclaimed, 4)}\n`;
}

/** json.Marshal's escapes, which Docker's inspect output keeps (the daemon's JSON is re-indented, not re-encoded). */
const goEscapes = (s: string): string => s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * `image inspect` output for the objects found (errors in `results` are passed through in order): an indented
 * JSON array, `json` a compact one, or the template per object — run on the typed object first and, if that
 * fails, on its JSON with missingkey=error, as docker/cli's TemplateInspector. No output at all prints "\n".
 */
export function renderImageInspect(results: ({ ok: object } | { error: TsctlError })[], format: string | undefined, tmpl: Template | undefined): { output: string; errors: TsctlError[] } {
  const errors: TsctlError[] = [];
  const objects: object[] = [];
  for (const r of results) if ('ok' in r) objects.push(r.ok);
  if (tmpl === undefined || format === undefined || format === '' || format === 'json') {
    for (const r of results) if ('error' in r) errors.push(r.error);
    const text = format === 'json' ? goJSON(objects, { escapeHTML: true }) : goEscapes(JSON.stringify(objects, null, 4));
    return { output: `${text}\n`, errors };
  }
  let output = '';
  for (const r of results) {
    if ('error' in r) {
      errors.push(r.error);
      continue;
    }
    const typed = tmpl.executePartial(r.ok);
    const res = typed.error === undefined ? typed : tmpl.executePartial(JSON.parse(JSON.stringify(r.ok)) as unknown, { missingKey: 'error' });
    if (res.error === undefined) output += `${res.output}\n`;
    else errors.push(new TemplateError(PARSE_ERROR_PREFIX + res.error.goMessage));
  }
  return { output: output === '' ? '\n' : output, errors };
}
