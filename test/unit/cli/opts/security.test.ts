import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, InvalidOptionError } from '../../../../src/errors/index';
import { compactSeccompProfile, parseSecurityOpts, seccompReadError } from '../../../../src/cli/opts/security';

test('parseSecurityOpts: seccomp, apparmor, no-new-privileges, label, systempaths', () => {
  assert.deepEqual(parseSecurityOpts([]), {
    securityOpt: [], seccomp: undefined, apparmor: undefined, noNewPrivileges: false, labels: [],
    writableCgroups: undefined, systemPathsUnconfined: false,
  });
  const o = parseSecurityOpts([
    'seccomp=unconfined', 'apparmor=unconfined', 'no-new-privileges', 'label=disable', 'label=type:svirt_t', 'systempaths=unconfined',
  ]);
  assert.deepEqual(o.seccomp, { kind: 'unconfined' });
  assert.equal(o.apparmor, 'unconfined');
  assert.equal(o.noNewPrivileges, true);
  assert.deepEqual(o.labels, ['disable', 'type:svirt_t']);
  assert.equal(o.systemPathsUnconfined, true);
  assert.deepEqual(o.securityOpt, ['seccomp=unconfined', 'apparmor=unconfined', 'no-new-privileges', 'label=disable', 'label=type:svirt_t']);
  assert.deepEqual(parseSecurityOpts(['seccomp=builtin']).seccomp, { kind: 'builtin' });
  assert.deepEqual(parseSecurityOpts(['seccomp=/etc/p.json']).seccomp, { kind: 'file', path: '/etc/p.json' });
  assert.deepEqual(parseSecurityOpts(['seccomp:unconfined']).seccomp, { kind: 'unconfined' });
  assert.equal(parseSecurityOpts(['apparmor=docker-default']).apparmor, 'docker-default');
});

test('no-new-privileges accepts Go booleans with = or :', () => {
  assert.equal(parseSecurityOpts(['no-new-privileges=true']).noNewPrivileges, true);
  assert.equal(parseSecurityOpts(['no-new-privileges:true']).noNewPrivileges, true);
  assert.equal(parseSecurityOpts(['no-new-privileges=1']).noNewPrivileges, true);
  assert.equal(parseSecurityOpts(['no-new-privileges', 'no-new-privileges=false']).noNewPrivileges, false);
  assert.equal(parseSecurityOpts(['writable-cgroups=true']).writableCgroups, true);
  assert.throws(() => parseSecurityOpts(['no-new-privileges=yes']), (e: unknown) =>
    e instanceof InvalidArgumentError && e.message === 'Error response from daemon: invalid --security-opt 2: "no-new-privileges=yes"');
  assert.throws(() => parseSecurityOpts(['no-new-privileges=']), { message: 'Error response from daemon: invalid --security-opt 2: "no-new-privileges="' });
});

test('security-opt errors: CLI first, then dockerd', () => {
  for (const bad of ['foo', 'seccomp', 'seccomp=', 'apparmor:', 'disable', 'writable-cgroups']) {
    assert.throws(() => parseSecurityOpts([bad]), (e: unknown) =>
      e instanceof InvalidOptionError && e.message === `invalid --security-opt: "${bad}"`, bad);
  }
  assert.throws(() => parseSecurityOpts(['foo=bar']), { message: 'Error response from daemon: invalid --security-opt 2: "foo=bar"' });
  assert.throws(() => parseSecurityOpts(['label=x', 'bad']), { message: 'invalid --security-opt: "bad"' });
});

test('seccomp profile files are sent compacted', () => {
  assert.equal(compactSeccompProfile('p.json', '{\n  "defaultAction": "SCMP_ACT_ALLOW",\n  "syscalls": []\n}\n'),
    '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[]}');
  assert.throws(() => compactSeccompProfile('p.json', ''), { message: 'compacting json for seccomp profile (p.json) failed: unexpected end of JSON input' });
  assert.throws(() => compactSeccompProfile('p.json', '{x'), /^Error|compacting json for seccomp profile \(p\.json\) failed: /);
  const enoent = Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  assert.equal(seccompReadError('p.json', enoent).message, 'opening seccomp profile (p.json) failed: open p.json: no such file or directory');
});
