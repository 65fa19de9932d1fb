/**
 * Named volumes of one namespace (docs/dir.md): `<volumes dir>/<name>/` holds `_data/` (what containers mount)
 * and `volume.json` (Name, Labels, Options, CreatedAt, Anonymous). Creation is claimed by mkdir(2) of the volume
 * directory under a per-volume lock, so concurrent creates of one name both succeed with one volume. Volumes
 * with local-driver options (`type`, `device`, `o`) are mounted on their `_data` when first used and unmounted
 * when removed.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { withLock, writeFileAtomic } from '../util/lock';
import { runTool } from '../util/proc';
import { InternalError } from '../errors/index';

export interface VolumeRecord {
  Name: string;
  Labels: Record<string, string>;
  Options: Record<string, string>;
  /** RFC 3339, seconds. */
  CreatedAt: string;
  Anonymous: boolean;
}

export interface VolumeCreate {
  labels?: Record<string, string>;
  options?: Record<string, string>;
  anonymous?: boolean;
}

/** Decodes octal escapes of /proc/self/mountinfo (`\040` = space). */
function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export async function isMountPoint(path: string): Promise<boolean> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info.split('\n').some((l) => unescapeMountPath(l.split(' ')[4] ?? '') === path);
}

async function tool(file: string, args: string[]): Promise<void> {
  const r = await runTool(file, args, 60_000);
  if (r.exitCode !== 0) throw new InternalError(`${file} ${args.join(' ')}: ${r.stderr.trim() || `exit status ${r.exitCode}`}`);
}

const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class VolumeStore {
  constructor(readonly dir: string, private readonly locks: string) {}

  mountpoint(name: string): string {
    return join(this.dir, name, '_data');
  }

  private lock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return withLock(join(this.locks, `volume-${createHash('sha256').update(this.dir).digest('hex').slice(0, 12)}-${name}.lock`), fn);
  }

  async get(name: string): Promise<VolumeRecord | undefined> {
    try {
      const v = JSON.parse(await readFile(join(this.dir, name, 'volume.json'), 'utf8')) as VolumeRecord;
      return { Name: name, Labels: v.Labels ?? {}, Options: v.Options ?? {}, CreatedAt: v.CreatedAt ?? '', Anonymous: v.Anonymous === true };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || e instanceof SyntaxError) return undefined;
      throw e;
    }
  }

  /** Creates the volume unless it exists; `created` tells which. */
  async create(name: string, req: VolumeCreate = {}): Promise<{ volume: VolumeRecord; created: boolean }> {
    await mkdir(this.dir, { recursive: true });
    return this.lock(name, async () => {
      const existing = await this.get(name);
      if (existing) return { volume: existing, created: false };
      // A directory without volume.json is a creation that died half-way: it is taken over.
      await mkdir(join(this.dir, name)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      try {
        await mkdir(this.mountpoint(name)).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'EEXIST') throw e;
        });
        const volume: VolumeRecord = { Name: name, Labels: req.labels ?? {}, Options: req.options ?? {}, CreatedAt: rfc3339(new Date()), Anonymous: req.anonymous === true };
        await writeFileAtomic(join(this.dir, name, 'volume.json'), `${JSON.stringify(volume)}\n`);
        return { volume, created: true };
      } catch (e) {
        await rm(join(this.dir, name), { recursive: true, force: true });
        throw e;
      }
    });
  }

  async list(): Promise<VolumeRecord[]> {
    const names = await readdir(this.dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [] as string[];
      throw e;
    });
    const out: VolumeRecord[] = [];
    for (const n of names.sort()) {
      const v = await this.get(n);
      if (v) out.push(v);
    }
    return out;
  }

  /** Mounts a volume with driver options on its `_data` (once; later users share the mount). */
  async ensureMounted(v: VolumeRecord): Promise<void> {
    const type = v.Options.type;
    const device = v.Options.device;
    if (type === undefined && device === undefined) return;
    const target = this.mountpoint(v.Name);
    await this.lock(v.Name, async () => {
      if (await isMountPoint(target)) return;
      const o = v.Options.o ?? '';
      await tool('mount', ['-t', type ?? 'none', ...(o !== '' ? ['-o', o] : []), device ?? '', target]);
    });
  }

  /** Whether `_data` is still empty (a new volume, before the image's content is copied in). */
  async isEmpty(name: string): Promise<boolean> {
    return (await readdir(this.mountpoint(name))).length === 0;
  }

  /** Copies a directory's content (owners, modes, links, times) into the volume, and the directory's own attributes. */
  async fill(name: string, from: string): Promise<void> {
    await tool('cp', ['-a', '--', `${from}/.`, `${this.mountpoint(name)}/`]);
  }

  /** Unmounts a mounted `_data` and deletes the volume; false when it did not exist. */
  async remove(name: string): Promise<boolean> {
    return this.lock(name, async () => {
      const dir = join(this.dir, name);
      if (!(await lstat(dir).then(() => true, () => false))) return false;
      const data = this.mountpoint(name);
      if (await isMountPoint(data)) await tool('umount', [data]).catch(() => tool('umount', ['-l', data]));
      await rm(dir, { recursive: true, force: true });
      return true;
    });
  }

  /** Bytes used under `_data` (regular files and links, hard links counted once), as moby's directory.Size. */
  async size(name: string): Promise<number> {
    const seen = new Set<string>();
    const walk = async (dir: string): Promise<number> => {
      let total = 0;
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const p = join(dir, e.name);
        const st = await lstat(p).catch(() => undefined);
        if (!st) continue;
        if (st.isDirectory()) {
          total += await walk(p);
          continue;
        }
        const key = `${st.dev}:${st.ino}`;
        if (st.nlink > 1) {
          if (seen.has(key)) continue;
          seen.add(key);
        }
        total += st.size;
      }
      return total;
    };
    return walk(this.mountpoint(name));
  }
}
