import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chown, lstat, mkdir, readFile, readlink, readdir, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';
import { readTar, scratchDir, tarOf, tsctlRaw } from '../../harness/tar';

async function sh(ns: string, name: string, script: string): Promise<string> {
  const r = await tsctl(['-n', ns, 'exec', name, 'sh', '-c', script]);
  assert.equal(r.exitCode, 0, r.stderr);
  return r.stdout;
}

test('cp into and out of a running container: files, directories, `/.`, ownership, -a, -L, errors', async (t) => {
  const ns = withNamespace(t, 'cp');
  const img = loadHarness().images.busybox;
  const name = uniqueName('cpbox');
  const host = await scratchDir(t, 'tsctl-cp');
  assert.equal((await tsctl(['-n', ns, 'run', '-d', '--name', name, img, 'sleep', '1000'])).exitCode, 0);

  // host → container
  await writeFile(join(host, 'hello.txt'), 'hello\n');
  await chown(join(host, 'hello.txt'), 1234, 4321);
  await mkdir(join(host, 'tree/sub'), { recursive: true });
  await writeFile(join(host, 'tree/sub/a'), 'A');
  await writeFile(join(host, 'tree/b'), 'B');
  let r = await tsctl(['cp', '-n', ns, join(host, 'hello.txt'), `${name}:/tmp`]);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout, '');
  // The archive's owners are kept (moby's daemon); -a gives the files to the container's user, if it has one.
  assert.equal(await sh(ns, name, 'cat /tmp/hello.txt; stat -c %u:%g /tmp/hello.txt'), 'hello\n1234:4321\n');
  assert.equal((await tsctl(['-n', ns, 'container', 'cp', '-a', join(host, 'hello.txt'), `${name}:/tmp/kept.txt`])).exitCode, 0);
  assert.equal(await sh(ns, name, 'cat /tmp/kept.txt; stat -c %u:%g /tmp/kept.txt'), 'hello\n1234:4321\n');
  const userBox = uniqueName('cpuser');
  assert.equal((await tsctl(['-n', ns, 'run', '-d', '--name', userBox, '-u', '1000:1000', img, 'sleep', '1000'])).exitCode, 0);
  assert.equal((await tsctl(['-n', ns, 'cp', '-a', join(host, 'hello.txt'), `${userBox}:/tmp/mine.txt`])).exitCode, 0);
  assert.equal(await sh(ns, userBox, 'stat -c %u:%g /tmp/mine.txt'), '1000:1000\n');
  assert.equal((await tsctl(['-n', ns, 'rm', '-f', userBox])).exitCode, 0);
  const roBox = uniqueName('cpro');
  assert.equal((await tsctl(['-n', ns, 'create', '--read-only', '--name', roBox, img])).exitCode, 0);
  const ro = await tsctl(['-n', ns, 'cp', join(host, 'hello.txt'), `${roBox}:/tmp`]);
  assert.equal(ro.exitCode, 1);
  assert.equal(ro.stderr, 'Error response from daemon: container rootfs is marked read-only\n');
  assert.equal((await tsctl(['-n', ns, 'rm', roBox])).exitCode, 0);
  assert.equal((await tsctl(['-n', ns, 'cp', join(host, 'tree'), `${name}:/newtree`])).exitCode, 0);
  assert.equal(await sh(ns, name, 'cat /newtree/sub/a /newtree/b'), 'AB');
  assert.equal((await tsctl(['-n', ns, 'cp', join(host, 'tree'), `${name}:/newtree`])).exitCode, 0);
  assert.equal(await sh(ns, name, 'cat /newtree/tree/b'), 'B'); // existing directory: copied into it
  assert.equal((await tsctl(['-n', ns, 'cp', `${join(host, 'tree')}/.`, `${name}:/tmp`])).exitCode, 0);
  assert.equal(await sh(ns, name, 'cat /tmp/sub/a /tmp/b'), 'AB'); // `/.`: the contents

  // container → host
  await sh(ns, name, 'mkdir -p /data/d && echo one > /data/d/one && echo inside > /data/target && ln -s /data/target /data/link');
  r = await tsctl(['-n', ns, 'cp', `${name}:/data/d/one`, `${host}/`]);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(await readFile(join(host, 'one'), 'utf8'), 'one\n');
  assert.equal((await tsctl(['-n', ns, 'cp', `${name}:/data/d`, join(host, 'dcopy')])).exitCode, 0);
  assert.equal(await readFile(join(host, 'dcopy/one'), 'utf8'), 'one\n');
  assert.equal((await tsctl(['-n', ns, 'cp', `${name}:/data/link`, join(host, 'nofollow')])).exitCode, 0);
  assert.equal(await readlink(join(host, 'nofollow')), '/data/target');
  assert.equal((await tsctl(['-n', ns, 'cp', '-L', `${name}:/data/link`, join(host, 'follow')])).exitCode, 0);
  assert.equal(await readFile(join(host, 'follow'), 'utf8'), 'inside\n');
  assert.equal((await tsctl(['-n', ns, 'cp', `${name}:/data/d/one`, join(host, 'hello.txt')])).exitCode, 0);
  assert.equal(await readFile(join(host, 'hello.txt'), 'utf8'), 'one\n'); // an existing file is overwritten

  // a tar on stdout / from stdin
  const out = await tsctlRaw(['-n', ns, 'cp', `${name}:/data/d`, '-']);
  assert.equal(out.exitCode, 0, out.stderr);
  const names = await readTar(out.stdout);
  assert.equal(names.get('d/one')?.data, 'one\n');
  assert.ok(names.has('d/'));
  const dot = await tsctlRaw(['-n', ns, 'cp', `${name}:/data/d/.`, '-']);
  assert.deepEqual([...(await readTar(dot.stdout)).keys()], ['./', './one']);
  const tin = await tsctlRaw(['-n', ns, 'cp', '-', `${name}:/tmp`], await tarOf([{ name: 'fromtar/', type: 'directory' }, { name: 'fromtar/x', data: 'X' }]));
  assert.equal(tin.exitCode, 0, tin.stderr);
  assert.equal(await sh(ns, name, 'cat /tmp/fromtar/x'), 'X');
  const notDir = await tsctlRaw(['-n', ns, 'cp', '-', `${name}:/tmp/hello.txt`], await tarOf([{ name: 'x', data: 'X' }]));
  assert.equal(notDir.exitCode, 1);
  assert.equal(notDir.stderr, `destination "${name}:/tmp/hello.txt" must be a directory\n`);

  // Docker's errors
  r = await tsctl(['-n', ns, 'cp', `${name}:/nope`, host]);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, `Error response from daemon: Could not find the file /nope in container ${name}\n`);
  r = await tsctl(['-n', ns, 'cp', `${name}:/data/d`, join(host, 'one')]);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, 'cannot copy directory\n');
  r = await tsctl(['-n', ns, 'cp', `${name}:/data/d/one`, join(host, 'missing') + '/']);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, 'no such directory\n');
  r = await tsctl(['-n', ns, 'cp', `${name}:/data/d/one`, join(host, 'no/such/dir')]);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, `invalid output path: directory "${join(host, 'no/such')}" does not exist\n`);
  r = await tsctl(['-n', ns, 'cp', join(host, 'nothere'), `${name}:/tmp`]);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, `lstat ${join(host, 'nothere')}: no such file or directory\n`);
  r = await tsctl(['-n', ns, 'cp', join(host, 'one'), join(host, 'two')]);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, 'must specify at least one container source\n');
  r = await tsctl(['-n', ns, 'cp', `${name}:/a`, `${name}:/b`]);
  assert.equal(r.stderr, 'copying between containers is not supported\n');
  r = await tsctl(['-n', ns, 'cp', 'ghost:/a', host]);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, 'Error response from daemon: No such container: ghost\n');
  r = await tsctl(['-n', ns, 'cp', `${name}:/a`]);
  assert.equal(r.exitCode, 1);
  assert.match(r.stderr, /requires exactly 2 arguments/);
  assert.equal((await tsctl(['-n', ns, 'rm', '-f', name])).exitCode, 0);
});

