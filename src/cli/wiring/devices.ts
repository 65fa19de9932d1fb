/**
 * `--device` host side: the device node (or a directory of them) stat'ed for the spec, as moby's
 * oci.DevicesFromPath with runc's DeviceFromPath: a symlink is resolved first, a directory contributes every
 * device node below it (its path rewritten under the container path), anything else is refused with
 * `error gathering device information while adding custom device "<path>": <reason>`.
 */
import { lstat, readdir, realpath } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { daemonError } from '../opts/common';
import type { DeviceMapping as ParsedDevice } from '../opts/device';
import type { DeviceMapping } from '../../services/containers/spec/resources';
import type { DeviceType } from '../../services/containers/spec/types';

const S_IFMT = 0o170000n;
const TYPES = new Map<bigint, DeviceType>([
  [0o060000n, 'b'],
  [0o020000n, 'c'],
  [0o010000n, 'p'],
]);

/** Linux's major()/minor() of a dev_t. */
export function splitDev(rdev: bigint): { major: number; minor: number } {
  return {
    major: Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn)),
    minor: Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn)),
  };
}

function fromStat(st: BigIntStats, pathOnHost: string, pathInContainer: string, permissions: string): DeviceMapping | undefined {
  const type = TYPES.get(st.mode & S_IFMT);
  if (!type) return undefined;
  return {
    pathOnHost,
    pathInContainer,
    cgroupPermissions: permissions,
    type,
    ...splitDev(st.rdev),
    fileMode: Number(st.mode & 0o7777n),
    uid: Number(st.uid),
    gid: Number(st.gid),
  };
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
};

async function walk(dir: string, out: string[]): Promise<void> {
  out.push(dir);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else out.push(p);
  }
}

export async function devicesFromPath(d: ParsedDevice): Promise<DeviceMapping[]> {
  let resolved = d.pathOnHost;
  const first = await lstat(d.pathOnHost, { bigint: true }).catch(() => undefined);
  if (first?.isSymbolicLink()) resolved = await realpath(d.pathOnHost).catch(() => d.pathOnHost);
  let st: BigIntStats;
  try {
    st = await lstat(resolved, { bigint: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw daemonError(`error gathering device information while adding custom device "${d.pathOnHost}": ${ERRNO_TEXT[code] ?? (e as Error).message}`);
  }
  const dev = fromStat(st, d.pathOnHost, d.pathInContainer, d.cgroupPermissions);
  if (dev) return [dev];
  const found: DeviceMapping[] = [];
  if (st.isDirectory()) {
    const paths: string[] = [];
    await walk(resolved, paths);
    for (const p of paths) {
      const child = await lstat(p, { bigint: true }).catch(() => undefined);
      const m = child && fromStat(child, p, p.replace(resolved, d.pathInContainer), d.cgroupPermissions);
      if (m) found.push(m);
    }
  }
  if (found.length > 0) return found;
  throw daemonError(`error gathering device information while adding custom device "${d.pathOnHost}": not a device node`);
}
