/**
 * Timing one command for the image benchmark: wall time (measured here, around the whole process), its peak RSS
 * and CPU time (GNU time's %M/%U/%S when /usr/bin/time exists, else VmHWM polled from /proc), the CPU time a
 * daemon (containerd) spent meanwhile, and its output lines with their arrival times (to split phases).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface Sample {
  ms: number;
  ok: boolean;
  exitCode: number | null;
  /** Peak resident set size of the command (KiB). */
  rssKiB?: number;
  userS?: number;
  sysS?: number;
  /** CPU seconds the watched daemon used during the command. */
  daemonCpuS?: number;
  /** stdout+stderr lines with their time since start (ms). */
  lines: { ms: number; text: string }[];
}

let timeFiles = 0;
let clkTck: number | undefined;
function ticksPerSecond(): number {
  if (clkTck === undefined) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** utime+stime of a process in seconds, or undefined when it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
  } catch {
    return undefined;
  }
}

/** The pid of the child of `parent` whose command name is `comm` (a daemon started under tini). */
export function childNamed(parent: number, comm: string): number | undefined {
  for (const name of readdirNumeric()) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const c = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && c === comm) return Number(name);
    } catch {
      // raced with exit
    }
  }
  return undefined;
}

function readdirNumeric(): string[] {
  try {
    return readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
}

function vmHWM(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `argv` (no shell) and measures it. `scratch` is a directory for GNU time's output file.
 * Runs `sync` first so that writeback of an earlier run does not land in this one (`noSync`: not, for commands
 * started together). `discardStdout`: stdout goes to /dev/null (a 100 MB `logs`), only stderr is collected.
 */
export async function measure(
  argv: string[],
  opts: { env?: Record<string, string>; scratch: string; daemonPid?: number; timeoutMs?: number; signal?: AbortSignal; noSync?: boolean; discardStdout?: boolean },
): Promise<Sample> {
  if (!opts.noSync) execFileSync('sync');
  const useTime = existsSync(GNU_TIME);
  const timeFile = join(opts.scratch, `time-${process.pid}-${++timeFiles}.txt`);
  const full = useTime ? [GNU_TIME, '-o', timeFile, '-f', '%U %S %M', ...argv] : argv;
  const daemonBefore = opts.daemonPid === undefined ? undefined : cpuSeconds(opts.daemonPid);
  const lines: Sample['lines'] = [];
  const t0 = performance.now();
  // Own process group, so a timeout or an interrupt can kill the command together with GNU time.
  const child = spawn(full[0] ?? '', full.slice(1), { stdio: ['ignore', opts.discardStdout ? 'ignore' : 'pipe', 'pipe'], env: { ...process.env, ...opts.env }, detached: true });
  const collect = (stream: NodeJS.ReadableStream): void => {
    let rest = '';
    stream.on('data', (d: Buffer) => {
      const ms = performance.now() - t0;
      const parts = (rest + d.toString('utf8')).split(/\r?\n|\r/);
      rest = parts.pop() ?? '';
      for (const text of parts) if (text.trim() !== '') lines.push({ ms, text });
    });
    stream.on('end', () => {
      if (rest.trim() !== '') lines.push({ ms: performance.now() - t0, text: rest });
    });
  };
  if (child.stdout) collect(child.stdout);
  if (child.stderr) collect(child.stderr);
  let hwm = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        const v = child.pid === undefined ? undefined : vmHWM(child.pid);
        if (v !== undefined && v > hwm) hwm = v;
      }, 10);
  const kill = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(kill, opts.timeoutMs ?? 600_000);
  opts.signal?.addEventListener('abort', kill, { once: true });
  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code));
  });
  const ms = performance.now() - t0;
  clearTimeout(timer);
  opts.signal?.removeEventListener('abort', kill);
  if (poll) clearInterval(poll);
  const daemonAfter = opts.daemonPid === undefined ? undefined : cpuSeconds(opts.daemonPid);
  const sample: Sample = { ms, ok: exitCode === 0, exitCode, lines };
  if (daemonBefore !== undefined && daemonAfter !== undefined) sample.daemonCpuS = daemonAfter - daemonBefore;
  if (useTime) {
    try {
      const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
      const [u, s, m] = last.split(' ').map(Number);
      if (u !== undefined && s !== undefined && m !== undefined && [u, s, m].every(Number.isFinite)) Object.assign(sample, { userS: u, sysS: s, rssKiB: m });
    } catch {
      // no time output (command not found): reported through ok=false
    }
    rmSync(timeFile, { force: true });
  } else if (hwm > 0) {
    sample.rssKiB = hwm;
  }
  return sample;
}

export interface Stats {
  n: number;
  min: number;
  median: number;
  max: number;
}

export function stats(values: number[]): Stats {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  const mid = v.length / 2;
  const median = v.length === 0 ? NaN : v.length % 2 === 1 ? (v[Math.floor(mid)] ?? NaN) : ((v[mid - 1] ?? NaN) + (v[mid] ?? NaN)) / 2;
  return { n: v.length, min: v[0] ?? NaN, median, max: v[v.length - 1] ?? NaN };
}
