/**
 * Cross-process exclusive locks for the data root's critical sections (CNI ADD/DEL, network and volume stores,
 * hosts files). Node has no flock(2), so a lock is a file created with O_EXCL that holds the owner's pid and
 * process start time; a holder that died (pid gone, or reused by another process) is detected and its lock taken
 * over. Waiters poll with a short back-off. Not reentrant: one process must not take the same lock twice.
 */
import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

export class LockTimeoutError extends Error {
  constructor(readonly path: string, readonly holder: string) {
    super(`timed out waiting for lock ${path} (held by ${holder || 'unknown'})`);
    this.name = 'LockTimeoutError';
  }
}

async function startTime(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  // Field 22 (starttime), counted after the parenthesised comm which may contain spaces.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

let selfStart: string | undefined;
async function ownerToken(): Promise<string> {
  selfStart ??= (await startTime(process.pid)) ?? '0';
  return `${process.pid} ${selfStart}`;
}

/** True when the owner recorded in a lock file is still the same living process. */
async function ownerAlive(token: string): Promise<boolean> {
  const [pidText, start] = token.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const now = await startTime(pid);
  return now !== undefined && (start === undefined || now === start);
}

export interface LockOptions {
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
}

/** Takes the lock at `path` (creating its directory), runs `fn`, releases it — also when `fn` throws. */
export async function withLock<T>(path: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const release = await acquireLock(path, opts);
  try {
    return await fn();
  } finally {
    await release();
  }
}

/** Takes the lock at `path`; resolves to its release function. */
export async function acquireLock(path: string, opts: LockOptions = {}): Promise<() => Promise<void>> {
  await mkdir(dirname(path), { recursive: true });
  const token = await ownerToken();
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let delay = 5;
  for (;;) {
    try {
      const fh = await open(path, 'wx', 0o644);
      try {
        await fh.writeFile(token);
      } finally {
        await fh.close();
      }
      return async () => {
        const now = await readFile(path, 'utf8').catch(() => '');
        if (now === token) await unlink(path).catch(() => undefined);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = await readFile(path, 'utf8').catch(() => undefined);
    if (holder === undefined) continue; // released meanwhile
    // A token is written right after the O_EXCL create: an empty file is a holder between those two steps.
    if (holder !== '' && !(await ownerAlive(holder))) {
      // Take over a dead owner's lock: move it aside atomically so two waiters cannot both delete a fresh lock.
      const aside = `${path}.stale.${randomBytes(4).toString('hex')}`;
      const moved = await rename(path, aside).then(() => true, () => false);
      if (moved) {
        const was = await readFile(aside, 'utf8').catch(() => '');
        await unlink(aside).catch(() => undefined);
        // Someone else replaced the stale lock before our rename: put theirs back by retrying (they own it now).
        if (was !== holder && was !== '') await writeFile(path, was, { flag: 'wx' }).catch(() => undefined);
      }
      continue;
    }
    if (Date.now() > deadline) throw new LockTimeoutError(path, holder);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 100);
  }
}

/** Writes `data` to `path` atomically (temporary file in the same directory + rename). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data, { mode });
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
