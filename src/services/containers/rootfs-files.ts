/**
 * Reading a file (e.g. /etc/passwd) from a container's root filesystem without mounting it: the snapshot's mount
 * is either a bind of one directory or an overlay whose upperdir and lowerdirs are plain host directories, searched
 * top-down as overlayfs does (whiteouts are not interpreted: good enough for /etc/passwd and /etc/group).
 */
import { readFile } from 'node:fs/promises';
import type { MountSpec } from '../../containerd/ports';

export function layerDirs(mounts: MountSpec[]): string[] {
  const m = mounts[0];
  if (!m) return [];
  if (m.type === 'bind') return [m.source];
  if (m.type !== 'overlay') return [];
  const opt = (key: string) => m.options.find((o) => o.startsWith(`${key}=`))?.slice(key.length + 1);
  return [...(opt('upperdir') ? [opt('upperdir') as string] : []), ...(opt('lowerdir')?.split(':') ?? [])];
}

export async function readRootfsFile(mounts: MountSpec[], path: string): Promise<string | undefined> {
  for (const dir of layerDirs(mounts)) {
    try {
      return await readFile(`${dir}${path}`, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return undefined;
}
