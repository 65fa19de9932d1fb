import { test } from 'node:test';
import assert from 'node:assert/strict';
import { devicesFromPath, splitDev } from '../../../src/cli/wiring/devices';

test('splitDev: Linux major/minor encoding', () => {
  assert.deepEqual(splitDev(0x103n), { major: 1, minor: 3 });
  assert.deepEqual(splitDev(0xae5n), { major: 10, minor: 229 });
  // major 259, minor 1048575 (large numbers use the high bits).
  const rdev = ((259n & 0xfffn) << 8n) | (0xffn & 1048575n) | ((1048575n & ~0xffn) << 12n);
  assert.deepEqual(splitDev(rdev), { major: 259, minor: 1048575 });
});

test('devicesFromPath: a character device, its mode and owner; errors as moby', async () => {
  const [d] = await devicesFromPath({ pathOnHost: '/dev/null', pathInContainer: '/dev/mynull', cgroupPermissions: 'rw' });
  assert.deepEqual({ ...d, uid: 0, gid: 0 }, { pathOnHost: '/dev/null', pathInContainer: '/dev/mynull', cgroupPermissions: 'rw', type: 'c', major: 1, minor: 3, fileMode: 0o666, uid: 0, gid: 0 });
  await assert.rejects(devicesFromPath({ pathOnHost: '/nonexistent-dev', pathInContainer: '/x', cgroupPermissions: 'rwm' }), {
    message: 'Error response from daemon: error gathering device information while adding custom device "/nonexistent-dev": no such file or directory',
  });
  await assert.rejects(devicesFromPath({ pathOnHost: '/etc/hostname', pathInContainer: '/x', cgroupPermissions: 'rwm' }), {
    message: 'Error response from daemon: error gathering device information while adding custom device "/etc/hostname": not a device node',
  });
});
