import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidOptionError } from '../../../../src/errors/index';
import { isCdiDeviceName, isValidDeviceMode, parseDevice, validateDevicePath } from '../../../../src/cli/opts/device';

test('parseDevice: docker/cli Linux device forms', () => {
  const cases: [string, [string, string, string]][] = [
    ['/dev/fuse', ['/dev/fuse', '/dev/fuse', 'rwm']],
    ['/dev/fuse:/dev/fuse', ['/dev/fuse', '/dev/fuse', 'rwm']],
    ['/dev/sda:/dev/xvda', ['/dev/sda', '/dev/xvda', 'rwm']],
    ['/dev/sda:/dev/xvda:r', ['/dev/sda', '/dev/xvda', 'r']],
    ['/dev/sda:rw', ['/dev/sda', '/dev/sda', 'rw']],
    ['/dev/sda:m', ['/dev/sda', '/dev/sda', 'm']],
    ['/dev/snd/', ['/dev/snd', '/dev/snd', 'rwm']],
    ['/dev/sda:/dev//xvda/', ['/dev/sda', '/dev/xvda', 'rwm']],
    ['/dev/../dev/null', ['/dev/null', '/dev/null', 'rwm']],
    ['dev/sda:/dev/xvda', ['dev/sda', '/dev/xvda', 'rwm']],
  ];
  for (const [input, [host, ctr, perms]] of cases) {
    assert.deepEqual(parseDevice(input), { pathOnHost: host, pathInContainer: ctr, cgroupPermissions: perms }, input);
  }
});

test('parseDevice errors as docker/cli validateLinuxPath', () => {
  const cases: [string, string][] = [
    ['', 'bad format for path: '],
    [':/dev/xvda', 'bad format for path: :/dev/xvda'],
    ['/dev/a:/dev/b:rw:x', 'bad format for path: /dev/a:/dev/b:rw:x'],
    ['/dev/sda:/dev/xvda:rwx', 'bad mode specified: rwx'],
    ['/dev/sda:/dev/xvda:rr', 'bad mode specified: rr'],
    ['/dev/sda:/dev/xvda:', 'bad mode specified: '],
    ['/dev/sda:xvda', 'xvda is not an absolute path'],
    ['/dev/sda:rwx', 'rwx is not an absolute path'],
    ['sda', 'sda is not an absolute path'],
    ['/dev/a:dev/b:r', 'dev/b is not an absolute path'],
  ];
  for (const [input, msg] of cases) {
    assert.throws(() => parseDevice(input), (e: unknown) => e instanceof InvalidOptionError && e.message === msg, input);
  }
  assert.equal(validateDevicePath('/dev/a/:rw'), '/dev/a:rw');
});

test('device modes and CDI names', () => {
  for (const ok of ['r', 'w', 'm', 'rw', 'wr', 'rwm', 'mwr']) assert.equal(isValidDeviceMode(ok), true, ok);
  for (const bad of ['', 'x', 'rr', 'rwmx', 'R']) assert.equal(isValidDeviceMode(bad), false, bad);
  for (const ok of ['nvidia.com/gpu=all', 'vendor.com/class=dev0', 'a/b=c', 'vendor.com/device=0:1']) assert.equal(isCdiDeviceName(ok), true, ok);
  for (const bad of ['/dev/fuse', 'nvidia.com/gpu', 'gpu=all', '/gpu=all', 'nvidia.com/=all', 'nvidia.com/gpu=', '1vendor/c=d', 'v-/c=d', 'v/c=d-']) {
    assert.equal(isCdiDeviceName(bad), false, bad);
  }
});