test('cp never leaves the container root: symlinks resolve inside it, escaping tar entries are refused', async (t) => {
  const ns = withNamespace(t, 'cpsec');
  const img = loadHarness().images.busybox;
  const name = uniqueName('cpsec');
  const host = await scratchDir(t, 'tsctl-cpsec');
  assert.equal((await tsctl(['-n', ns, 'run', '-d', '--name', name, img, 'sleep', '1000'])).exitCode, 0);
  const marker = uniqueName('marker');
  // Links pointing at the host's view of "/" or climbing with `..` must land inside the container.
  await sh(ns, name, `ln -s / /tmp/rootlink; ln -s ../../../../../../../../${host.slice(1)} /tmp/uplink; echo secret-in-container > /tmp/${marker}`);
  await writeFile(join(host, marker), 'payload\n');
  assert.equal((await tsctl(['-n', ns, 'cp', join(host, marker), `${name}:/tmp/rootlink/etc/`])).exitCode, 0);
  assert.equal(await sh(ns, name, `cat /etc/${marker}`), 'payload\n');
  assert.equal(existsSync(`/etc/${marker}`), false);
  const host2 = await scratchDir(t, 'tsctl-cpsec2');
  await writeFile(join(host2, 'other'), 'other\n');
  await sh(ns, name, `mkdir -p ${host}`);
  const up = await tsctl(['-n', ns, 'cp', join(host2, 'other'), `${name}:/tmp/uplink/`]);
  assert.equal(up.exitCode, 0, up.stderr);
  assert.equal(await sh(ns, name, `cat ${host}/other`), 'other\n'); // created inside the container only
  // Reading through a link that climbs out reads the container's file, not the host's.
  await writeFile(join(host, 'hostonly'), 'host\n');
  const rd = await tsctl(['-n', ns, 'cp', `${name}:/tmp/uplink/hostonly`, join(host, 'readback')]);
  assert.equal(rd.exitCode, 1);
  assert.match(rd.stderr, /Could not find the file \/tmp\/uplink\/hostonly/);

  const evil = await tarOf([{ name: '../../../../escape.txt', data: 'bad' }]);
  const r = await tsctlRaw(['-n', ns, 'cp', '-', `${name}:/tmp`], evil);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, 'Error response from daemon: Error processing tar file(exit status 1): "../../../../escape.txt" is outside of "/tmp"\n');
  assert.equal(await sh(ns, name, 'ls /escape.txt /tmp/escape.txt 2>/dev/null; true'), '');
  const evilLink = await tarOf([{ name: 'l', type: 'symlink', linkname: '../../../../etc' }]);
  const rl = await tsctlRaw(['-n', ns, 'cp', '-', `${name}:/tmp`], evilLink);
  assert.equal(rl.exitCode, 1);
  assert.equal(rl.stderr, 'Error response from daemon: Error processing tar file(exit status 1): invalid symlink "/tmp/l" -> "../../../../etc"\n');
  assert.equal((await tsctl(['-n', ns, 'rm', '-f', name])).exitCode, 0);
  assert.deepEqual((await readdir(host)).sort(), [marker, 'hostonly'].sort());
  assert.ok((await lstat(host)).isDirectory());
});

