/**
 * Reading Docker json-file logs (written by tsctl's per-container logger, src/logger/) for `tsctl logs`.
 *
 * Files are read through a small port (LogFileSource; `nodeLogFiles()` is the real one), oldest first:
 * `<file>.N` … `<file>.1`, `<file>` (the logger's rotation chain). Options follow Docker's json-file reader
 * (moby daemon/logger/loggerutils): `tail` picks the last N entries across the files first, then `since` drops
 * entries before it and the first entry after `until` ends the read. `follow` keeps reading the current file
 * (fs.watch on its directory plus polling), moves on when it is rotated away, and ends when `stopped` resolves
 * (the caller's "container stopped" signal) once no new data has come for `drainMs`, or at once on `signal`.
 * Output text is built by `formatLogEntry`; this module writes nothing itself.
 */
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { open as fsOpen, stat as fsStat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { FailedPreconditionError } from '../../errors/index';
import { CREATED_BY_LABEL, decodeLogConfig, LOG_CONFIG_LABEL } from '../../labels';

export type LogStream = 'stdout' | 'stderr';

export interface LogEntry {
  stream: LogStream;
  /** The entry's time, to the millisecond (UTC). */
  time: Date;
  /** Nanoseconds within the second of `time` (0–999999999): the full precision of the file's timestamp. */
  nanos: number;
  /** The message as logged: a whole line with its `\n`, or a partial piece (a long or unterminated line). */
  line: string;
}

/** An open log file. */
export interface LogFileHandle {
  /** Identity of the file (device:inode): tells a rotated-away file from the one now at the path. */
  readonly id: string;
  size(): Promise<number>;
  /** Up to `length` bytes at `position` (fewer at the end of the file). */
  read(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** The filesystem as the reader needs it. */
export interface LogFileSource {
  /** Opens `path` for reading; undefined when it does not exist. */
  open(path: string): Promise<LogFileHandle | undefined>;
  /** Identity of the file at `path` now; undefined when there is none. */
  identity(path: string): Promise<string | undefined>;
  /** Calls `onChange` (maybe spuriously) when `path` or its rotated siblings change; returns the stop function. */
  watch(path: string, onChange: () => void): () => void;
}

export interface ReadLogsOptions {
  /** Keep reading new entries (`-f`). */
  follow?: boolean;
  /** Last N entries of the history (default 'all'; 0 = none, only new ones when following). */
  tail?: number | 'all';
  /** Drop entries older than this. */
  since?: Date;
  /** End at the first entry newer than this; when following, also once the clock passes it. */
  until?: Date;
  /** Follow: resolves when the container has stopped; reading ends once the file has been quiet for `drainMs`. */
  stopped?: Promise<unknown>;
  /** Ends reading at once (Ctrl-C). */
  signal?: AbortSignal;
  /** Follow: poll interval backing up fs.watch (default 1000 ms). */
  pollMs?: number;
  /** Follow: quiet time after `stopped` before ending (default 250 ms), for the logger's last writes. */
  drainMs?: number;
}

const CHUNK = 64 * 1024;
const NL = 0x0a;

// ---------------------------------------------------------------------------------------------------- parsing

const TIME_RE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** RFC3339(Nano) → ms Date and nanoseconds within the second; undefined when malformed. */
export function parseLogTime(text: string): { time: Date; nanos: number } | undefined {
  const m = TIME_RE.exec(text);
  if (m === null) return undefined;
  const seconds = Date.parse(`${m[1] ?? ''}${m[3] ?? 'Z'}`);
  if (Number.isNaN(seconds)) return undefined;
  const nanos = Number((m[2] ?? '').padEnd(9, '0'));
  return { time: new Date(seconds + Math.floor(nanos / 1e6)), nanos };
}

/** One json-file line (without its `\n`) → entry; undefined for anything that is not one. */
export function parseLogLine(text: string): LogEntry | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const stream = o.stream;
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  if (typeof o.time !== 'string') return undefined;
  const t = parseLogTime(o.time);
  if (t === undefined) return undefined;
  const line = typeof o.log === 'string' ? o.log : '';
  return { stream, time: t.time, nanos: t.nanos, line };
}

/** Docker's RFC3339NanoFixed in UTC (`docker logs -t`): 2006-01-02T15:04:05.000000000Z. */
export function formatTimestamp(e: Pick<LogEntry, 'time' | 'nanos'>): string {
  return `${e.time.toISOString().slice(0, 19)}.${String(e.nanos).padStart(9, '0')}Z`;
}

/** The text to write for an entry (to stdout or stderr, as `e.stream` says): `-t` prefixes the timestamp. */
export function formatLogEntry(e: LogEntry, opts: { timestamps?: boolean } = {}): string {
  return opts.timestamps === true ? `${formatTimestamp(e)} ${e.line}` : e.line;
}

/** Entry time compared with a ms Date, at full precision: <0 before, 0 same, >0 after. */
function compareTime(e: LogEntry, d: Date): number {
  const ms = e.time.getTime() - d.getTime();
  if (ms !== 0) return ms;
  return e.nanos % 1_000_000;
}

// ---------------------------------------------------------------------------------------------------- lines

/** Splits bytes into `\n`-terminated lines (returned without the `\n`), keeping the unterminated rest. */
class LineBuffer {
  private rest: Buffer | undefined;

  push(chunk: Uint8Array): string[] {
    const data = this.rest === undefined ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.rest, chunk]);
    this.rest = undefined;
    const lines: string[] = [];
    let p = 0;
    for (let nl = data.indexOf(NL, p); nl !== -1; nl = data.indexOf(NL, p)) {
      lines.push(data.toString('utf8', p, nl));
      p = nl + 1;
    }
    if (p < data.length) this.rest = Buffer.from(data.subarray(p));
    return lines;
  }

  reset(): void {
    this.rest = undefined;
  }
}

