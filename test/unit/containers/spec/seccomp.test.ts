import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec } from '../../../../src/services/containers/spec/build';
import { DEFAULT_CAPABILITIES } from '../../../../src/services/containers/spec/defaults';
import { dockerSeccomp, goArch, parseKernelVersion, parseSeccompProfile } from '../../../../src/services/containers/spec/seccomp';
import type { Seccomp, SeccompSyscall } from '../../../../src/services/containers/spec/types';
import { V1, input } from './fixtures';

const rulesFor = (s: Seccomp | undefined, name: string): SeccompSyscall[] => (s?.syscalls ?? []).filter((r) => r.names.includes(name));
const allowed = (s: Seccomp | undefined, name: string): boolean =>
  rulesFor(s, name).some((r) => r.action === 'SCMP_ACT_ALLOW' && !r.args);

const base = { arch: 'amd64', capabilities: DEFAULT_CAPABILITIES, kernelVersion: '6.1.0' };

test('default profile: ERRNO(EPERM) default, amd64 arches, the common allow list', () => {
  const s = dockerSeccomp(base);
  assert.equal(s?.defaultAction, 'SCMP_ACT_ERRNO');
  assert.equal(s?.defaultErrnoRet, 1);
  assert.deepEqual(s?.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  for (const n of ['read', 'write', 'execve', 'openat', 'futex', 'epoll_wait', 'arch_prctl', 'modify_ldt', 'chroot']) assert.ok(allowed(s, n), n);
  for (const n of ['mount', 'umount2', 'unshare', 'setns', 'kcmp', 'reboot', 'init_module', 'bpf', 'keyctl', 'add_key', 'set_tls']) {
    assert.ok(!allowed(s, n), n);
  }
  assert.equal(s?.flags, undefined);
});

test('arm64 picks AARCH64 + ARM and the arm-only syscalls', () => {
  const s = dockerSeccomp({ ...base, arch: 'arm64' });
  assert.deepEqual(s?.architectures, ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
  assert.ok(allowed(s, 'set_tls') && allowed(s, 'cacheflush'));
  assert.ok(!allowed(s, 'arch_prctl') && !allowed(s, 'modify_ldt'));
  assert.equal(goArch('x64'), 'amd64');
  assert.equal(goArch('arm64'), 'arm64');
});

test('clone / clone3 rules: namespace flags masked, clone3 → ENOSYS without CAP_SYS_ADMIN', () => {
  const s = dockerSeccomp(base);
  assert.deepEqual(rulesFor(s, 'clone'), [
    { names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2114060288, op: 'SCMP_CMP_MASKED_EQ' }] },
  ]);
  assert.deepEqual(rulesFor(s, 'clone3'), [{ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }]);
  const admin = dockerSeccomp({ ...base, capabilities: [...DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN'] });
  assert.ok(allowed(admin, 'clone') && allowed(admin, 'clone3') && allowed(admin, 'mount') && allowed(admin, 'unshare'));
  assert.equal(rulesFor(admin, 'clone3').filter((r) => r.action === 'SCMP_ACT_ERRNO').length, 0);
  assert.equal(rulesFor(admin, 'clone').filter((r) => r.args).length, 0);
});

test('personality and socket argument filters', () => {
  const s = dockerSeccomp(base);
  assert.deepEqual(rulesFor(s, 'personality').map((r) => r.args?.[0]?.value), [0, 8, 131072, 131080, 4294967295]);
  assert.deepEqual(rulesFor(s, 'socket').map((r) => r.args?.[0]), [
    { index: 0, value: 38, op: 'SCMP_CMP_LT' },
    { index: 0, value: 39, op: 'SCMP_CMP_EQ' },
    { index: 0, value: 40, op: 'SCMP_CMP_GT' },
  ]);
});

test('capability-gated syscalls follow the effective capabilities', () => {
  const gated: [string, string][] = [
    ['CAP_SYS_PTRACE', 'ptrace'], ['CAP_SYS_PTRACE', 'kcmp'], ['CAP_SYS_MODULE', 'finit_module'], ['CAP_SYS_BOOT', 'reboot'],
    ['CAP_SYS_TIME', 'settimeofday'], ['CAP_SYS_NICE', 'mbind'], ['CAP_SYS_RAWIO', 'iopl'], ['CAP_SYSLOG', 'syslog'],
    ['CAP_BPF', 'bpf'], ['CAP_PERFMON', 'perf_event_open'], ['CAP_DAC_READ_SEARCH', 'open_by_handle_at'],
    ['CAP_SYS_PACCT', 'acct'], ['CAP_SYS_TTY_CONFIG', 'vhangup'],
  ];
  for (const [cap, call] of gated) {
    assert.ok(allowed(dockerSeccomp({ ...base, capabilities: [...DEFAULT_CAPABILITIES, cap] }), call), `${cap} → ${call}`);
  }
  // Dropping CAP_SYS_CHROOT removes chroot.
  assert.ok(!allowed(dockerSeccomp({ ...base, capabilities: DEFAULT_CAPABILITIES.filter((c) => c !== 'CAP_SYS_CHROOT') }), 'chroot'));
  // Through buildSpec: --cap-add feeds the profile.
  const s = buildSpec(input({ capAdd: ['SYS_ADMIN', 'SYS_PTRACE'] }));
  assert.ok(allowed(s.linux.seccomp, 'mount') && allowed(s.linux.seccomp, 'ptrace'));
  assert.ok(!allowed(buildSpec(input()).linux.seccomp, 'mount'));
});

test('minKernel: ptrace for everyone on ≥ 4.8 only', () => {
  assert.ok(allowed(dockerSeccomp({ ...base, kernelVersion: '4.8.0' }), 'ptrace'));
  assert.ok(allowed(dockerSeccomp({ ...base, kernelVersion: undefined }), 'ptrace'));
  assert.ok(!allowed(dockerSeccomp({ ...base, kernelVersion: '4.4.0-210-generic' }), 'ptrace'));
  assert.deepEqual(parseKernelVersion('5.10.0-21-amd64'), [5, 10]);
});

test('seccomp=unconfined and --privileged have no seccomp; a custom profile applies', () => {
  assert.equal(buildSpec(input({ securityOpt: { seccomp: 'unconfined' } })).linux.seccomp, undefined);
  assert.equal(buildSpec(input({ privileged: true })).linux.seccomp, undefined);
  assert.ok(buildSpec(input({ securityOpt: { seccomp: 'default' } })).linux.seccomp);
  const custom = parseSeccompProfile(JSON.stringify({
    defaultAction: 'SCMP_ACT_ALLOW',
    architectures: ['SCMP_ARCH_X86_64'],
    syscalls: [
      { name: 'mkdir', action: 'SCMP_ACT_ERRNO', errnoRet: 13 },
      { names: ['chmod'], action: 'SCMP_ACT_ERRNO', includes: { caps: ['CAP_SYS_ADMIN'] } },
    ],
  }));
  const want = { defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'], syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 }] };
  assert.deepEqual(buildSpec(input({ securityOpt: { seccomp: custom } })).linux.seccomp, want);
  // Docker applies an explicit custom profile even to privileged containers.
  assert.equal(buildSpec(input({ privileged: true, securityOpt: { seccomp: custom } })).linux.seccomp?.syscalls?.length, 2);
  assert.throws(() => parseSeccompProfile('{nope'), { name: 'InvalidOptionError', message: /^Decoding seccomp profile failed: / });
  assert.throws(() => parseSeccompProfile('[]'), { message: 'Decoding seccomp profile failed: not a JSON object' });
  assert.throws(
    () => dockerSeccomp({ ...base, capabilities: [] }, { defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'], archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: null }] }),
    /both 'architectures' and 'archMap'/,
  );
  assert.equal(V1.arch, 'amd64');
});
