/**
 * run/create flags with an effect inside the container or on the host: --cidfile, the cgroup resource flags
 * (read back from the container's own cgroup files), --device, --log-driver/--log-opt.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ctrList } from '../../harness/ctr';
import { loadHarness, tsctl, withNamespace } from '../../harness/env';

const img = () => loadHarness().images.busybox;
const addr = () => loadHarness().containerdAddress;
const cgroupV2 = statfsSync('/sys/fs/cgroup').type === 0x63677270;
const exists = (p: string) => access(p).then(() => true, () => false);

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tsctl-runflags-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function pulled(ns: string): Promise<void> {
  const r = await tsctl(['-n', ns, 'pull', '-q', img()]);
  assert.equal(r.exitCode, 0, r.stderr);
}

async function hostConfig(ns: string, ref: string): Promise<Record<string, unknown>> {
  const r = await tsctl(['-n', ns, 'inspect', '--format', '{{json .HostConfig}}', ref]);
  assert.equal(r.exitCode, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

test('--cidfile: the ID written (run and create), an existing file refused, removed again when create fails', async (t) => {
  const ns = withNamespace(t, 'cid');
  const dir = await tempDir(t);
  const cid = join(dir, 'cid');
  const r = await tsctl(['-n', ns, 'run', '-d', '--cidfile', cid, img(), 'true']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(await readFile(cid, 'utf8'), r.stdout.trim(), 'the file holds the ID, no newline');
  assert.equal((await hostConfig(ns, r.stdout.trim())).ContainerIDFile, cid);

  const again = await tsctl(['-n', ns, 'run', '--cidfile', cid, img(), 'true']);
  assert.equal(again.exitCode, 125);
  assert.equal(again.stderr, `container ID file found, make sure the other container isn't running or delete ${cid}\n`);
  assert.equal((await ctrList(addr(), ['containers', 'ls'], ns)).length, 1, 'no second container');

  const cid2 = join(dir, 'cid2');
  const bad = await tsctl(['-n', ns, 'create', '--cidfile', cid2, '-m', '10m', '--memory-swap', '5m', img(), 'true']);
  assert.equal(bad.exitCode, 1, 'docker/cli create returns daemon errors as they are');
  assert.equal(bad.stderr, 'Error response from daemon: Minimum memoryswap limit should be larger than memory limit, see usage\n');
  assert.equal(await exists(cid2), false, 'the cidfile is removed when create fails');
  const noImage = await tsctl(['-n', ns, 'create', '--cidfile', cid2, '--pull', 'never', 'nosuchimage']);
  assert.equal(noImage.exitCode, 1);
  assert.equal(await exists(cid2), false);

  const c = await tsctl(['-n', ns, 'create', '--cidfile', cid2, img(), 'true']);
  assert.equal(c.exitCode, 0, c.stderr);
  assert.equal(await readFile(cid2, 'utf8'), c.stdout.trim());
});

test('resource flags reach the container\'s cgroup and inspect', async (t) => {
  const ns = withNamespace(t, 'res');
  await pulled(ns);
  const files = cgroupV2
    ? ['memory.max', 'memory.swap.max', 'memory.low', 'cpu.weight', 'cpu.max', 'cpuset.cpus', 'cpuset.mems'].map((f) => `/sys/fs/cgroup/${f}`)
    : [
        'memory/memory.limit_in_bytes',
        'memory/memory.memsw.limit_in_bytes',
        'memory/memory.soft_limit_in_bytes',
        'memory/memory.swappiness',
        'memory/memory.oom_control',
        'cpu/cpu.shares',
        'cpu/cpu.cfs_period_us',
        'cpu/cpu.cfs_quota_us',
        'cpuset/cpuset.cpus',
        'cpuset/cpuset.mems',
      ].map((f) => `/sys/fs/cgroup/${f}`);
  const script = files.map((f) => `echo "${f}=$(cat ${f} | tr '\\n' ' ')"`).join('; ');
  const r = await tsctl([
    '-n', ns, 'run', '--name', 'res', '-m', '64m', '--memory-swap', '96m', '--memory-reservation', '32m', '-c', '512',
    '--cpuset-cpus', '0', '--cpuset-mems', '0', '--cpu-period', '50000', '--cpu-quota', '25000', '--oom-kill-disable',
    ...(cgroupV2 ? [] : ['--memory-swappiness', '10']), img(), 'sh', '-c', script,
  ]);
  assert.equal(r.exitCode, 0, r.stderr);
  const seen = Object.fromEntries(r.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]));
  const mib = (n: number) => String(n * 1024 * 1024);
  if (cgroupV2) {
    assert.deepEqual(seen, {
      '/sys/fs/cgroup/memory.max': mib(64),
      '/sys/fs/cgroup/memory.swap.max': mib(32),
      '/sys/fs/cgroup/memory.low': mib(32),
      '/sys/fs/cgroup/cpu.weight': '20',
      '/sys/fs/cgroup/cpu.max': '25000 50000',
      '/sys/fs/cgroup/cpuset.cpus': '0',
      '/sys/fs/cgroup/cpuset.mems': '0',
    });
    assert.match(r.stderr, /^WARNING: Your kernel does not support OomKillDisable\. OomKillDisable discarded\.\n/);
  } else {
    assert.equal(r.stderr, '');
    assert.equal(seen['/sys/fs/cgroup/memory/memory.limit_in_bytes'], mib(64));
    assert.equal(seen['/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes'], mib(96));
    assert.equal(seen['/sys/fs/cgroup/memory/memory.soft_limit_in_bytes'], mib(32));
    assert.equal(seen['/sys/fs/cgroup/memory/memory.swappiness'], '10');
    assert.match(seen['/sys/fs/cgroup/memory/memory.oom_control'] ?? '', /^oom_kill_disable 1 /);
    assert.equal(seen['/sys/fs/cgroup/cpu/cpu.shares'], '512');
    assert.equal(seen['/sys/fs/cgroup/cpu/cpu.cfs_period_us'], '50000');
    assert.equal(seen['/sys/fs/cgroup/cpu/cpu.cfs_quota_us'], '25000');
    assert.equal(seen['/sys/fs/cgroup/cpuset/cpuset.cpus'], '0');
    assert.equal(seen['/sys/fs/cgroup/cpuset/cpuset.mems'], '0');
  }
  const hc = await hostConfig(ns, 'res');
  assert.deepEqual(
    {
      Memory: hc.Memory, MemorySwap: hc.MemorySwap, MemoryReservation: hc.MemoryReservation, CpuShares: hc.CpuShares,
      CpusetCpus: hc.CpusetCpus, CpusetMems: hc.CpusetMems, CpuPeriod: hc.CpuPeriod, CpuQuota: hc.CpuQuota, NanoCpus: hc.NanoCpus,
      OomKillDisable: hc.OomKillDisable, MemorySwappiness: hc.MemorySwappiness,
    },
    {
      Memory: 64 * 1024 * 1024, MemorySwap: 96 * 1024 * 1024, MemoryReservation: 32 * 1024 * 1024, CpuShares: 512,
      CpusetCpus: '0', CpusetMems: '0', CpuPeriod: 50000, CpuQuota: 25000, NanoCpus: 0,
      OomKillDisable: cgroupV2 ? null : true, MemorySwappiness: cgroupV2 ? null : 10,
    },
  );
  // --cpus alone: NanoCpus, no CpuPeriod/CpuQuota (Docker keeps them apart).
  const cpus = await tsctl(['-n', ns, 'create', '--name', 'cpus', '--cpus', '0.5', img(), 'true']);
  assert.equal(cpus.exitCode, 0, cpus.stderr);
  const hc2 = await hostConfig(ns, 'cpus');
  assert.deepEqual([hc2.NanoCpus, hc2.CpuPeriod, hc2.CpuQuota], [500000000, 0, 0]);
  // Docker's defaults: OomKillDisable false where cgroups have the switch (v1), else null; MemorySwappiness null.
  assert.deepEqual([hc2.OomKillDisable, hc2.MemorySwappiness, hc2.MemorySwap], [cgroupV2 ? null : false, null, 0]);
});

test('resource flags: Docker\'s errors and warnings', async (t) => {
  const ns = withNamespace(t, 'reserr');
  await pulled(ns);
  const cases: [string[], string, number][] = [
    [['--memory-swap', '5m'], 'Error response from daemon: You should always set the Memory limit when using Memoryswap limit, see usage\n', 1],
    [['-m', '10m', '--memory-reservation', '20m'], 'Error response from daemon: Minimum memory limit can not be less than memory reservation limit, see usage\n', 1],
    [['--cpu-period', '500'], 'Error response from daemon: CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)\n', 1],
    [['--cpus', '1', '--cpu-quota', '100000'], 'Error response from daemon: Conflicting options: Nano CPUs and CPU Quota cannot both be set\n', 1],
    [['--cpuset-cpus', '0-9999'], 'Error response from daemon: Invalid value 0-9999 for cpuset cpus: value of out range, maximum is 8192\n', 1],
    [['--cpu-period', 'abc'], 'invalid argument "abc" for "--cpu-period" flag: strconv.ParseInt: parsing "abc": invalid syntax\n', 125],
    [['--blkio-weight', '70000'], 'invalid argument "70000" for "--blkio-weight" flag: strconv.ParseUint: parsing "70000": value out of range\n', 125],
    [['--memory-swappiness', '200'], 'invalid value: 200. Valid memory swappiness range is 0-100\n', 125],
  ];
  for (const [flags, stderr, code] of cases) {
    const r = await tsctl(['-n', ns, 'create', ...flags, img(), 'true']);
    assert.equal(r.stderr.split('\n\nUsage:')[0]?.replace(/\n?$/, '\n'), stderr, flags.join(' '));
    assert.equal(r.exitCode, code, flags.join(' '));
  }
  assert.deepEqual(await ctrList(addr(), ['containers', 'ls'], ns), []);
  const blkioSupported = cgroupV2 || (await exists('/sys/fs/cgroup/blkio/blkio.weight'));
  const w = await tsctl(['-n', ns, 'create', '--blkio-weight', '5', '--oom-kill-disable', img(), 'true']);
  if (blkioSupported) {
    assert.equal(w.exitCode, 1);
    assert.equal(w.stderr, 'Error response from daemon: Range of blkio weight is from 10 to 1000\n');
  } else {
    assert.equal(w.exitCode, 0, w.stderr);
    assert.equal(
      w.stderr,
      cgroupV2
        ? ''
        : 'WARNING: OOM killer is disabled for the container, but no memory limit is set, this can result in the system running out of resources.\n' +
            'WARNING: Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.\n',
    );
    assert.equal((await hostConfig(ns, w.stdout.trim())).BlkioWeight, 0);
  }
});

test('--device: the node appears under its container path with the cgroup permissions asked for', async (t) => {
  const ns = withNamespace(t, 'dev');
  const r = await tsctl(['-n', ns, 'run', '--name', 'dev', '--device', '/dev/fuse:/dev/myfuse', img(), 'sh', '-c', 'ls -ln /dev/myfuse; head -c0 /dev/myfuse && echo opened']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^crw------- +1 0 +0 +10, +229 .* \/dev\/myfuse\nopened\n$/);
  assert.deepEqual((await hostConfig(ns, 'dev')).Devices, [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/myfuse', CgroupPermissions: 'rwm' }]);
  // Write-only: the device cgroup refuses opening it for reading.
  const w = await tsctl(['-n', ns, 'run', '--rm', '--device', '/dev/fuse:w', img(), 'head', '-c0', '/dev/fuse']);
  assert.equal(w.exitCode, 1);
  assert.match(w.stderr, /Operation not permitted/);
  // Without --device the node is not there at all.
  const none = await tsctl(['-n', ns, 'run', '--rm', img(), 'ls', '/dev/fuse']);
  assert.notEqual(none.exitCode, 0);

  const missing = await tsctl(['-n', ns, 'run', '--rm', '--device', '/dev/nonexist', img(), 'true']);
  assert.equal(missing.exitCode, 125);
  assert.equal(missing.stderr, 'Error response from daemon: error gathering device information while adding custom device "/dev/nonexist": no such file or directory\n');
  const notDev = await tsctl(['-n', ns, 'run', '--rm', '--device', '/etc/passwd', img(), 'true']);
  assert.equal(notDev.stderr, 'Error response from daemon: error gathering device information while adding custom device "/etc/passwd": not a device node\n');
  const badMode = await tsctl(['-n', ns, 'run', '--rm', '--device', '/dev/fuse:/dev/f:rwx', img(), 'true']);
  assert.equal(badMode.exitCode, 125);
  assert.match(badMode.stderr, /^bad mode specified: rwx\n/);
});

async function logFiles(id: string): Promise<string[]> {
  const root = loadHarness().dataRoot;
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(join(dir, e.name));
      else if (e.name.startsWith(`${id}-json.log`)) found.push(e.name);
    }
  };
  await walk(root);
  return found.sort();
}

async function waitExited(ns: string, ref: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const s = await tsctl(['-n', ns, 'inspect', '--format', '{{.State.Status}}', ref]);
    if (s.stdout.trim() === 'exited') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${ref} did not exit`);
}

test('--log-opt max-size/max-file rotate the json-file log; logs still reads it', async (t) => {
  const ns = withNamespace(t, 'logrot');
  const d = await tsctl(['-n', ns, 'run', '-d', '--log-opt', 'max-size=1k', '--log-opt', 'max-file=2', img(), 'sh', '-c', 'i=0; while [ $i -lt 400 ]; do echo line $i; i=$((i+1)); done']);
  assert.equal(d.exitCode, 0, d.stderr);
  const id = d.stdout.trim();
  await waitExited(ns, id);
  const files = await logFiles(id);
  assert.deepEqual(files, [`${id}-json.log`, `${id}-json.log.1`]);
  const logs = await tsctl(['-n', ns, 'logs', id]);
  assert.equal(logs.exitCode, 0, logs.stderr);
  const lines = logs.stdout.trim().split('\n');
  assert.equal(lines.at(-1), 'line 399');
  assert.ok(lines.length < 400 && lines.length > 10, `only the kept files are read (${lines.length} lines)`);
  const hc = await hostConfig(ns, id);
  assert.deepEqual(hc.LogConfig, { Type: 'json-file', Config: { 'max-file': '2', 'max-size': '1k' } });
  // start again: the options come from the container (the log keeps rotating within 2 files).
  assert.equal((await tsctl(['-n', ns, 'start', id])).exitCode, 0);
  await waitExited(ns, id);
  assert.deepEqual(await logFiles(id), [`${id}-json.log`, `${id}-json.log.1`]);
});

test('--log-driver none: attached output still shown, logs refused; Docker\'s option errors', async (t) => {
  const ns = withNamespace(t, 'lognone');
  await pulled(ns);
  const r = await tsctl(['-n', ns, 'run', '--name', 'quiet', '--log-driver', 'none', img(), 'sh', '-c', 'echo out; echo err >&2']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout, 'out\n');
  assert.equal(r.stderr, 'err\n');
  const logs = await tsctl(['-n', ns, 'logs', 'quiet']);
  assert.equal(logs.exitCode, 1);
  assert.equal(logs.stderr, 'Error response from daemon: configured logging driver does not support reading\n');
  assert.deepEqual((await hostConfig(ns, 'quiet')).LogConfig, { Type: 'none', Config: {} });

  const errs: [string[], string][] = [
    [['--log-driver', 'foo'], 'Error response from daemon: error looking up logging plugin foo: plugin "foo" not found\n'],
    [['--log-opt', 'foo=1'], "Error response from daemon: unknown log opt 'foo' for json-file log driver\n"],
    [['--log-opt', 'mode=foo'], 'Error response from daemon: logger: logging mode not supported: foo\n'],
    [['--log-driver', 'none', '--log-opt', 'max-size=1k'], 'invalid logging opts for driver none\n'],
  ];
  for (const [flags, stderr] of errs) {
    const e = await tsctl(['-n', ns, 'create', ...flags, img(), 'true']);
    // create: daemon errors exit 1, the CLI's own (no daemon prefix) 125.
    assert.equal(e.exitCode, stderr.startsWith('Error response from daemon:') ? 1 : 125, flags.join(' '));
    assert.equal(e.stderr, stderr, flags.join(' '));
  }
  // Values are checked when the logger starts, as Docker's json-file driver does: the container stays created.
  const atStart = await tsctl(['-n', ns, 'run', '--name', 'badfile', '--log-opt', 'max-file=0', img(), 'true']);
  assert.equal(atStart.exitCode, 125);
  assert.equal(atStart.stderr, 'Error response from daemon: failed to initialize logging driver: max-file cannot be less than 1\n');
  const size = await tsctl(['-n', ns, 'create', '--log-opt', 'max-size=abc', img(), 'true']);
  assert.equal(size.exitCode, 0, size.stderr);
  const start = await tsctl(['-n', ns, 'start', size.stdout.trim()]);
  assert.equal(start.exitCode, 1);
  assert.match(start.stderr, /^Error response from daemon: failed to initialize logging driver: invalid size: 'abc'\n/);
});

test('--pid/--ipc: host and container:<name> namespaces, rejoined after the other restarts; bad modes refused', async (t) => {
  const ns = withNamespace(t, 'pidns');
  await pulled(ns);
  const run = (args: string[]) => tsctl(['-n', ns, 'run', '--rm', ...args]);
  const host = await run(['--pid', 'host', img(), 'sh', '-c', 'ls /proc | grep -c "^[0-9]"']);
  assert.equal(host.exitCode, 0, host.stderr);
  assert.ok(Number(host.stdout) > 10, host.stdout);
  assert.equal((await tsctl(['-n', ns, 'run', '-d', '--name', 'donor', img(), 'sleep', '300'])).exitCode, 0);
  const joined = await run(['--pid', 'container:donor', '--ipc', 'container:donor', img(), 'sh', '-c', 'cat /proc/1/cmdline | tr "\\0" " "; readlink /proc/self/ns/ipc']);
  assert.equal(joined.exitCode, 0, joined.stderr);
  const donorIpc = (await tsctl(['-n', ns, 'exec', 'donor', 'readlink', '/proc/self/ns/ipc'])).stdout;
  assert.equal(joined.stdout, `sleep 300 ${donorIpc}`);
  // A created container joins the donor's task of the moment it starts.
  assert.equal((await tsctl(['-n', ns, 'create', '--name', 'joiner', '--pid', 'container:donor', img(), 'sh', '-c', 'tr "\\0" " " < /proc/1/cmdline; echo'])).exitCode, 0);
  assert.equal((await tsctl(['-n', ns, 'restart', '-t', '0', 'donor'])).exitCode, 0);
  const after = await tsctl(['-n', ns, 'start', '-a', 'joiner']);
  assert.equal(after.exitCode, 0, after.stderr);
  assert.equal(after.stdout, 'sleep 300 \n');
  const insp = await tsctl(['-n', ns, 'inspect', '-f', '{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}}', 'joiner']);
  assert.equal(insp.stdout, 'container:donor private\n');
  const bad = await run(['--pid', 'bogus', img(), 'true']);
  assert.equal(bad.exitCode, 125);
  assert.equal(bad.stderr, 'Error response from daemon: invalid PID mode: bogus\n');
  assert.equal((await tsctl(['-n', ns, 'stop', '-t', '0', 'donor'])).exitCode, 0);
  const stopped = await run(['--ipc', 'container:donor', img(), 'true']);
  assert.equal(stopped.exitCode, 125);
  assert.equal(stopped.stderr, 'Error response from daemon: cannot join IPC of a non running container: donor\n');
});