/** End of the last complete line at or before `size` (0 when there is none). */
async function completeEnd(h: LogFileHandle, size: number): Promise<number> {
  let hi = size;
  while (hi > 0) {
    const lo = Math.max(0, hi - CHUNK);
    const buf = await h.read(lo, hi - lo);
    const i = buf.lastIndexOf(NL);
    if (i !== -1) return lo + i + 1;
    hi = lo;
  }
  return 0;
}

/** Start offset of the last `n` lines of [0, end) (`end` after a `\n`), and how many lines that is (<= n). */
async function tailStart(h: LogFileHandle, end: number, n: number): Promise<{ start: number; count: number }> {
  if (end === 0 || n <= 0) return { start: end, count: 0 };
  let count = 0;
  let hi = end - 1; // the last line's own `\n` is not a separator
  while (hi > 0) {
    const lo = Math.max(0, hi - CHUNK);
    const buf = await h.read(lo, hi - lo);
    for (let i = buf.length - 1; i >= 0; i--) {
      if (buf[i] === NL && ++count === n) return { start: lo + i + 1, count };
    }
    hi = lo;
  }
  return { start: 0, count: count + 1 };
}

interface Segment {
  handle: LogFileHandle;
  start: number;
  end: number;
}

/** `path.1`, `path.2`, … that exist (up to the first gap), newest first, minus files already in `seen`. */
async function openRotated(src: LogFileSource, path: string, seen: Set<string>): Promise<LogFileHandle[]> {
  const out: LogFileHandle[] = [];
  for (let i = 1; ; i++) {
    const h = await src.open(`${path}.${i}`);
    if (h === undefined) break;
    // A rotation while probing can show one file under two names: keep it once.
    if (seen.has(h.id)) {
      await h.close();
      continue;
    }
    seen.add(h.id);
    out.push(h);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------- reader

/**
 * Entries of the json-file log at `path` (and its rotated files), oldest first. Breaking out of the loop
 * closes every file and watcher.
 */
export async function* readLogs(src: LogFileSource, path: string, opts: ReadLogsOptions = {}): AsyncGenerator<LogEntry> {
  const tail = opts.tail ?? 'all';
  const follow = opts.follow === true;
  const pollMs = opts.pollMs ?? 1000;
  const drainMs = opts.drainMs ?? 250;
  const since = opts.since;
  const until = opts.until;

  // Wake-ups for follow mode (set up before the first read so no change is missed).
  let dirty = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    dirty = true;
    wake?.();
  };
  let stopping = false;
  let stopAt = 0;
  const stop = (): void => {
    if (!stopping) {
      stopping = true;
      stopAt = Date.now();
    }
    notify();
  };
  const aborted = (): boolean => opts.signal?.aborted === true;
  const cleanups: (() => void)[] = [];
  if (follow) {
    cleanups.push(src.watch(path, notify));
    opts.stopped?.then(stop, stop);
    if (opts.signal !== undefined) {
      opts.signal.addEventListener('abort', notify, { once: true });
      cleanups.push(() => opts.signal?.removeEventListener('abort', notify));
    }
    if (until !== undefined) {
      const timer = setTimeout(stop, Math.max(0, until.getTime() - Date.now()));
      cleanups.push(() => clearTimeout(timer));
    }
  }
  const wait = async (ms: number): Promise<void> => {
    if (!dirty && !aborted()) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, ms);
      });
      clearTimeout(timer);
      wake = undefined;
    }
    dirty = false;
  };

  /** Applies since/until; 'end' when the read is over. */
  const filter = (e: LogEntry): 'yield' | 'skip' | 'end' => {
    if (since !== undefined && compareTime(e, since) < 0) return 'skip';
    if (until !== undefined && compareTime(e, until) > 0) return 'end';
    return 'yield';
  };

  const handles = new Set<LogFileHandle>();
  const track = (h: LogFileHandle | undefined): LogFileHandle | undefined => {
    if (h !== undefined) handles.add(h);
    return h;
  };
  const release = async (h: LogFileHandle): Promise<void> => {
    handles.delete(h);
    await h.close().catch(() => undefined);
  };

  try {
    // ---- history
    let cur = track(await src.open(path));
    let pos = cur === undefined ? 0 : await completeEnd(cur, await cur.size());
    if (tail !== 0) {
      const seen = new Set<string>(cur === undefined ? [] : [cur.id]);
      const rotated = await openRotated(src, path, seen);
      rotated.forEach(track);
      const newestFirst: Segment[] = [];
      if (cur !== undefined) newestFirst.push({ handle: cur, start: 0, end: pos });
      for (const h of rotated) newestFirst.push({ handle: h, start: 0, end: await completeEnd(h, await h.size()) });
      if (tail !== 'all') {
        let want = Math.max(0, Math.floor(tail));
        for (const seg of newestFirst) {
          const t = await tailStart(seg.handle, seg.end, want);
          seg.start = t.start;
          want -= t.count;
        }
      }
      for (const seg of newestFirst.reverse()) {
        const lines = new LineBuffer();
        for (let p = seg.start; p < seg.end; ) {
          if (aborted()) return;
          const chunk = await seg.handle.read(p, Math.min(CHUNK, seg.end - p));
          if (chunk.length === 0) break;
          p += chunk.length;
          for (const text of lines.push(chunk)) {
            const e = parseLogLine(text);
            if (e === undefined) continue;
            const verdict = filter(e);
            if (verdict === 'end') return;
            if (verdict === 'yield') yield e;
          }
        }
      }
      for (const h of rotated) await release(h);
    }
    if (!follow) return;

    // ---- follow
    const lines = new LineBuffer();
    let lastProgress = Date.now();
    for (;;) {
      if (aborted()) return;
      // Only a pass begun after the stop has surely seen everything written before it.
      const passAfterStop = stopping;
      let progressed = false;
      if (cur === undefined) {
        cur = track(await src.open(path));
        pos = 0;
        lines.reset();
        if (cur !== undefined) progressed = true;
      }
      if (cur !== undefined) {
        const size = await cur.size();
        if (size < pos) {
          // Truncated in place: start over.
          pos = 0;
          lines.reset();
        }
        while (pos < size) {
          const chunk = await cur.read(pos, Math.min(CHUNK, size - pos));
          if (chunk.length === 0) break;
          pos += chunk.length;
          progressed = true;
          for (const text of lines.push(chunk)) {
            const e = parseLogLine(text);
            if (e === undefined) continue;
            const verdict = filter(e);
            if (verdict === 'end') return;
            if (verdict === 'yield') yield e;
            if (aborted()) return;
          }
        }
        const atPath = await src.identity(path);
        if (atPath !== cur.id) {
          // Rotated away (the logger closes a file before renaming it): once read to its end, go on with the
          // file that came after it — `<path>.<k-1>` when it is now `<path>.<k>`, else `<path>`.
          if ((await cur.size()) > pos) continue;
          const next = await nextAfter(src, path, cur.id);
          await release(cur);
          cur = track(next);
          pos = 0;
          lines.reset();
          progressed = true;
          continue;
        }
      }
      const now = Date.now();
      if (progressed) lastProgress = now;
      if (stopping) {
        const quietFor = now - Math.max(lastProgress, stopAt);
        if (quietFor >= drainMs) {
          if (passAfterStop) return;
          continue;
        }
        await wait(Math.min(pollMs, drainMs - quietFor));
      } else {
        await wait(pollMs);
      }
    }
  } finally {
    for (const c of cleanups) c();
    for (const h of [...handles]) await release(h);
  }
}

