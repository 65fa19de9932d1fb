import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';
import { pollUntil } from '../../harness/wait';

const ok = (r: { exitCode: number; stderr: string }) => assert.equal(r.exitCode, 0, r.stderr);

async function hostDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tsctl-vol-test-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function mountpoint(ns: string, name: string): Promise<string> {
  const r = await tsctl(['-n', ns, 'volume', 'inspect', '-f', '{{.Mountpoint}}', name]);
  assert.equal(r.exitCode, 0, r.stderr);
  return r.stdout.trim();
}

async function mountedAt(path: string): Promise<boolean> {
  return (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').some((l) => l.split(' ')[4] === path);
}

test('named volumes: data persists across containers, copy-up from the image, nocopy, inspect Mounts', async (t) => {
  const ns = withNamespace(t, 'vmnt');
  const img = loadHarness().images.busybox;
  ok(await tsctl(['-n', ns, 'pull', '-q', img]));
  const vol = uniqueName('data');
  ok(await tsctl(['-n', ns, 'run', '--rm', '-v', `${vol}:/data`, img, 'sh', '-c', 'echo hello > /data/f']));
  const read = await tsctl(['-n', ns, 'run', '--rm', '-v', `${vol}:/data:ro`, img, 'cat', '/data/f']);
  ok(read);
  assert.equal(read.stdout, 'hello\n');
  // --rm removes anonymous volumes only: the named one stays.
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q'])).stdout, `${vol}\n`);

  // Copy-up: a new volume over /etc gets the image's /etc (owners and modes kept).
  const etc = uniqueName('etc');
  const ls = await tsctl(['-n', ns, 'run', '--rm', '-v', `${etc}:/etc`, img, 'cat', '/etc/passwd']);
  ok(ls);
  assert.match(ls.stdout, /^root:/);
  const mp = await mountpoint(ns, etc);
  assert.match(await readFile(join(mp, 'passwd'), 'utf8'), /^root:/);
  // Not copied again into a volume that has content: a change survives.
  await writeFile(join(mp, 'passwd'), 'changed\n');
  assert.equal((await tsctl(['-n', ns, 'run', '--rm', '-v', `${etc}:/etc`, img, 'cat', '/etc/passwd'])).stdout, 'changed\n');
  const nocopy = await tsctl(['-n', ns, 'run', '--rm', '-v', `${uniqueName('nc')}:/etc:nocopy`, img, 'ls', '-A', '/etc']);
  ok(nocopy);
  // Only the mount points of the per-container /etc files (Docker shows the same three).
  assert.equal(nocopy.stdout, 'hostname\nhosts\nresolv.conf\n');
  const mountNocopy = await tsctl(['-n', ns, 'run', '--rm', '--mount', `type=volume,src=${uniqueName('mnc')},dst=/etc,volume-nocopy`, img, 'ls', '-A', '/etc']);
  ok(mountNocopy);
  assert.equal(mountNocopy.stdout, 'hostname\nhosts\nresolv.conf\n');

  const c = await tsctl(['-n', ns, 'create', '--name', uniqueName('c'), '-v', `${vol}:/data`, '--mount', 'type=tmpfs,dst=/scratch,tmpfs-size=1m', img, 'true']);
  ok(c);
  const id = c.stdout.trim();
  const insp = JSON.parse((await tsctl(['-n', ns, 'inspect', id])).stdout) as { Mounts: object[]; HostConfig: { Binds: string[]; Mounts: object[]; Tmpfs?: object } }[];
  const mounts = insp[0]?.Mounts ?? [];
  assert.deepEqual(
    mounts.find((m) => (m as { Type: string }).Type === 'volume'),
    { Type: 'volume', Name: vol, Source: await mountpoint(ns, vol), Destination: '/data', Driver: 'local', Mode: 'z', RW: true, Propagation: '' },
  );
  assert.deepEqual(mounts.find((m) => (m as { Type: string }).Type === 'tmpfs'), { Type: 'tmpfs', Source: '', Destination: '/scratch', Mode: '', RW: true, Propagation: '' });
  assert.deepEqual(insp[0]?.HostConfig.Binds, [`${vol}:/data`]);
  assert.deepEqual(insp[0]?.HostConfig.Mounts, [{ Type: 'tmpfs', Target: '/scratch', TmpfsOptions: { SizeBytes: 1048576 } }]);
  assert.equal(insp[0]?.HostConfig.Tmpfs, undefined);
  ok(await tsctl(['-n', ns, 'rm', '-v', id]));
  // rm -v keeps named volumes.
  await access(await mountpoint(ns, vol));
});

test('binds: read-only, writable, created host directory, relative path, --mount bind; --volumes-from', async (t) => {
  const ns = withNamespace(t, 'vbind');
  const img = loadHarness().images.busybox;
  ok(await tsctl(['-n', ns, 'pull', '-q', img]));
  const dir = await hostDir(t);
  await writeFile(join(dir, 'in'), 'from host\n');
  const roWrite = await tsctl(['-n', ns, 'run', '--rm', '-v', `${dir}:/m:ro`, img, 'sh', '-c', 'cat /m/in; echo x > /m/out']);
  assert.notEqual(roWrite.exitCode, 0);
  assert.equal(roWrite.stdout, 'from host\n');
  assert.match(roWrite.stderr, /Read-only file system/);
  await assert.rejects(access(join(dir, 'out')));
  ok(await tsctl(['-n', ns, 'run', '--rm', '--mount', `type=bind,src=${dir},dst=/m`, img, 'sh', '-c', 'echo w > /m/out']));
  assert.equal(await readFile(join(dir, 'out'), 'utf8'), 'w\n');
  const roMount = await tsctl(['-n', ns, 'run', '--rm', '--mount', `type=bind,src=${dir},dst=/m,readonly`, img, 'touch', '/m/x']);
  assert.notEqual(roMount.exitCode, 0);
  // -v creates a missing host directory; ./rel is relative to the working directory.
  ok(await tsctl(['-n', ns, 'run', '--rm', '-v', `${join(dir, 'new', 'sub')}:/n`, img, 'true']));
  assert.ok((await stat(join(dir, 'new', 'sub'))).isDirectory());
  const rel = await tsctl(['-n', ns, 'run', '--rm', '-v', './new:/r', img, 'ls', '/r'], { cwd: dir });
  ok(rel);
  assert.equal(rel.stdout, 'sub\n');
  const c = await tsctl(['-n', ns, 'create', '-v', `${dir}:/m:ro,rslave`, img, 'true']);
  ok(c);
  const [insp] = JSON.parse((await tsctl(['-n', ns, 'inspect', c.stdout.trim()])).stdout) as { Mounts: object[]; HostConfig: { Binds: string[] } }[];
  assert.deepEqual(insp?.Mounts, [{ Type: 'bind', Source: dir, Destination: '/m', Mode: 'ro,rslave', RW: false, Propagation: 'rslave' }]);
  assert.deepEqual(insp?.HostConfig.Binds, [`${dir}:/m:ro,rslave`]);

  // --volumes-from: the same volumes and binds, read-only with :ro.
  const vol = uniqueName('shared');
  const src = uniqueName('src');
  ok(await tsctl(['-n', ns, 'create', '--name', src, '-v', `${vol}:/shared`, '-v', `${dir}:/hostdir`, img, 'true']));
  ok(await tsctl(['-n', ns, 'run', '--rm', '--volumes-from', src, img, 'sh', '-c', 'echo via > /shared/f; cat /hostdir/in']));
  assert.equal(await readFile(join(await mountpoint(ns, vol), 'f'), 'utf8'), 'via\n');
  const ro = await tsctl(['-n', ns, 'run', '--rm', '--volumes-from', `${src}:ro`, img, 'sh', '-c', 'cat /shared/f; touch /shared/g']);
  assert.notEqual(ro.exitCode, 0);
  assert.equal(ro.stdout, 'via\n');
  const noSrc = await tsctl(['-n', ns, 'run', '--rm', '--volumes-from', 'nosuchcontainer', img, 'true']);
  assert.equal(noSrc.exitCode, 125);
  assert.equal(noSrc.stderr, 'Error response from daemon: No such container: nosuchcontainer\n');
});

test('anonymous volumes: -v /path and rm -v, --rm; an image VOLUME gets a copied-up anonymous volume', async (t) => {
  const ns = withNamespace(t, 'vanon');
  const img = loadHarness().images.busybox;
  ok(await tsctl(['-n', ns, 'pull', '-q', img]));
  const c = await tsctl(['-n', ns, 'run', '-d', '-v', '/etc', img, 'sh', '-c', 'test -f /etc/passwd && echo keep > /etc/mark']);
  ok(c);
  const id = c.stdout.trim();
  assert.equal((await tsctl(['-n', ns, 'wait', id])).stdout, '0\n');
  const names = (await tsctl(['-n', ns, 'volume', 'ls', '-q'])).stdout.split('\n').filter(Boolean);
  assert.equal(names.length, 1);
  assert.match(names[0] ?? '', /^[0-9a-f]{64}$/);
  const labels = JSON.parse((await tsctl(['-n', ns, 'volume', 'inspect', '-f', '{{json .Labels}}', names[0] ?? ''])).stdout) as object;
  assert.deepEqual(labels, { 'com.docker.volume.anonymous': '' });
  assert.equal(await readFile(join(await mountpoint(ns, names[0] ?? ''), 'mark'), 'utf8'), 'keep\n');
  assert.equal((await tsctl(['-n', ns, 'inspect', '-f', '{{json .Config.Volumes}}', id])).stdout, '{"/etc":{}}\n');
  ok(await tsctl(['-n', ns, 'rm', '-v', id]));
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q'])).stdout, '');
  ok(await tsctl(['-n', ns, 'run', '--rm', '-v', '/anon', img, 'true']));
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q'])).stdout, '');
  // Detached --rm: removed with its anonymous volume when it exits.
  const d = await tsctl(['-n', ns, 'run', '-d', '--rm', '-v', '/anon', img, 'true']);
  ok(d);
  await pollUntil('auto-removal', async () => (await tsctl(['-n', ns, 'ps', '-aq'])).stdout === '', { timeoutMs: 60_000, intervalMs: 200 });
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q'])).stdout, '');

  // An image with a VOLUME (made by commit): each container gets a new anonymous volume holding the image's files.
  const base = uniqueName('base');
  ok(await tsctl(['-n', ns, 'run', '--name', base, img, 'sh', '-c', 'mkdir /vdata && echo seeded > /vdata/seed']));
  const tag = `${uniqueName('withvol')}:1`;
  ok(await tsctl(['-n', ns, 'commit', '-c', 'VOLUME /vdata', base, tag]));
  const v1 = await tsctl(['-n', ns, 'run', '-d', tag, 'sh', '-c', 'cat /vdata/seed; echo mine > /vdata/seed']);
  ok(v1);
  assert.equal((await tsctl(['-n', ns, 'wait', v1.stdout.trim()])).stdout, '0\n');
  assert.equal((await tsctl(['-n', ns, 'logs', v1.stdout.trim()])).stdout, 'seeded\n');
  const [m] = JSON.parse((await tsctl(['-n', ns, 'inspect', '-f', '{{json .Mounts}}', v1.stdout.trim()])).stdout) as { Type: string; Name: string; Destination: string; Mode: string; RW: boolean }[];
  assert.equal(m?.Type, 'volume');
  assert.equal(m?.Destination, '/vdata');
  assert.equal(m?.Mode, '');
  assert.equal((await tsctl(['-n', ns, 'inspect', '-f', '{{json .Config.Volumes}}', v1.stdout.trim()])).stdout, '{"/vdata":{}}\n');
  assert.equal(await readFile(join(await mountpoint(ns, m?.Name ?? ''), 'seed'), 'utf8'), 'mine\n');
  // A -v over the same destination replaces the image's volume; a second container starts from the image again.
  const over = await tsctl(['-n', ns, 'run', '--rm', '-v', `${uniqueName('over')}:/vdata`, tag, 'cat', '/vdata/seed']);
  ok(over);
  assert.equal(over.stdout, 'seeded\n');
  ok(await tsctl(['-n', ns, 'rm', '-v', v1.stdout.trim()]));
  await assert.rejects(access(await mountpoint(ns, m?.Name ?? '').catch(() => '/nonexistent-volume')));
});

test('volumes with driver options: tmpfs shared between containers, bind device; unmounted by volume rm', async (t) => {
  const ns = withNamespace(t, 'vopt');
  const img = loadHarness().images.busybox;
  ok(await tsctl(['-n', ns, 'pull', '-q', img]));
  const tv = uniqueName('tmp');
  const bv = uniqueName('bnd');
  // A failed run must not leave a mount behind in the harness directory.
  t.after(async () => {
    await tsctl(['-n', ns, 'volume', 'rm', '-f', tv, bv]);
  });
  ok(await tsctl(['-n', ns, 'volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=2m', tv]));
  const insp = JSON.parse((await tsctl(['-n', ns, 'volume', 'inspect', '-f', '{{json .Options}}', tv])).stdout) as object;
  assert.deepEqual(insp, { type: 'tmpfs', device: 'tmpfs', o: 'size=2m' });
  const first = await tsctl(['-n', ns, 'run', '--rm', '-v', `${tv}:/data`, img, 'sh', '-c', "grep ' /data ' /proc/mounts; echo one > /data/f"]);
  ok(first);
  assert.match(first.stdout, /^tmpfs \/data tmpfs .*size=2048k/);
  const data = await mountpoint(ns, tv);
  assert.equal(await mountedAt(data), true);
  assert.equal((await tsctl(['-n', ns, 'run', '--rm', '-v', `${tv}:/data`, img, 'cat', '/data/f'])).stdout, 'one\n');
  ok(await tsctl(['-n', ns, 'volume', 'rm', tv]));
  assert.equal(await mountedAt(data), false);
  await assert.rejects(access(data));

  const dir = await hostDir(t);
  ok(await tsctl(['-n', ns, 'volume', 'create', '-o', 'type=none', '-o', 'o=bind', '-o', `device=${dir}`, bv]));
  ok(await tsctl(['-n', ns, 'run', '--rm', '--mount', `source=${bv},target=/d`, img, 'sh', '-c', 'echo through > /d/f']));
  assert.equal(await readFile(join(dir, 'f'), 'utf8'), 'through\n');
  const bdata = await mountpoint(ns, bv);
  ok(await tsctl(['-n', ns, 'volume', 'rm', bv]));
  assert.equal(await mountedAt(bdata), false);
  // The device directory itself is untouched.
  assert.deepEqual(await readdir(dir), ['f']);
});

test('bad -v/--mount input: one line, exit 125 for run, nothing left behind', async (t) => {
  const ns = withNamespace(t, 'vbad');
  const img = loadHarness().images.busybox;
  ok(await tsctl(['-n', ns, 'pull', '-q', img]));
  const dir = await hostDir(t);
  const missing = join(dir, 'nope');
  const cases: [string[], string][] = [
    [['-v', 'a::/b'], 'invalid spec: a::/b: empty section between colons'],
    [['-v', '/a:/b:c:d'], 'invalid spec: /a:/b:c:d: too many colons'],
    [['-v', `${dir}:/b:xyz`], 'Error response from daemon: invalid mode: xyz'],
    [['--mount', 'type=bind,src=/x'], 'invalid argument "type=bind,src=/x" for "--mount" flag: target is required'],
    [['--mount', 'type=bind,dst=/x,color=red'], `invalid argument "type=bind,dst=/x,color=red" for "--mount" flag: unexpected key 'color' in 'color=red'`],
    [['--mount', `type=bind,src=${missing},dst=/x`], `Error response from daemon: invalid mount config for type "bind": bind source path does not exist: ${missing}`],
    [['--mount', 'type=volume,src=vdrv,dst=/x,volume-driver=nfsplugin'], 'Error response from daemon: create vdrv: error looking up volume plugin nfsplugin: plugin "nfsplugin" not found'],
    [['-v', 'dup1:/x', '-v', 'dup2:/x'], 'Error response from daemon: Duplicate mount point: /x'],
    [['-v', 'dup3:/x', '--mount', 'type=tmpfs,dst=/x'], 'Error response from daemon: Duplicate mount point: /x'],
    [['-v', '/anon1', '--mount', `type=bind,src=${missing},dst=/x`], `Error response from daemon: invalid mount config for type "bind": bind source path does not exist: ${missing}`],
  ];
  for (const [flags, msg] of cases) {
    const r = await tsctl(['-n', ns, 'run', '--rm', ...flags, img, 'true']);
    assert.equal(r.exitCode, 125, `${flags.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr, `${msg}\n`, flags.join(' '));
  }
  const drv = await tsctl(['-n', ns, 'run', '--rm', '--volume-driver', 'nfsplugin', '-v', '/anon2', '-v', `${dir}:/h`, img, 'true']);
  assert.equal(drv.exitCode, 125);
  assert.match(drv.stderr, /^Error response from daemon: create [0-9a-f]{64}: error looking up volume plugin nfsplugin: plugin "nfsplugin" not found\n$/);
  // Binds do not need the volume driver.
  ok(await tsctl(['-n', ns, 'run', '--rm', '--volume-driver', 'nfsplugin', '-v', `${dir}:/h`, img, 'true']));
  // create: docker/cli's own parse errors exit 125, the daemon's 1 (as Docker).
  const createCli = await tsctl(['-n', ns, 'create', '-v', 'a::/b', img]);
  assert.equal(createCli.exitCode, 125);
  const createDaemon = await tsctl(['-n', ns, 'create', '--mount', `type=bind,src=${missing},dst=/x`, img]);
  assert.equal(createDaemon.exitCode, 1);
  assert.equal((await tsctl(['-n', ns, 'ps', '-aq'])).stdout, '');
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q'])).stdout, '');
  await assert.rejects(access(missing));
});
