/**
 * Process and mount clean-up for the harness: stop a daemon by pid (SIGTERM, then SIGKILL), find containerd
 * shims (and their container processes) bound to one containerd socket, and unmount whatever is left under a
 * directory. Everything works from /proc so it also cleans up after a runner that died.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** argv of a live process, or undefined when it is gone. */
export function cmdline(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((s) => s !== '');
  } catch {
    return undefined;
  }
}

/** True while the process exists and is not a zombie. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() >= deadline) return false;
    await delay(25);
  }
  return true;
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL. Only when the process's argv still mentions `marker` (pid reuse). */
export async function stopPid(pid: number, marker: string, graceMs: number): Promise<void> {
  const argv = cmdline(pid);
  if (argv === undefined || !alive(pid) || !argv.some((a) => a.includes(marker))) return;
  signal(pid, 'SIGTERM');
  if (await waitGone(pid, graceMs)) return;
  signal(pid, 'SIGKILL');
  if (!(await waitGone(pid, 5000))) throw new Error(`pid ${pid} (${argv.join(' ')}) survived SIGKILL`);
}

function parentMap(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // raced with exit
    }
  }
  return children;
}

/** Pids of `containerd-shim*` processes started by the containerd listening on `address`. */
export function shimPids(address: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const argv = cmdline(Number(name));
    if (argv === undefined || !(argv[0] ?? '').includes('containerd-shim')) continue;
    const i = argv.indexOf('-address');
    if (i >= 0 && argv[i + 1] === address) pids.push(Number(name));
  }
  return pids;
}

/** SIGKILLs the shims of `address` and every process below them (the containers they supervise). */
export async function killShims(address: string): Promise<number> {
  const shims = shimPids(address);
  if (shims.length === 0) return 0;
  const children = parentMap();
  const tree: number[] = [];
  const walk = (pid: number): void => {
    for (const c of children.get(pid) ?? []) walk(c);
    tree.push(pid);
  };
  shims.forEach(walk);
  tree.forEach((pid) => signal(pid, 'SIGKILL'));
  await Promise.all(tree.map((pid) => waitGone(pid, 5000)));
  return shims.length;
}

/** containerd 1.6's default runc state root (`--root` of runc, one subdirectory per namespace). */
export const RUNC_ROOT = '/run/containerd/runc';

/**
 * After shims were killed, their runc containers still have runc state and cgroups: `runc delete --force` every
 * task left in containerd's v2 task state dir (`<state>/io.containerd.runtime.v2.task/<ns>/<id>`).
 */
export async function runcDeleteLeftovers(containerdStateDir: string): Promise<number> {
  const taskRoot = `${containerdStateDir}/io.containerd.runtime.v2.task`;
  const ls = (d: string): string[] => {
    try {
      return readdirSync(d);
    } catch {
      return [];
    }
  };
  let n = 0;
  for (const ns of ls(taskRoot)) {
    for (const id of ls(`${taskRoot}/${ns}`)) {
      await run('runc', ['--root', `${RUNC_ROOT}/${ns}`, 'delete', '--force', id]).then(() => n++, () => undefined);
    }
    // Per-namespace parents (runc state dir, cgroup v1 dirs /<ns>) go too when empty; rmdir refuses otherwise.
    for (const d of [`${RUNC_ROOT}/${ns}`, ...ls('/sys/fs/cgroup').map((c) => `/sys/fs/cgroup/${c}/${ns}`)]) {
      await rmdir(d).catch(() => undefined);
    }
  }
  return n;
}

/** Mount points at or below `dir` (deepest first), from /proc/self/mountinfo. */
export function mountsUnder(dir: string): string[] {
  const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => unescape(line.split(' ')[4] ?? ''))
    .filter((mp) => mp === dir || mp.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/** Unmounts everything under `dir` (plain umount, lazy as a fallback). Returns what is still mounted. */
export async function unmountUnder(dir: string): Promise<string[]> {
  for (let round = 0; round < 3; round++) {
    const mounts = mountsUnder(dir);
    if (mounts.length === 0) return [];
    for (const mp of new Set(mounts)) {
      await run('umount', [mp]).catch(() => run('umount', ['-l', mp]).catch(() => undefined));
    }
  }
  return mountsUnder(dir);
}
