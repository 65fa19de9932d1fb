/**
 * Mounting a snapshot's mounts on the host, as containerd's mount.All / WithTempMount do: mount(8) for each
 * mount in order onto a fresh temporary directory, umount(8) and remove the directory afterwards.
 */
import { mkdtemp, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MountSpec } from './ports';
import { InternalError } from '../errors/index';
import { runTool } from '../util/proc';

export interface Mounter {
  /** Mounts `mounts` on a new temporary directory, runs `fn` with its path, then unmounts and removes it. */
  withTempMount<T>(mounts: MountSpec[], fn: (root: string) => Promise<T>): Promise<T>;
}

async function tool(file: string, args: string[]): Promise<void> {
  const r = await runTool(file, args, 60_000);
  if (r.exitCode !== 0) throw new InternalError(`${file} ${args.join(' ')}: ${r.stderr.trim() || `exit status ${r.exitCode}`}`);
}

export const hostMounter: Mounter = {
  async withTempMount(mounts, fn) {
    const dir = await mkdtemp(join(tmpdir(), 'tsctl-mount-'));
    let mounted = 0;
    try {
      for (const m of mounts) {
        const target = m.target ? join(dir, m.target) : dir;
        const opts = m.options.filter((o) => o !== '');
        await tool('mount', ['-t', m.type, ...(opts.length > 0 ? ['-o', opts.join(',')] : []), m.source, target]);
        mounted++;
      }
      return await fn(dir);
    } finally {
      for (let i = mounted - 1; i >= 0; i--) {
        const m = mounts[i] as MountSpec;
        await tool('umount', [m.target ? join(dir, m.target) : dir]).catch(() => tool('umount', ['-l', m.target ? join(dir, m.target) : dir]));
      }
      await rmdir(dir).catch(() => undefined);
    }
  },
};
