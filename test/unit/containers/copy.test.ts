import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertsDirectory, planCopy, preserveTrailingDotOrSeparator, readonlyMounts, resolveInRoot, safeEntryPath, splitCpArg, splitPathDirEntry,
} from '../../../src/services/containers/copy/paths';
import { extractTree, packTree } from '../../../src/services/containers/copy/tree-tar';
import { tarEntries } from '../../../src/services/images/archive/tar-read';
import tarStream from 'tar-stream';

test('splitCpArg follows docker/cli: absolute and ./-prefixed paths are local', () => {
  assert.deepEqual(splitCpArg('web:/etc/passwd'), { container: 'web', path: '/etc/passwd' });
  assert.deepEqual(splitCpArg('/tmp/a:b'), { container: undefined, path: '/tmp/a:b' });
  assert.deepEqual(splitCpArg('./a:b'), { container: undefined, path: './a:b' });
  assert.deepEqual(splitCpArg('file.txt'), { container: undefined, path: 'file.txt' });
  assert.deepEqual(splitCpArg('-'), { container: undefined, path: '-' });
  assert.deepEqual(splitCpArg('c:'), { container: 'c', path: '' });
});

test('trailing separators and dots', () => {
  assert.equal(assertsDirectory('/a/'), true);
  assert.equal(assertsDirectory('/a/.'), true);
  assert.equal(assertsDirectory('/a'), false);
  assert.equal(preserveTrailingDotOrSeparator('/x/a', 'a/'), '/x/a/');
  assert.equal(preserveTrailingDotOrSeparator('/x/a', 'a/.'), '/x/a/.');
  assert.equal(preserveTrailingDotOrSeparator('/', '/.'), '/.');
  assert.deepEqual(splitPathDirEntry('/a/b/'), { dir: '/a', base: 'b' });
  assert.deepEqual(splitPathDirEntry('/a/b/.'), { dir: '/a/b', base: '.' });
});

test('planCopy: Docker\'s file/directory table', () => {
  const file = { isDir: false, base: 'f' };
  const dir = { isDir: true, base: 'd' };
  const contents = { isDir: true, base: '.' };
  assert.deepEqual(planCopy(file, { path: '/x', exists: true, isDir: true }), { dir: '/x', name: 'f' });
  assert.deepEqual(planCopy(file, { path: '/x/g', exists: true, isDir: false }), { dir: '/x', name: 'g' });
  assert.deepEqual(planCopy(file, { path: '/x/new', exists: false, isDir: false }), { dir: '/x', name: 'new' });
  assert.throws(() => planCopy(file, { path: '/x/new/', exists: false, isDir: false }), /^InvalidArgumentError: no such directory$/);
  assert.deepEqual(planCopy(dir, { path: '/x', exists: true, isDir: true }), { dir: '/x', name: 'd' });
  assert.deepEqual(planCopy(dir, { path: '/x/new', exists: false, isDir: false }), { dir: '/x', name: 'new' });
  assert.throws(() => planCopy(dir, { path: '/x/f', exists: true, isDir: false }), /cannot copy directory/);
  assert.deepEqual(planCopy(contents, { path: '/x', exists: true, isDir: true }), { dir: '/x', name: '.' });
  assert.deepEqual(planCopy(contents, { path: '/x/new', exists: false, isDir: false }), { dir: '/x', name: 'new' });
});

test('safeEntryPath refuses entries that climb out', () => {
  assert.equal(safeEntryPath('a/b/'), 'a/b');
  assert.equal(safeEntryPath('./a'), 'a');
  assert.equal(safeEntryPath('/abs/x'), 'abs/x');
  assert.equal(safeEntryPath('./'), '.');
  assert.equal(safeEntryPath('../x'), undefined);
  assert.equal(safeEntryPath('a/../../x'), undefined);
  assert.equal(safeEntryPath('a/../b'), 'b');
});