test('cp works on created and stopped containers (their snapshot is mounted), and the files persist', async (t) => {
  const ns = withNamespace(t, 'cpstop');
  const img = loadHarness().images.busybox;
  const name = uniqueName('cpstop');
  const host = await scratchDir(t, 'tsctl-cpstop');
  assert.equal((await tsctl(['-n', ns, 'create', '--name', name, img, 'sh', '-c', 'cat /in.txt; echo made > /out.txt'])).exitCode, 0);
  await writeFile(join(host, 'in.txt'), 'copied before start\n');
  const r = await tsctl(['-n', ns, 'cp', join(host, 'in.txt'), `${name}:/`]);
  assert.equal(r.exitCode, 0, r.stderr);
  const back = await tsctl(['-n', ns, 'cp', `${name}:/in.txt`, join(host, 'back.txt')]);
  assert.equal(back.exitCode, 0, back.stderr);
  assert.equal(await readFile(join(host, 'back.txt'), 'utf8'), 'copied before start\n');
  const start = await tsctl(['-n', ns, 'start', '-a', name]);
  assert.equal(start.exitCode, 0, start.stderr);
  assert.equal(start.stdout, 'copied before start\n');
  // Exited: its writes are readable, and new files land in its snapshot.
  const out = await tsctl(['-n', ns, 'cp', `${name}:/out.txt`, host]);
  assert.equal(out.exitCode, 0, out.stderr);
  assert.equal(await readFile(join(host, 'out.txt'), 'utf8'), 'made\n');
  assert.equal((await tsctl(['-n', ns, 'cp', join(host, 'out.txt'), `${name}:/tmp/again.txt`])).exitCode, 0);
  assert.equal((await tsctl(['-n', ns, 'cp', `${name}:/tmp/again.txt`, join(host, 'again.txt')])).exitCode, 0);
  assert.equal(await readFile(join(host, 'again.txt'), 'utf8'), 'made\n');
  assert.equal((await stat(join(host, 'again.txt'))).isFile(), true);
  // The exit status survives (the task was not deleted).
  const ps = await tsctl(['-n', ns, 'ps', '-a', '--format', '{{.Status}}']);
  assert.match(ps.stdout, /^Exited \(0\)/);
  assert.equal((await tsctl(['-n', ns, 'rm', name])).exitCode, 0);
});
