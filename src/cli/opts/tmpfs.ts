/**
 * `--tmpfs /dest[:opts]` (docker/cli keeps HostConfig.Tmpfs {dest: opts}; dockerd checks the destination and
 * builds the OCI mount with moby/sys/mount's MergeTmpfsOptions over `noexec,nosuid,nodev,rprivate`) and
 * `--shm-size` (a byte size; dockerd's default is 64 MiB).
 */
import { cut, daemonError, goPathClean, goQuote, setKey } from './common';
import { parseBytes } from './bytes';

/** dockerd's default /dev/shm size (64 MiB). */
export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

/** dockerd's options in front of every `--tmpfs` mount's own. */
export const TMPFS_DEFAULT_OPTIONS = ['noexec', 'nosuid', 'nodev', 'rprivate'] as const;

/** Mount flags MergeTmpfsOptions knows; the same id means the options override each other. */
const FLAG_IDS: Record<string, string> = {
  ro: 'rdonly', rw: 'rdonly', suid: 'nosuid', nosuid: 'nosuid', dev: 'nodev', nodev: 'nodev', exec: 'noexec',
  noexec: 'noexec', sync: 'sync', async: 'sync', dirsync: 'dirsync', remount: 'remount', mand: 'mand', nomand: 'mand',
  atime: 'noatime', noatime: 'noatime', diratime: 'nodiratime', nodiratime: 'nodiratime', relatime: 'relatime',
  norelatime: 'relatime', strictatime: 'strictatime', nostrictatime: 'strictatime',
  bind: 'propagation', rbind: 'propagation', unbindable: 'propagation', runbindable: 'propagation',
  private: 'propagation', rprivate: 'propagation', shared: 'propagation', rshared: 'propagation',
  slave: 'propagation', rslave: 'propagation',
};
const DATA_KEYS = new Set(['size', 'mode', 'uid', 'gid', 'nr_inodes', 'nr_blocks', 'mpol']);

/**
 * moby/sys/mount MergeTmpfsOptions: later options win over earlier ones of the same kind (`rw` over `ro`, `exec`
 * over `noexec`, `size=2m` over `size=1m`, any propagation over another), `defaults` dropped, order kept.
 * Unknown options fail: `invalid tmpfs option "foo"` (the part before `=`).
 */
export function mergeTmpfsOptions(options: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = options.length - 1; i >= 0; i--) {
    const option = options[i] ?? '';
    if (option === 'defaults') continue;
    const flag = FLAG_IDS[option];
    const [key, , hasValue] = cut(option, '=');
    if (flag === undefined && (!hasValue || !DATA_KEYS.has(key))) throw daemonError(`invalid tmpfs option ${goQuote(key)}`);
    const id = flag ?? `data:${key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.unshift(option);
  }
  return out;
}

/**
 * dockerd's ValidateTmpfsMountDestination: `invalid specification: destination can't be '/'`,
 * `invalid mount path: 'run' mount path must be absolute`.
 */
export function validateTmpfsDestination(dest: string): void {
  const p = dest.replaceAll('\\', '/');
  if (goPathClean(p) === '/') throw daemonError("invalid specification: destination can't be '/'");
  if (!p.startsWith('/')) throw daemonError(`invalid mount path: '${p}' mount path must be absolute`);
}

export interface TmpfsMount {
  destination: string;
  /** The options as given (HostConfig.Tmpfs value), e.g. `rw,size=64m,mode=1777`. */
  data: string;
  /** The OCI mount options dockerd uses: the defaults merged with `data`. */
  options: string[];
}

/** One `--tmpfs` value: `/run`, `/run:rw,size=64m,mode=1777` (split at the first `:`). */
export function parseTmpfs(value: string): TmpfsMount {
  const [destination, data] = cut(value, ':');
  validateTmpfsDestination(destination);
  const options = mergeTmpfsOptions([...TMPFS_DEFAULT_OPTIONS, ...(data === '' ? [] : data.split(','))]);
  return { destination, data, options };
}

/** All `--tmpfs` values as HostConfig.Tmpfs (the last one for a destination wins), each checked by parseTmpfs. */
export function parseTmpfsList(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const t = parseTmpfs(v);
    setKey(out, t.destination, t.data);
  }
  return out;
}

/** `--shm-size`: a byte size (parseBytes); 0 means dockerd's default, DEFAULT_SHM_SIZE. */
export function parseShmSize(value: string): number {
  return parseBytes(value);
}
