import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from '../../../../src/errors/index';
import {
  DEFAULT_SHM_SIZE, mergeTmpfsOptions, parseShmSize, parseTmpfs, parseTmpfsList, validateTmpfsDestination,
} from '../../../../src/cli/opts/tmpfs';

test('parseTmpfs: destination, raw data and dockerd\'s merged OCI options', () => {
  assert.deepEqual(parseTmpfs('/run'), { destination: '/run', data: '', options: ['noexec', 'nosuid', 'nodev', 'rprivate'] });
  assert.deepEqual(parseTmpfs('/run:rw,size=64m,mode=1777'), {
    destination: '/run', data: 'rw,size=64m,mode=1777', options: ['noexec', 'nosuid', 'nodev', 'rprivate', 'rw', 'size=64m', 'mode=1777'],
  });
  assert.deepEqual(parseTmpfs('/app:exec,uid=1000,gid=1000').options, ['nosuid', 'nodev', 'rprivate', 'exec', 'uid=1000', 'gid=1000']);
  assert.deepEqual(parseTmpfs('/x:shared,ro').options, ['noexec', 'nosuid', 'nodev', 'shared', 'ro']);
  assert.deepEqual(parseTmpfs('/x:').options, ['noexec', 'nosuid', 'nodev', 'rprivate']);
  assert.deepEqual(parseTmpfs('/x:mode=1:2').data, 'mode=1:2');
});

test('mergeTmpfsOptions: later wins per kind, defaults dropped, unknown rejected', () => {
  assert.deepEqual(mergeTmpfsOptions(['ro', 'size=1m', 'defaults', 'rw', 'size=2m']), ['rw', 'size=2m']);
  assert.deepEqual(mergeTmpfsOptions(['noatime', 'atime', 'relatime', 'nr_inodes=10', 'mpol=default']), ['atime', 'relatime', 'nr_inodes=10', 'mpol=default']);
  assert.throws(() => mergeTmpfsOptions(['foo']), (e: unknown) =>
    e instanceof InvalidArgumentError && e.message === 'Error response from daemon: invalid tmpfs option "foo"');
  assert.throws(() => mergeTmpfsOptions(['foo=bar']), { message: 'Error response from daemon: invalid tmpfs option "foo"' });
  assert.throws(() => mergeTmpfsOptions(['size']), { message: 'Error response from daemon: invalid tmpfs option "size"' });
  assert.throws(() => parseTmpfs('/x:size=1m,'), { message: 'Error response from daemon: invalid tmpfs option ""' });
});

test('validateTmpfsDestination as dockerd', () => {
  validateTmpfsDestination('/run');
  for (const root of ['/', '//', '/.', '/tmp/..']) {
    assert.throws(() => validateTmpfsDestination(root), { message: "Error response from daemon: invalid specification: destination can't be '/'" }, root);
  }
  assert.throws(() => parseTmpfs('run:size=1m'), { message: "Error response from daemon: invalid mount path: 'run' mount path must be absolute" });
  assert.throws(() => parseTmpfs(''), { message: "Error response from daemon: invalid mount path: '' mount path must be absolute" });
});

test('parseTmpfsList keeps HostConfig.Tmpfs (last per destination)', () => {
  assert.deepEqual(parseTmpfsList(['/run', '/tmp:size=1m', '/run:size=2m']), { '/run': 'size=2m', '/tmp': 'size=1m' });
});

test('--shm-size', () => {
  assert.equal(DEFAULT_SHM_SIZE, 67108864);
  assert.equal(parseShmSize('64m'), 67108864);
  assert.equal(parseShmSize('1g'), 1073741824);
  assert.throws(() => parseShmSize('big'), { message: "invalid size: 'big'" });
});