test('readonlyMounts: the overlay upper dir joins the lowers, a lone dir becomes a read-only bind', () => {
  assert.deepEqual(readonlyMounts([{ type: 'overlay', source: 'overlay', target: '', options: ['index=off', 'workdir=/w', 'upperdir=/u', 'lowerdir=/l1:/l2'] }]), [
    { type: 'overlay', source: 'overlay', target: '', options: ['index=off', 'lowerdir=/u:/l1:/l2', 'ro'] },
  ]);
  assert.deepEqual(readonlyMounts([{ type: 'bind', source: '/s', target: '', options: ['rbind', 'rw'] }]), [{ type: 'bind', source: '/s', target: '', options: ['rbind', 'ro'] }]);
  assert.deepEqual(readonlyMounts([{ type: 'overlay', source: 'overlay', target: '', options: ['lowerdir=/l1:/l2'] }])[0]?.options, ['lowerdir=/l1:/l2']);
});

test('resolveInRoot resolves symlinks as if chrooted', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'tsctl-scope-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'etc'));
  await symlink('/', join(root, 'rootlink'));
  await symlink('../../../../../../etc', join(root, 'etc', 'up'));
  await symlink('/etc', join(root, 'abs'));
  await symlink('loop2', join(root, 'loop1'));
  await symlink('loop1', join(root, 'loop2'));
  assert.deepEqual(await resolveInRoot(root, '/rootlink/etc/passwd', false), { host: `${root}/etc/passwd`, inRoot: '/etc/passwd' });
  assert.equal((await resolveInRoot(root, '/etc/up/x', false)).inRoot, '/etc/x');
  assert.equal((await resolveInRoot(root, '/../../..', true)).inRoot, '/');
  assert.equal((await resolveInRoot(root, '/abs', false)).inRoot, '/abs');
  assert.equal((await resolveInRoot(root, '/abs', true)).inRoot, '/etc');
  await assert.rejects(resolveInRoot(root, '/loop1/x', true), /too many levels of symbolic links/);
});

async function* oneFile(name: string, data: string): AsyncGenerator<Uint8Array> {
  const pack = tarStream.pack();
  pack.entry({ name, type: 'file', mode: 0o644 }, data);
  pack.finalize();
  for await (const c of pack) yield c as Uint8Array;
}

test('packTree → extractTree round trip; extraction never follows links out of the root', async (t) => {
  const base = await mkdtemp(join(tmpdir(), 'tsctl-tree-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  await mkdir(join(base, 'src/sub'), { recursive: true });
  await writeFile(join(base, 'src/sub/f'), 'data');
  await symlink('/etc/passwd', join(base, 'src/link'));
  const root = join(base, 'root');
  await mkdir(join(root, 'dst'), { recursive: true });
  await extractTree(tarEntries(packTree(join(base, 'src'), 'copy')), root, '/dst', { owner: { kind: 'none' } });
  assert.equal(await readFile(join(root, 'dst/copy/sub/f'), 'utf8'), 'data');
  assert.equal(await readlink(join(root, 'dst/copy/link')), '/etc/passwd');
  // A link inside the root that names a host directory resolves inside the root.
  await mkdir(join(base, 'outside'));
  await mkdir(join(root, base, 'outside'), { recursive: true });
  await symlink(join(base, 'outside'), join(root, 'dst/out'));
  await extractTree(tarEntries(oneFile('out/f', 'x')), root, '/dst', { owner: { kind: 'none' } });
  assert.equal(await readFile(join(root, base, 'outside/f'), 'utf8'), 'x');
  assert.equal(await readFile(join(base, 'outside/f'), 'utf8').catch(() => 'absent'), 'absent');
  await assert.rejects(extractTree(tarEntries(oneFile('../../x', 'x')), root, '/dst', { owner: { kind: 'none' }, errorPrefix: 'E: ' }), /^InvalidArgumentError: E: "..\/..\/x" is outside of "\/dst"$/);
});
