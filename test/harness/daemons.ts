/**
 * The real-component harness: a private containerd, a Distribution registry and a buildkitd, all living in one
 * temp directory with their own sockets/ports, plus a busybox test image pushed to that registry.
 * `startHarness` writes the facts to `<dir>/harness.json`; `stopHarness` stops everything and removes the dir.
 * Several harnesses can run at once (no shared socket, port or state directory).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, closeSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ctr, ctrList } from './ctr';
import { buildBusyboxImage, pushImage } from './image';
import { killShims, runcDeleteLeftovers, stopPid, unmountUnder } from './procs';
import { cniDir, componentVersions, type Versions } from './require';
import { removeBridgeLeftovers } from '../../src/net/cni/ipmasq';
import { defaultBridgeName } from '../../src/net/store';
import { freePort, httpStatusIs, pollUntil, socketAnswers } from './wait';

export type BuildkitWorker = 'containerd' | 'oci';

/**
 * NOTE: BuildKit v0.32.2's containerd worker works against Debian's containerd 1.6.20 here: `buildctl debug
 * workers` lists it (executor=containerd, snapshotter=overlayfs) and a Dockerfile with a RUN step builds and
 * unpacks into containerd's image store. It shares the store with tsctl (images land in
 * `buildkitNamespace`), as nerdctl does, so it is the harness's worker. Switch to 'oci' only if that breaks.
 */
export const BUILDKIT_WORKER: BuildkitWorker = 'containerd';

export interface Harness {
  dir: string;
  /** Path of the containerd gRPC socket (pass as `--address`/CONTAINERD_ADDRESS). */
  containerdAddress: string;
  /** 127.0.0.1:<port> of the plain-HTTP registry. */
  registryHost: string;
  /** unix://<dir>/buildkitd.sock (pass as BUILDKIT_HOST). */
  buildkitHost: string;
  buildkitWorker: BuildkitWorker;
  /** containerd namespace the containerd worker stores built images in. */
  buildkitNamespace: string;
  /** tsctl config file written for the tests (data_root etc. inside `dir`). */
  tsctlConfig: string;
  dataRoot: string;
  cniPath: string;
  cniConfDir: string;
  images: { busybox: string };
  imageDigests: { busybox: string };
  /** OCI image layout directories of the test images (tag `latest`). */
  imageLayouts: { busybox: string };
  versions: Versions;
  pids: Partial<Record<DaemonName, number>>;
  startupMs: number;
}

type DaemonName = 'containerd' | 'registry' | 'buildkitd';

const log = (msg: string): void => void process.stderr.write(`harness: ${msg}\n`);

/**
 * Starts a daemon in its own process group, output to <dir>/logs/<name>.log, pid to <dir>/pids/<name>.pid.
 * NOTE: each daemon runs under `tini -s -p SIGTERM`: as a subreaper tini reaps the containerd shims that
 * daemonize below it (PID 1 on these machines does not reap, so they would linger as zombies), and the parent
 * death signal makes the daemons shut down even if the runner is SIGKILLed. tini forwards SIGTERM.
 */
