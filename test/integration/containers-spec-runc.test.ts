/**
 * Proves runc accepts the specs buildSpec writes: each test writes config.json into a temporary bundle whose
 * rootfs is Debian's static busybox (+ one symlink per applet), runs `runc run` with its own state root, checks
 * what the container saw, and removes the container (`runc delete -f`), its cgroup and the bundle.
 * Needs root, runc, /bin/busybox and /usr/bin/tini-static (missing ones fail the test, never skip it).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir, release } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { buildSpec, specToJSON, type SpecInput } from '../../src/services/containers/spec/build';
import { capabilitiesFromMask } from '../../src/services/containers/spec/capabilities';
import { goArch } from '../../src/services/containers/spec/seccomp';
import type { ImageConfigFile } from '../../src/oci/types';
import { which } from '../harness/require';

const BUSYBOX = '/bin/busybox';
const TINI = '/usr/bin/tini-static';

function runcPath(): string {
  const runc = which('runc');
  assert.ok(runc, 'runc is not installed');
  assert.equal(process.getuid?.(), 0, 'runc needs root');
  assert.ok(existsSync(BUSYBOX), `${BUSYBOX} missing (Debian package busybox-static)`);
  return runc;
}

const cgroupVersion = (): 1 | 2 => (existsSync('/sys/fs/cgroup/cgroup.controllers') ? 2 : 1);

const IMAGE: ImageConfigFile = {
  architecture: goArch(process.arch),
  os: 'linux',
  config: { Env: ['PATH=/bin'], Cmd: ['/bin/sh'] },
  rootfs: { type: 'layers', diff_ids: [] },
};

interface Bundle {
  id: string;
  dir: string;
  root: string;
}

/** A bundle dir with a busybox rootfs; cleanup (runc delete -f, rm -rf) registered on the test. */
async function makeBundle(t: TestContext, runc: string): Promise<Bundle> {
  const dir = await mkdtemp(join(tmpdir(), 'tsctl-spec-'));
  const root = join(dir, 'state');
  const id = `tsctl-spec-${randomBytes(6).toString('hex')}`;
  t.after(async () => {
    await execa(runc, ['--root', root, 'delete', '-f', id], { reject: false });
    await rm(dir, { recursive: true, force: true });
  });
  const rootfs = join(dir, 'rootfs');
  await mkdir(join(rootfs, 'bin'), { recursive: true });
  for (const d of ['proc', 'sys', 'dev', 'tmp', 'etc', 'run', 'sbin']) await mkdir(join(rootfs, d), { recursive: true });
  await chmod(join(rootfs, 'tmp'), 0o1777);
  await copyFile(BUSYBOX, join(rootfs, 'bin', 'busybox'));
  await chmod(join(rootfs, 'bin', 'busybox'), 0o755);
  const applets = (await execa(BUSYBOX, ['--list'])).stdout.split('\n').filter((a) => a && a !== 'busybox');
  for (const a of applets) await symlink('busybox', join(rootfs, 'bin', a));
  await writeFile(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/tmp:/bin/sh\n');
  await writeFile(join(rootfs, 'etc', 'group'), 'root:x:0:\napp:x:1000:\n');
  return { id, dir, root };
}

/** What this process may grant (Docker's GetAllCapabilities): a VM or a container may lack some. */
function hostCapabilities(): string[] {
  const eff = /^CapEff:\s+([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  assert.ok(eff, 'CapEff in /proc/self/status');
  return capabilitiesFromMask(eff);
}

function baseInput(b: Bundle, over: Partial<SpecInput>): SpecInput {
  return {
    id: b.id,
    namespace: 'tsctl-test',
    image: IMAGE,
    env: ['PATH=/bin', `HOSTNAME=${b.id.slice(0, 12)}`],
    // One level, so `runc delete` removes the whole cgroup (the default is /<namespace>/<id>).
    cgroupsPath: `/${b.id}`,
    host: { cgroupVersion: cgroupVersion(), arch: goArch(process.arch), kernelVersion: release(), capabilities: hostCapabilities() },
    ...over,
  };
}

async function runSpec(runc: string, b: Bundle, input: SpecInput): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  await writeFile(join(b.dir, 'config.json'), specToJSON(buildSpec(input), 2));
  const r = await execa(runc, ['--root', b.root, 'run', '--bundle', b.dir, b.id], { reject: false, stdin: 'ignore', timeout: 60_000 });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Parses `Key:\tvalue` lines of /proc/self/status. */
function status(text: string): Map<string, string> {
  return new Map(text.split('\n').map((l) => l.split(/:\s+/, 2) as [string, string]).filter(([k, v]) => k && v !== undefined));
}

test('runc runs the default spec: echo ok', async (t) => {
  const runc = runcPath();
  const b = await makeBundle(t, runc);
  const r = await runSpec(runc, b, baseInput(b, { cmd: ['/bin/sh', '-c', 'echo ok'] }));
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout, 'ok');
});

test('runc enforces the defaults: caps, seccomp, masked paths, hostname, ro /sys, shm size', async (t) => {
  const runc = runcPath();
  const b = await makeBundle(t, runc);
  const script = [
    'grep -E "^(CapEff|CapBnd|Seccomp|NoNewPrivs):" /proc/self/status',
    'echo "host=$(hostname)"',
    'echo "interrupts=$(wc -c < /proc/interrupts)"',
    'echo "firmware=$(ls -A /sys/firmware | wc -l)"',
    'touch /sys/x 2>/dev/null && echo sys=rw || echo sys=ro',
    'unshare -U true 2>/dev/null && echo unshare=ok || echo unshare=denied',
    'df -k /dev/shm | tail -n 1',
  ].join('; ');
  const r = await runSpec(runc, b, baseInput(b, { hostname: 'spec-host', cmd: ['/bin/sh', '-c', script] }));
  assert.equal(r.exitCode, 0, r.stderr);
  const st = status(r.stdout);
  assert.equal(st.get('CapEff'), '00000000a80425fb', 'Docker default capability mask');
  assert.equal(st.get('Seccomp'), '2');
  assert.equal(st.get('NoNewPrivs'), '0');
  assert.match(r.stdout, /^host=spec-host$/m);
  // Masked: /proc/interrupts reads as /dev/null, /sys/firmware is an empty read-only tmpfs.
  assert.match(r.stdout, /^interrupts=0$/m);
  assert.match(r.stdout, /^firmware=0$/m);
  assert.match(r.stdout, /^sys=ro$/m);
  assert.match(r.stdout, /^unshare=denied$/m);
  assert.match(r.stdout, /^shm\s+65536\s/m);
});

test('runc accepts the flag-heavy spec: read-only, tmpfs, init, user, resources, ulimits, devices, sysctls', async (t) => {
  const runc = runcPath();
  assert.ok(existsSync(TINI), `${TINI} missing (Debian package tini)`);
  const b = await makeBundle(t, runc);
  const script = [
    'echo "pid1=$(cat /proc/1/comm)"',
    'echo "id=$(id -u):$(id -g):$(id -G)"',
    'echo "nofile=$(ulimit -n) core=$(ulimit -c)"',
    'touch /rootfile 2>/dev/null && echo root=rw || echo root=ro',
    'touch /tmp/x && echo tmp=rw',
    'test -c /dev/fuse && echo fuse=yes',
    'cat /proc/sys/net/ipv4/ip_unprivileged_port_start',
    'grep -E "^(CapEff|CapBnd|NoNewPrivs):" /proc/self/status',
    cgroupVersion() === 2
      ? 'cd /sys/fs/cgroup && echo "mem=$(cat memory.max) swap=$(cat memory.swap.max) pids=$(cat pids.max) cpu=$(cat cpu.max)"'
      : 'cd /sys/fs/cgroup && echo "mem=$(cat memory/memory.limit_in_bytes) swap=$(cat memory/memory.memsw.limit_in_bytes) ' +
        'pids=$(cat pids/pids.max) cpu=$(cat cpu/cpu.cfs_quota_us) $(cat cpu/cpu.cfs_period_us) shares=$(cat cpu/cpu.shares)"',
  ].join('; ');
  const r = await runSpec(runc, b, baseInput(b, {
    entrypoint: ['/bin/sh', '-c'],
    cmd: [script],
    readOnly: true,
    // runc gives a tmpfs the mode of the directory it covers (rootfs /tmp is 1777).
    tmpfs: [{ destination: '/tmp', data: 'size=16m' }],
    shmSize: 8 * 1024 * 1024,
    init: { hostPath: TINI },
    user: { uid: 1000, gid: 1000, additionalGids: [10] },
    resources: { memory: 64 * 1024 * 1024, nanoCpus: 0.5e9, cpuShares: 512, pidsLimit: 64 },
    ulimits: [{ name: 'nofile', soft: 512, hard: 1024 }, { name: 'core', soft: -1, hard: -1 }],
    devices: [{ pathOnHost: '/dev/fuse', pathInContainer: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0 }],
    capAdd: ['NET_ADMIN'],
    capDrop: ['MKNOD'],
    securityOpt: { noNewPrivileges: true },
    sysctls: { 'net.ipv4.ip_unprivileged_port_start': '80' },
    stopSignal: 'SIGQUIT',
  }));
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^pid1=docker-init$/m);
  assert.match(r.stdout, /^id=1000:1000:1000 10$/m);
  assert.match(r.stdout, /^nofile=512 core=unlimited$/m);
  assert.match(r.stdout, /^root=ro$/m);
  assert.match(r.stdout, /^tmp=rw$/m);
  // The limits reached the container's cgroup (v2: swap is memory.swap.max = memsw - memory).
  if (cgroupVersion() === 2) assert.match(r.stdout, /^mem=67108864 swap=67108864 pids=64 cpu=50000 100000$/m);
  else assert.match(r.stdout, /^mem=67108864 swap=134217728 pids=64 cpu=50000 100000 shares=512$/m);
  assert.match(r.stdout, /^fuse=yes$/m);
  assert.match(r.stdout, /^80$/m);
  assert.match(r.stdout, /^NoNewPrivs:\s+1$/m);
  // A non-root user keeps no effective capabilities unless ambient ones are set (runc, as with Docker).
  assert.match(r.stdout, /^CapEff:\s+0000000000000000$/m);
  // Bounding: Docker's default set (a80425fb) - MKNOD (bit 27) + NET_ADMIN (bit 12).
  assert.match(r.stdout, /^CapBnd:\s+00000000a00435fb$/m);
});

test('runc accepts the privileged spec with host devices', async (t) => {
  const runc = runcPath();
  const b = await makeBundle(t, runc);
  const r = await runSpec(runc, b, baseInput(b, {
    privileged: true,
    hostDevices: [{ path: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0 }],
    cmd: ['/bin/sh', '-c', 'grep -E "^(CapEff|Seccomp):" /proc/self/status; test -c /dev/fuse && echo fuse=yes; touch /sys/fs/cgroup/x 2>&1 | head -n 1; echo done'],
  }));
  assert.equal(r.exitCode, 0, r.stderr);
  const st = status(r.stdout);
  assert.equal(st.get('Seccomp'), '0');
  // Every capability this host grants (on a VM lacking CAP_SYS_RESOURCE, all but that one).
  assert.deepEqual(capabilitiesFromMask(st.get('CapEff') ?? ''), hostCapabilities());
  assert.match(r.stdout, /^fuse=yes$/m);
  assert.match(r.stdout, /^done$/m);
});
