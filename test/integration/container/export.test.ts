import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { harnessEnv, loadHarness, TSCTL_BIN, tsctl, uniqueName, withNamespace } from '../../harness/env';
import { readTar, scratchDir } from '../../harness/tar';

test('export: the container filesystem with its changes, to -o or stdout; a terminal is refused', async (t) => {
  const ns = withNamespace(t, 'export');
  const img = loadHarness().images.busybox;
  const name = uniqueName('exp');
  const dir = await scratchDir(t, 'tsctl-export');
  const run = await tsctl(['-n', ns, 'run', '--name', name, img, 'sh', '-c', 'echo exported > /hello.txt; chown 1000 /hello.txt; rm /etc/group']);
  assert.equal(run.exitCode, 0, run.stderr);

  const file = join(dir, 'fs.tar');
  const r = await tsctl(['-n', ns, 'export', '-o', file, name]);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout, '');
  const tar = await readTar(await readFile(file));
  assert.deepEqual(tar.get('hello.txt'), { type: 'file', data: 'exported\n', uid: 1000, linkname: undefined });
  assert.equal(tar.get('bin/')?.type, 'directory');
  assert.equal(tar.get('bin/busybox')?.type, 'file');
  assert.ok(tar.has('etc/passwd'));
  assert.equal(tar.has('etc/group'), false, 'a deleted file is not exported');
  assert.ok([...tar.keys()].every((n) => !n.startsWith('./') && !n.startsWith('/')));

  // stdout, and `container export`, while the container runs
  const live = uniqueName('explive');
  assert.equal((await tsctl(['-n', ns, 'run', '-d', '--name', live, img, 'sh', '-c', 'echo up > /live.txt; sleep 1000'])).exitCode, 0);
  let seen = '';
  for (let i = 0; i < 50 && seen !== 'up\n'; i++) seen = (await tsctl(['-n', ns, 'exec', live, 'cat', '/live.txt'])).stdout;
  const s = await execa(process.execPath, [TSCTL_BIN, '-n', ns, 'container', 'export', live], { reject: false, env: harnessEnv(), encoding: 'buffer', stdin: 'ignore' });
  assert.equal(s.exitCode, 0, Buffer.from(s.stderr).toString());
  const fromStdout = await readTar(Buffer.from(s.stdout));
  assert.equal(fromStdout.get('live.txt')?.data, 'up\n');
  assert.equal(fromStdout.has('proc/self'), false, 'the snapshot, not the live /proc');

  // A reader that goes away early (`| head`) ends the export instead of leaving it hanging.
  const early = await execa('bash', ['-c', `${process.execPath} ${TSCTL_BIN} -n ${ns} export ${name} | head -c 512 | wc -c; echo "\${PIPESTATUS[0]}"`], { reject: false, env: harnessEnv(), timeout: 60_000 });
  assert.equal(early.timedOut, false);
  assert.match(early.stdout, /^512\n[01]$/);

  const tty = await execa('script', ['-qec', `${process.execPath} ${TSCTL_BIN} -n ${ns} export ${name}`, '/dev/null'], { reject: false, env: harnessEnv() });
  assert.equal(tty.exitCode, 1);
  assert.match(tty.stdout, /cowardly refusing to save to a terminal\. Use the -o flag or redirect/);

  const missing = await tsctl(['-n', ns, 'export', '-o', join(dir, 'x.tar'), 'ghost']);
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.stderr, 'Error response from daemon: No such container: ghost\n');
  assert.equal(existsSync(join(dir, 'x.tar')), false);
  const badDir = await tsctl(['-n', ns, 'export', '-o', join(dir, 'nope/x.tar'), name]);
  assert.equal(badDir.exitCode, 1);
  assert.equal(badDir.stderr, `failed to export container: invalid output path: stat ${join(dir, 'nope')}: no such file or directory\n`);
  assert.equal((await tsctl(['-n', ns, 'rm', '-f', name, live])).exitCode, 0);
});
