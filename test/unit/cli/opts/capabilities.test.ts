import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from '../../../../src/errors/index';
import {
  DEFAULT_CAPABILITIES, effectiveCapAddCapDrop, KNOWN_CAPABILITIES, normalizeCapability, tweakCapabilities, validateCapabilities,
} from '../../../../src/cli/opts/capabilities';

test('normalizeCapability as docker/cli', () => {
  assert.equal(normalizeCapability('NET_ADMIN'), 'CAP_NET_ADMIN');
  assert.equal(normalizeCapability('cap_net_admin'), 'CAP_NET_ADMIN');
  assert.equal(normalizeCapability(' sys_admin '), 'CAP_SYS_ADMIN');
  assert.equal(normalizeCapability('all'), 'ALL');
  assert.equal(normalizeCapability('Reset'), 'RESET');
});

test('effectiveCapAddCapDrop as docker/cli', () => {
  assert.deepEqual(effectiveCapAddCapDrop(['net_admin', 'CAP_NET_ADMIN', 'chown'], ['kill']), { capAdd: ['CAP_CHOWN', 'CAP_NET_ADMIN'], capDrop: ['CAP_KILL'] });
  assert.deepEqual(effectiveCapAddCapDrop(['ALL', 'chown'], ['kill']), { capAdd: ['ALL'], capDrop: ['CAP_KILL'] });
  assert.deepEqual(effectiveCapAddCapDrop(['chown'], ['all', 'kill']), { capAdd: ['CAP_CHOWN'], capDrop: ['ALL'] });
  assert.deepEqual(effectiveCapAddCapDrop(['chown'], ['chown', 'kill']), { capAdd: ['CAP_CHOWN'], capDrop: ['CAP_KILL'] });
  assert.deepEqual(effectiveCapAddCapDrop(['RESET'], ['reset']), { capAdd: [], capDrop: [] });
  assert.deepEqual(effectiveCapAddCapDrop([], []), { capAdd: [], capDrop: [] });
});

test('validateCapabilities: dockerd errors', () => {
  assert.deepEqual(validateCapabilities(['CAP_NET_ADMIN', 'sys_time', 'ALL'], 'CapAdd'), ['CAP_NET_ADMIN', 'CAP_SYS_TIME', 'ALL']);
  assert.throws(() => validateCapabilities(['CAP_FOO'], 'CapAdd'), (e: unknown) =>
    e instanceof InvalidArgumentError && e.message === 'Error response from daemon: invalid CapAdd: unknown capability: "CAP_FOO"');
  assert.throws(() => validateCapabilities(['foo'], 'CapDrop'), { message: 'Error response from daemon: invalid CapDrop: unknown capability: "CAP_FOO"' });
  assert.throws(() => validateCapabilities(['CAP_BPF'], 'CapAdd', ['CAP_CHOWN']), {
    message: 'Error response from daemon: invalid CapAdd: capability not supported by your kernel or not available in the current environment: "CAP_BPF"',
  });
  assert.equal(KNOWN_CAPABILITIES.length, 41);
});

test('tweakCapabilities as dockerd', () => {
  assert.deepEqual(tweakCapabilities(DEFAULT_CAPABILITIES, [], [], false), [...DEFAULT_CAPABILITIES]);
  assert.deepEqual(tweakCapabilities(DEFAULT_CAPABILITIES, [], [], true), [...KNOWN_CAPABILITIES]);
  assert.deepEqual(tweakCapabilities(DEFAULT_CAPABILITIES, ['CAP_NET_ADMIN'], ['CAP_CHOWN', 'CAP_KILL'], false),
    [...DEFAULT_CAPABILITIES.filter((c) => c !== 'CAP_CHOWN' && c !== 'CAP_KILL'), 'CAP_NET_ADMIN']);
  assert.deepEqual(tweakCapabilities(DEFAULT_CAPABILITIES, ['ALL'], ['CAP_SYS_ADMIN'], false), KNOWN_CAPABILITIES.filter((c) => c !== 'CAP_SYS_ADMIN'));
  assert.deepEqual(tweakCapabilities(DEFAULT_CAPABILITIES, ['CAP_CHOWN'], ['ALL'], false), ['CAP_CHOWN']);
  assert.deepEqual(tweakCapabilities(DEFAULT_CAPABILITIES, [], ['ALL'], false), []);
  assert.deepEqual(tweakCapabilities(DEFAULT_CAPABILITIES, ['ALL'], [], false, ['CAP_CHOWN', 'CAP_KILL']), ['CAP_CHOWN', 'CAP_KILL']);
  assert.throws(() => tweakCapabilities(DEFAULT_CAPABILITIES, ['CAP_NOPE'], [], false), /unknown capability: "CAP_NOPE"/);
});
