/**
 * The mount list, as moby's withMounts (daemon/oci_linux.go) assembles it: Docker's default mounts (plus the
 * --init binary) minus those a user mount replaces (a user /dev replaces everything under /dev), /dev/shm sized
 * by --shm-size, then the user mounts sorted by depth; --read-only adds `ro` to the default mounts except
 * /proc, /dev, /dev/pts, /dev/mqueue and /dev/shm; --privileged makes /sys and (unless writable-cgroups=false)
 * the cgroup mount writable.
 */
import { posix } from 'node:path';
import { InvalidArgumentError } from '../../../errors/index';
import { defaultMounts, INIT_PATH_IN_CONTAINER, WRITABLE_UNDER_READONLY, type CgroupVersion } from './defaults';
import type { Mount } from './types';

/**
 * A --tmpfs mount: `--tmpfs /run:rw,size=64m` is {destination: '/run', data: 'rw,size=64m'} (HostConfig.Tmpfs;
 * the shape cli/opts parseTmpfs returns, whose extra fields are ignored).
 */
export interface TmpfsMount {
  destination: string;
  /** The comma-separated options after the colon ("" or undefined: none). */
  data?: string;
}

/** Mount flags that cancel each other, keyed as moby/sys/mount's flag bits (propagation modes share one key). */
const FLAG_KEYS: Record<string, string> = {
  ro: 'rdonly', rw: 'rdonly', suid: 'nosuid', nosuid: 'nosuid', dev: 'nodev', nodev: 'nodev', exec: 'noexec',
  noexec: 'noexec', sync: 'sync', async: 'sync', dirsync: 'dirsync', remount: 'remount', mand: 'mand', nomand: 'mand',
  atime: 'noatime', noatime: 'noatime', diratime: 'nodiratime', nodiratime: 'nodiratime', relatime: 'relatime',
  norelatime: 'relatime', strictatime: 'strictatime', nostrictatime: 'strictatime', bind: 'propagation',
  rbind: 'propagation', unbindable: 'propagation', runbindable: 'propagation', private: 'propagation',
  rprivate: 'propagation', shared: 'propagation', rshared: 'propagation', slave: 'propagation', rslave: 'propagation',
};
const TMPFS_DATA = new Set(['size', 'mode', 'uid', 'gid', 'nr_inodes', 'nr_blocks', 'mpol']);

/** moby/sys/mount MergeTmpfsOptions: the last of each conflicting flag or data key wins, order kept. */
export function mergeTmpfsOptions(options: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = options.length - 1; i >= 0; i--) {
    const opt = options[i] ?? '';
    if (opt === 'defaults') continue;
    const flag = FLAG_KEYS[opt];
    const key = flag !== undefined ? `flag:${flag}` : `data:${opt.split('=')[0] ?? ''}`;
    if (flag === undefined) {
      const name = opt.split('=')[0] ?? '';
      if (!opt.includes('=') || !TMPFS_DATA.has(name)) throw new InvalidArgumentError(`invalid tmpfs option "${name}"`);
    }
    if (seen.has(key)) continue;
    seen.add(key);
    out.unshift(opt);
  }
  return out;
}

/** A --tmpfs mount as Docker writes it: noexec,nosuid,nodev,rprivate then the user's options, merged. */
export function tmpfsMount(t: TmpfsMount): Mount {
  const extra = t.data ? t.data.split(',') : [];
  return {
    destination: t.destination,
    type: 'tmpfs',
    source: 'tmpfs',
    options: mergeTmpfsOptions(['noexec', 'nosuid', 'nodev', 'rprivate', ...extra]),
  };
}

function depth(dest: string): number {
  return posix.normalize(dest).split('/').length;
}

export interface MountPlan {
  cgroupVersion: CgroupVersion;
  /** /dev/shm size in bytes. */
  shmSize: number;
  /** Host path of the init binary (--init), bind-mounted read-only at /sbin/docker-init. */
  initHostPath?: string;
  tmpfs?: readonly TmpfsMount[];
  /** Bind, volume and other mounts, already in OCI form. */
  mounts?: readonly Mount[];
  readOnly?: boolean;
  privileged?: boolean;
  /** `--security-opt writable-cgroups=…`; default: writable when privileged. */
  writableCgroups?: boolean;
}

const without = (opts: string[] | undefined, o: string): string[] => (opts ?? []).filter((x) => x !== o);

export function buildMounts(plan: MountPlan): Mount[] {
  const defaults = defaultMounts(plan.cgroupVersion);
  if (plan.initHostPath) {
    defaults.push({ destination: INIT_PATH_IN_CONTAINER, type: 'bind', source: plan.initHostPath, options: ['bind', 'ro'] });
  }
  const user: Mount[] = [...(plan.mounts ?? []).map((m) => ({ ...m, options: m.options && [...m.options] })), ...(plan.tmpfs ?? []).map(tmpfsMount)];
  for (const m of user) if (m.options === undefined) delete m.options;
  const userDest = new Set(user.map((m) => posix.normalize(m.destination)));
  const userDev = userDest.has('/dev');
  const kept = defaults.filter((m) => !userDest.has(m.destination) && !(userDev && m.destination.startsWith('/dev/')));
  for (const m of kept) if (m.destination === '/dev/shm') m.options = [...(m.options ?? []), `size=${plan.shmSize}`];

  // Array.prototype.sort is stable: mounts of equal depth keep the caller's order.
  const sortedUser = [...user].sort((a, b) => depth(a.destination) - depth(b.destination));
  if (plan.readOnly) {
    for (const m of kept) {
      if (WRITABLE_UNDER_READONLY.includes(m.destination)) continue;
      if (!(m.options ?? []).includes('ro')) m.options = [...(m.options ?? []), 'ro'];
    }
  }
  const writableCgroups = plan.writableCgroups ?? plan.privileged === true;
  for (const m of kept) {
    if (plan.privileged && m.destination === '/sys') m.options = without(m.options, 'ro');
    if (writableCgroups && (m.type === 'cgroup' || m.type === 'cgroup2')) m.options = without(m.options, 'ro');
  }
  return [...kept, ...sortedUser];
}
