/**
 * The json-file log file with Docker's rotation (moby daemon/logger/loggerutils/logfile.go): before an entry is
 * written, if the file has reached `maxSize` bytes it is rotated — `<file>.<maxFile-1>` removed, `<file>.<i-1>`
 * renamed to `<file>.<i>` down to `<file>.1`, `<file>` renamed to `<file>.1` (removed when maxFile is 1), and a
 * fresh `<file>` opened. Files are created 0640. Writes are synchronous and batched: `write` queues an entry,
 * `flush` writes the queue with one write(2). Part of the logger's code path: node built-ins only.
 */
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RotateOptions {
  /** Rotate once the file holds this many bytes; undefined or <= 0: never. */
  maxSize?: number | undefined;
  /** Files kept, the current one included (Docker's max-file, default 1). */
  maxFile?: number | undefined;
}

/** `<path>`, `<path>.1` … `<path>.<maxFile-1>`, newest first. */
export function rotatedNames(path: string, maxFile: number): string[] {
  const names = [path];
  for (let i = 1; i < maxFile; i++) names.push(`${path}.${i}`);
  return names;
}

const isMissing = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ENOENT';

/** Shifts the rotated files one place (Docker's rotate()); the caller then moves or removes `path` itself. */
export function shiftRotated(path: string, maxFile: number): void {
  if (maxFile < 2) return;
  try {
    unlinkSync(`${path}.${maxFile - 1}`);
  } catch (e) {
    if (!isMissing(e)) throw e;
  }
  for (let i = maxFile - 1; i > 1; i--) {
    try {
      renameSync(`${path}.${i - 1}`, `${path}.${i}`);
    } catch (e) {
      if (!isMissing(e)) throw e;
    }
  }
}

const MODE = 0o640;
const BATCH = 32 * 1024;

export class RotatingLogFile {
  private fd: number;
  private size: number;
  private readonly maxSize: number;
  private readonly maxFile: number;
  private batch = Buffer.allocUnsafe(BATCH);
  private queued = 0;
  /** Write/rotate failures so far (the logger has nowhere to report them; tests read it). */
  errors = 0;

  constructor(
    readonly path: string,
    opts: RotateOptions = {},
  ) {
    this.maxSize = opts.maxSize !== undefined && opts.maxSize > 0 ? opts.maxSize : -1;
    this.maxFile = opts.maxFile !== undefined && opts.maxFile >= 1 ? Math.floor(opts.maxFile) : 1;
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a', MODE);
    this.size = fstatSync(this.fd).size;
  }

  /** Queues one encoded entry (copied), rotating first when the file is full. */
  write(entry: Uint8Array): void {
    if (this.maxSize > 0 && this.size >= this.maxSize) this.rotate();
    if (this.queued + entry.length > this.batch.length) this.flush();
    if (entry.length > this.batch.length) {
      this.writeAll(entry);
    } else {
      this.batch.set(entry, this.queued);
      this.queued += entry.length;
    }
    this.size += entry.length;
  }

  /** Writes the queued entries. */
  flush(): void {
    if (this.queued === 0) return;
    const n = this.queued;
    this.queued = 0;
    this.writeAll(this.batch.subarray(0, n));
  }

  close(): void {
    this.flush();
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private writeAll(data: Uint8Array): void {
    if (this.fd < 0) return;
    try {
      let off = 0;
      while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
    } catch {
      // Disk full or the like: the entry is lost (as in Docker), the container must not block.
      this.errors++;
    }
  }

  private rotate(): void {
    this.flush();
    try {
      closeSync(this.fd);
    } catch {
      this.errors++;
    }
    this.fd = -1;
    try {
      shiftRotated(this.path, this.maxFile);
      if (this.maxFile < 2) unlinkSync(this.path);
      else renameSync(this.path, `${this.path}.1`);
    } catch (e) {
      if (!isMissing(e)) this.errors++;
    }
    try {
      // Truncate anyway, in case the renames did not work out (as Docker does).
      this.fd = openSync(this.path, 'w', MODE);
    } catch {
      this.errors++;
    }
    this.size = 0;
  }
}