/** The file written after the one with identity `id` (now rotated away), or the current one. */
async function nextAfter(src: LogFileSource, path: string, id: string): Promise<LogFileHandle | undefined> {
  for (let k = 1; ; k++) {
    const at = await src.identity(`${path}.${k}`);
    if (at === undefined) break;
    if (at === id) return (await src.open(k === 1 ? path : `${path}.${k - 1}`)) ?? src.open(path);
  }
  return src.open(path);
}

// ---------------------------------------------------------------------------------------------------- node fs

const isMissing = (e: unknown): boolean => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/** The real filesystem: fs/promises handles, fs.watch on the log's directory (polling covers its failures). */
export function nodeLogFiles(): LogFileSource {
  return {
    async open(path) {
      let fh;
      try {
        fh = await fsOpen(path, 'r');
      } catch (e) {
        if (isMissing(e)) return undefined;
        throw e;
      }
      const st = await fh.stat();
      const handle = fh;
      return {
        id: `${st.dev}:${st.ino}`,
        size: async () => (await handle.stat()).size,
        read: async (position, length) => {
          const buf = Buffer.allocUnsafe(length);
          const { bytesRead } = await handle.read(buf, 0, length, position);
          return buf.subarray(0, bytesRead);
        },
        close: () => handle.close(),
      };
    },
    async identity(path) {
      try {
        const st = await fsStat(path);
        return `${st.dev}:${st.ino}`;
      } catch (e) {
        if (isMissing(e)) return undefined;
        throw e;
      }
    },
    watch(path, onChange) {
      const name = basename(path);
      let w: FSWatcher;
      try {
        w = fsWatch(dirname(path), { persistent: true }, (_event, file) => {
          if (file === null || file.startsWith(name)) onChange();
        });
      } catch {
        return () => undefined;
      }
      w.on('error', () => w.close());
      return () => w.close();
    },
  };
}

/**
 * Only containers tsctl created have its logger and json-file log. Others in the namespace (made by Kubernetes'
 * CRI plugin, `ctr` or nerdctl) get the daemon's text for a logging driver it cannot read, as Docker does for
 * `--log-driver none`.
 */
export function assertReadableLog(labels: Record<string, string>): void {
  // Not ours (e.g. made by Kubernetes' CRI plugin), or `--log-driver none` (the file tsctl still writes then is
  // only for attached clients).
  if (labels[CREATED_BY_LABEL] !== 'tsctl' || decodeLogConfig(labels[LOG_CONFIG_LABEL]).Type === 'none') {
    throw new FailedPreconditionError('Error response from daemon: configured logging driver does not support reading');
  }
}