function startDaemon(dir: string, name: DaemonName, cmd: string, args: string[]): ChildProcess {
  const fd = openSync(join(dir, 'logs', `${name}.log`), 'a');
  const child = spawn('tini', ['-s', '-p', 'SIGTERM', '--', cmd, ...args], { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (child.pid !== undefined) writeFileSync(join(dir, 'pids', `${name}.pid`), String(child.pid));
  child.on('error', () => undefined); // reported through exitReason
  return child;
}

function exitReason(child: ChildProcess, name: string, dir: string): string | undefined {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) return undefined;
  const logPath = join(dir, 'logs', `${name}.log`);
  const tail = readFileSync(logPath, 'utf8').trim().split('\n').slice(-8).join('\n');
  return `${name} exited (code ${child.exitCode}, signal ${child.signalCode}); ${logPath}:\n${tail}`;
}

async function startContainerd(dir: string): Promise<{ child: ChildProcess; address: string }> {
  const address = join(dir, 'containerd.sock');
  const config = join(dir, 'containerd', 'config.toml');
  writeFileSync(
    config,
    [
      'version = 2',
      `root = "${join(dir, 'containerd', 'root')}"`,
      `state = "${join(dir, 'containerd', 'state')}"`,
      'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
      `[grpc]\n  address = "${address}"`,
      `[ttrpc]\n  address = "${address}.ttrpc"`,
      `[debug]\n  address = "${join(dir, 'containerd-debug.sock')}"\n  level = "info"`,
      `[plugins."io.containerd.internal.v1.opt"]\n  path = "${join(dir, 'containerd', 'opt')}"`,
      '',
    ].join('\n'),
  );
  const child = startDaemon(dir, 'containerd', 'containerd', ['--config', config]);
  const abort = (): string | undefined => exitReason(child, 'containerd', dir);
  await pollUntil('containerd socket', () => socketAnswers(address), { timeoutMs: 30_000, abort });
  await pollUntil('containerd API', async () => (await ctr(address, ['version'], { timeoutMs: 5000 })).exitCode === 0, {
    timeoutMs: 30_000,
    abort,
  });
  return { child, address };
}

async function startRegistry(dir: string): Promise<{ child: ChildProcess; host: string }> {
  for (let attempt = 1; ; attempt++) {
    const host = `127.0.0.1:${await freePort()}`;
    const config = join(dir, 'registry', 'config.yml');
    writeFileSync(
      config,
      [
        'version: 0.1',
        'log:\n  level: warn',
        `storage:\n  filesystem:\n    rootdirectory: ${join(dir, 'registry', 'data')}\n  delete:\n    enabled: true`,
        `http:\n  addr: ${host}\n  secret: ${randomBytes(16).toString('hex')}`,
        '',
      ].join('\n'),
    );
    const child = startDaemon(dir, 'registry', 'docker-registry', ['serve', config]);
    try {
      await pollUntil('registry /v2/', () => httpStatusIs(`http://${host}/v2/`, 200), {
        timeoutMs: 20_000,
        abort: () => exitReason(child, 'registry', dir),
      });
      return { child, host };
    } catch (err) {
      // The free port may have been taken by someone else in between: retry on another one.
      if (attempt >= 3 || exitReason(child, 'registry', dir) === undefined) throw err;
      log(`registry on ${host} failed (attempt ${attempt}), retrying on another port`);
    }
  }
}

async function startBuildkitd(dir: string, containerdAddress: string, registryHost: string, ns: string): Promise<{ child: ChildProcess; host: string }> {
  const socket = join(dir, 'buildkitd.sock');
  const config = join(dir, 'buildkit', 'buildkitd.toml');
  writeFileSync(config, `[registry."${registryHost}"]\n  http = true\n  insecure = true\n`);
  const workerArgs =
    BUILDKIT_WORKER === 'containerd'
      ? ['--oci-worker=false', '--containerd-worker=true', '--containerd-worker-addr', containerdAddress, '--containerd-worker-namespace', ns]
      : ['--oci-worker=true', '--containerd-worker=false'];
  const args = ['--config', config, '--addr', `unix://${socket}`, '--root', join(dir, 'buildkit', 'root'), ...workerArgs];
  const child = startDaemon(dir, 'buildkitd', 'buildkitd', args);
  await pollUntil('buildkitd socket', () => socketAnswers(socket), { timeoutMs: 30_000, abort: () => exitReason(child, 'buildkitd', dir) });
  return { child, host: `unix://${socket}` };
}

/**
 * Starts containerd, registry and buildkitd in `dir` (created if needed) and pushes the test image.
 * On failure the daemons are stopped but `dir` (with logs/) is kept: the caller removes it with stopHarness.
 */
export async function startHarness(dir: string): Promise<Harness> {
  const t0 = Date.now();
  for (const sub of ['logs', 'pids', 'containerd', 'registry', 'buildkit', 'images/busybox', 'tsctl-data', 'cni/net.d']) {
    mkdirSync(join(dir, sub), { recursive: true });
  }
  try {
    const buildkitNamespace = 'default';
    const [ctrd, reg] = await Promise.all([startContainerd(dir), startRegistry(dir)]);
    const [bk, img] = await Promise.all([
      startBuildkitd(dir, ctrd.address, reg.host, buildkitNamespace),
      buildBusyboxImage(join(dir, 'images', 'busybox')),
    ]);
    const busyboxDigest = await pushImage(img, reg.host, 'tsctl-test/busybox', 'latest');
    const dataRoot = join(dir, 'tsctl-data');
    const tsctlConfig = join(dir, 'tsctl.toml');
    const cniPath = cniDir() ?? '/usr/lib/cni';
    const cniConfDir = join(dir, 'cni', 'net.d');
    writeFileSync(
      tsctlConfig,
      `# written by the tsctl test harness\naddress = "${ctrd.address}"\ndata_root = "${dataRoot}"\n` +
        `cni_path = "${cniPath}"\ncni_netconfpath = "${cniConfDir}"\n`,
    );
    const h: Harness = {
      dir,
      containerdAddress: ctrd.address,
      registryHost: reg.host,
      buildkitHost: bk.host,
      buildkitWorker: BUILDKIT_WORKER,
      buildkitNamespace,
      tsctlConfig,
      dataRoot,
      cniPath,
      cniConfDir,
      images: { busybox: `${reg.host}/tsctl-test/busybox:latest` },
      imageDigests: { busybox: busyboxDigest },
      imageLayouts: { busybox: img.layoutDir },
      versions: componentVersions(),
      pids: { containerd: ctrd.child.pid, registry: reg.child.pid, buildkitd: bk.child.pid },
      startupMs: Date.now() - t0,
    };
    writeFileSync(join(dir, 'harness.json'), `${JSON.stringify(h, null, 2)}\n`);
    return h;
  } catch (err) {
    await stopHarness({ dir }, { keepDir: true }).catch((e: unknown) => log(`teardown after failed start: ${String(e)}`));
    throw err;
  }
}

function pidOf(dir: string, name: DaemonName): number | undefined {
  try {
    const n = Number(readFileSync(join(dir, 'pids', `${name}.pid`), 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops everything started for `dir` and removes it. Works after a partial start and for a harness left behind
 * by a dead runner: it only needs `dir` (pids come from <dir>/pids, checked against /proc before signalling).
 */
export async function stopHarness(h: Pick<Harness, 'dir'>, opts: { keepDir?: boolean } = {}): Promise<void> {
  const { dir } = h;
  const address = join(dir, 'containerd.sock');
  const problems: string[] = [];
  const ctrdPid = pidOf(dir, 'containerd');
  // Tasks left by tests: kill and delete them through containerd while it still runs (shims unmount rootfs).
  if (ctrdPid !== undefined && (await socketAnswers(address))) {
    try {
      for (const ns of await ctrList(address, ['namespaces', 'ls'])) {
        for (const task of await ctrList(address, ['tasks', 'ls'], ns)) {
          await ctr(address, ['tasks', 'kill', '--all', '--signal', 'SIGKILL', task], { namespace: ns, timeoutMs: 10_000 });
          await ctr(address, ['tasks', 'delete', '--force', task], { namespace: ns, timeoutMs: 10_000 });
        }
      }
    } catch (err) {
      problems.push(`task clean-up: ${String(err)}`);
    }
  }
  for (const [name, graceMs] of [['buildkitd', 10_000], ['registry', 5_000]] as const) {
    const pid = pidOf(dir, name);
    if (pid !== undefined) await stopPid(pid, dir, graceMs).catch((e: unknown) => problems.push(String(e)));
  }
  const shims = await killShims(address);
  if (shims > 0) log(`killed ${shims} leftover containerd shim(s) of ${address}`);
  const deleted = await runcDeleteLeftovers(join(dir, 'containerd', 'state'));
  if (deleted > 0) log(`runc delete --force of ${deleted} leftover container(s)`);
  if (ctrdPid !== undefined) await stopPid(ctrdPid, dir, 10_000).catch((e: unknown) => problems.push(String(e)));
  // The default network's bridge of this run's data root (tests remove the networks they create themselves).
  await removeBridgeLeftovers(defaultBridgeName(join(dir, 'tsctl-data'))).catch((e: unknown) => problems.push(`default bridge: ${String(e)}`));
  const stillMounted = await unmountUnder(dir);
  if (stillMounted.length > 0) problems.push(`still mounted: ${stillMounted.join(', ')}`);
  if (!opts.keepDir && stillMounted.length === 0) {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch((e: unknown) => problems.push(`rm ${dir}: ${String(e)}`));
  }
  if (problems.length > 0) throw new Error(`harness teardown of ${dir}: ${problems.join('; ')}`);
}

/** Harness dirs under `parent` named `prefix*`, for sweeping leftovers of dead runners. */
export function harnessDirs(parent: string, prefix: string): string[] {
  try {
    return readdirSync(parent)
      .filter((n) => n.startsWith(prefix))
      .map((n) => join(parent, n));
  } catch {
    return [];
  }
}
