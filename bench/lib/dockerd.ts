/**
 * A private dockerd for side-by-side benchmarks: on the harness's containerd (`--containerd`, its own containerd
 * namespaces), with its own data root, exec root, pidfile and unix socket under `dir`. Its default bridge network
 * is a Linux bridge made here for it (BRIDGE, 10.213.0.1/24, removed at stop) instead of docker0, and it runs with
 * `--iptables=false --ip-masq=false --ip-forward=false`: it creates no docker0 and does not touch the host's
 * iptables or sysctls (the machine is shared with the integration tests' CNI networks), while its containers still
 * get Docker's bridge set-up (network namespace, veth pair on the bridge, IPAM, /etc/hosts). Images come from a tar
 * (`docker load`): there is no internet.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeNamespace } from '../../test/harness/ctr';
import { stopPid, unmountUnder } from '../../test/harness/procs';
import { pollUntil } from '../../test/harness/wait';

/** The bridge the private dockerd uses as its default network (`--bridge`), and its address. */
export const BRIDGE = 'tsbench-dk0';
const BRIDGE_CIDR = '10.213.0.1/24';

function ip(...args: string[]): { ok: boolean; err: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  return { ok: r.status === 0, err: (r.stderr ?? '').trim() };
}

function makeBridge(): void {
  ip('link', 'del', BRIDGE); // left by an interrupted run
  for (const args of [['link', 'add', BRIDGE, 'type', 'bridge'], ['addr', 'add', BRIDGE_CIDR, 'dev', BRIDGE], ['link', 'set', BRIDGE, 'up']]) {
    const r = ip(...args);
    if (!r.ok) throw new Error(`ip ${args.join(' ')}: ${r.err}`);
  }
}

export interface PrivateDockerd {
  /** `unix://…/docker.sock`, for `docker -H`. */
  host: string;
  /** dockerd's pid (for CPU accounting). */
  pid: number;
  version: string;
  /** `docker -H <host> args…` as an argv. */
  docker(...args: string[]): string[];
  stop(): Promise<void>;
}

const tail = (path: string): string => {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-6).join('\n');
  } catch {
    return '';
  }
};

/** Starts dockerd; throws with the reason (and the log's tail) when it does not answer within 60 s. */
export async function startDockerd(dir: string, containerdAddress: string, namespace = 'bench-moby'): Promise<PrivateDockerd> {
  mkdirSync(dir, { recursive: true });
  const sock = join(dir, 'docker.sock');
  const logPath = join(dir, 'dockerd.log');
  makeBridge();
  const fd = openSync(logPath, 'a');
  const child: ChildProcess = spawn(
    'dockerd',
    [
      '-H', `unix://${sock}`,
      '--containerd', containerdAddress,
      '--containerd-namespace', namespace,
      '--containerd-plugins-namespace', `${namespace}-plugins`,
      '--data-root', join(dir, 'root'),
      '--exec-root', join(dir, 'exec'),
      '--pidfile', join(dir, 'dockerd.pid'),
      `--bridge=${BRIDGE}`, '--iptables=false', '--ip-masq=false', '--ip-forward=false',
    ],
    { stdio: ['ignore', fd, fd], detached: true },
  );
  closeSync(fd);
  let spawnError = '';
  child.on('error', (e) => void (spawnError = e.message));
  const docker = (...args: string[]): string[] => ['docker', '-H', `unix://${sock}`, ...args];
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) await stopPid(child.pid, sock, 20_000);
    for (const ns of [namespace, `${namespace}-plugins`]) await removeNamespace(containerdAddress, ns);
    ip('link', 'del', BRIDGE);
    const left = await unmountUnder(dir);
    if (left.length > 0) throw new Error(`still mounted under ${dir}: ${left.join(', ')}`);
  };
  let version = '';
  try {
    await pollUntil(`dockerd on ${sock}`, async () => {
      const r = spawnSyncText(docker('version', '--format', '{{.Server.Version}}'));
      version = r.ok ? r.out.trim() : '';
      return r.ok;
    }, {
      timeoutMs: 60_000,
      intervalMs: 250,
      abort: () => (spawnError !== '' ? spawnError : child.exitCode !== null || child.signalCode !== null ? `dockerd exited (${child.exitCode ?? child.signalCode}):\n${tail(logPath)}` : undefined),
    });
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
  return { host: `unix://${sock}`, pid: child.pid ?? 0, version, docker, stop };
}

function spawnSyncText(argv: string[]): { ok: boolean; out: string } {
  const r = spawnSync(argv[0] ?? '', argv.slice(1), { encoding: 'utf8', timeout: 10_000 });
  return { ok: r.status === 0, out: r.stdout ?? '' };
}
