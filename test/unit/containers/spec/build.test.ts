import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec, specToJSON } from '../../../../src/services/containers/spec/build';
import { capabilitiesFromMask } from '../../../../src/services/containers/spec/capabilities';
import {
  DEFAULT_CAPABILITIES,
  DEFAULT_MASKED_PATHS,
  DEFAULT_READONLY_PATHS,
  KNOWN_CAPABILITIES,
  defaultDeviceRules,
} from '../../../../src/services/containers/spec/defaults';
import type { Mount, Spec } from '../../../../src/services/containers/spec/types';
import { ID, V1, V2, image, input } from './fixtures';

const mount = (s: Spec, dest: string): Mount | undefined => s.mounts.find((m) => m.destination === dest);
const dests = (s: Spec): string[] => s.mounts.map((m) => m.destination);

test('defaults: caps, mounts, masked/readonly paths, devices, namespaces, cgroups path, oom score', () => {
  const s = buildSpec(input());
  assert.equal(s.ociVersion, '1.0.2');
  assert.deepEqual(s.root, { path: 'rootfs', readonly: false });
  assert.deepEqual(s.process.capabilities, {
    bounding: [...DEFAULT_CAPABILITIES],
    effective: [...DEFAULT_CAPABILITIES],
    permitted: [...DEFAULT_CAPABILITIES],
  });
  assert.equal(DEFAULT_CAPABILITIES.length, 14);
  assert.deepEqual(dests(s), ['/proc', '/dev', '/dev/pts', '/sys', '/sys/fs/cgroup', '/dev/mqueue', '/dev/shm']);
  assert.deepEqual(mount(s, '/dev/shm'), {
    destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=67108864'],
  });
  assert.deepEqual(mount(s, '/sys')?.options, ['nosuid', 'noexec', 'nodev', 'ro']);
  assert.deepEqual(s.linux.maskedPaths, [...DEFAULT_MASKED_PATHS]);
  assert.ok(s.linux.maskedPaths?.includes('/proc/kcore') && s.linux.maskedPaths.includes('/sys/firmware'));
  assert.deepEqual(s.linux.readonlyPaths, [...DEFAULT_READONLY_PATHS]);
  assert.deepEqual(s.linux.devices, []);
  assert.deepEqual(s.linux.resources?.devices, defaultDeviceRules());
  assert.deepEqual(s.linux.resources?.devices?.[0], { allow: false, access: 'rwm' });
  assert.deepEqual(s.linux.resources?.devices?.at(-1), { allow: false, type: 'c', major: 10, minor: 229, access: 'rwm' });
  assert.equal(s.linux.cgroupsPath, `/tsctl/${ID}`);
  assert.equal(s.process.oomScoreAdj, 0);
  assert.equal(s.process.noNewPrivileges, false);
  assert.equal(s.process.rlimits, undefined);
  assert.equal(s.process.apparmorProfile, undefined);
  assert.ok(s.linux.seccomp);
  assert.deepEqual(s.linux.sysctl, { 'net.ipv4.ping_group_range': '0 2147483647', 'net.ipv4.ip_unprivileged_port_start': '0' });
  assert.equal(s.hooks, undefined);
  assert.equal(s.annotations, undefined);
});

test('cgroup v1 vs v2: the /sys/fs/cgroup mount and the cgroup namespace', () => {
  const v1 = buildSpec(input({ host: V1 }));
  assert.deepEqual(mount(v1, '/sys/fs/cgroup'), {
    destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro', 'nosuid', 'noexec', 'nodev'],
  });
  assert.deepEqual(v1.linux.namespaces.map((n) => n.type), ['mount', 'network', 'uts', 'pid', 'ipc']);
  const v2 = buildSpec(input({ host: V2 }));
  assert.deepEqual(mount(v2, '/sys/fs/cgroup'), {
    destination: '/sys/fs/cgroup', type: 'cgroup2', source: 'cgroup2', options: ['ro', 'nosuid', 'noexec', 'nodev'],
  });
  assert.deepEqual(v2.linux.namespaces.map((n) => n.type), ['mount', 'network', 'uts', 'pid', 'ipc', 'cgroup']);
  // --cgroupns overrides the per-version default.
  assert.ok(buildSpec(input({ host: V1, cgroupns: 'private' })).linux.namespaces.some((n) => n.type === 'cgroup'));
  assert.ok(!buildSpec(input({ host: V2, cgroupns: 'host' })).linux.namespaces.some((n) => n.type === 'cgroup'));
  // Resources are written the same way; runc converts them for v2.
  const r = { memory: 64 << 20, nanoCpus: 5e8, cpuShares: 512 };
  assert.deepEqual(buildSpec(input({ host: V1, resources: r })).linux.resources, buildSpec(input({ host: V2, resources: r })).linux.resources);
});

test('network namespace: new, at a path, host, joined', () => {
  const net = (s: Spec) => s.linux.namespaces.find((n) => n.type === 'network');
  assert.deepEqual(net(buildSpec(input())), { type: 'network' });
  const cni = buildSpec(input({ networkNamespacePath: '/var/run/netns/cni-1' }));
  assert.deepEqual(net(cni), { type: 'network', path: '/var/run/netns/cni-1' });
  assert.ok(cni.linux.sysctl?.['net.ipv4.ip_unprivileged_port_start']);
  const host = buildSpec(input({ networkMode: 'host', sysctls: { 'kernel.shmmax': '1' } }));
  assert.equal(net(host), undefined);
  assert.deepEqual(host.linux.sysctl, { 'kernel.shmmax': '1' });
  const joined = buildSpec(input({ networkMode: 'container', networkNamespacePath: '/proc/42/ns/net' }));
  assert.deepEqual(net(joined), { type: 'network', path: '/proc/42/ns/net' });
  assert.equal(joined.linux.sysctl, undefined);
  // User sysctls override Docker's defaults.
  assert.equal(buildSpec(input({ sysctls: { 'net.ipv4.ip_unprivileged_port_start': '1024' } })).linux.sysctl?.['net.ipv4.ip_unprivileged_port_start'], '1024');
});

test('privileged: all caps, host devices, allow-all rule, no masks, no seccomp, rw /sys and cgroup', () => {
  const hostDevices = [{ path: '/dev/sda', type: 'b' as const, major: 8, minor: 0, fileMode: 0o660, uid: 0, gid: 6 }];
  const s = buildSpec(input({ privileged: true, hostDevices, host: { ...V1, apparmor: true } }));
  assert.deepEqual(s.process.capabilities?.bounding, [...KNOWN_CAPABILITIES]);
  assert.equal(KNOWN_CAPABILITIES.length, 41);
  assert.deepEqual(s.linux.devices, hostDevices);
  assert.deepEqual(s.linux.resources?.devices, [{ allow: true, access: 'rwm' }]);
  assert.equal(s.linux.maskedPaths, undefined);
  assert.equal(s.linux.readonlyPaths, undefined);
  assert.equal(s.linux.seccomp, undefined);
  assert.equal(s.process.apparmorProfile, 'unconfined');
  assert.deepEqual(mount(s, '/sys')?.options, ['nosuid', 'noexec', 'nodev']);
  assert.deepEqual(mount(s, '/sys/fs/cgroup')?.options, ['nosuid', 'noexec', 'nodev']);
  // The host's own capability list wins when given.
  const limited = buildSpec(input({ privileged: true, host: { ...V2, capabilities: ['CAP_CHOWN', 'CAP_KILL'] } }));
  assert.deepEqual(limited.process.capabilities?.effective, ['CAP_CHOWN', 'CAP_KILL']);
  assert.deepEqual(mount(limited, '/sys/fs/cgroup')?.options, ['nosuid', 'noexec', 'nodev']);
});

test('cap-add / cap-drop / ALL', () => {
  const caps = (capAdd: string[], capDrop: string[]) => buildSpec(input({ capAdd, capDrop })).process.capabilities?.bounding;
  const added = caps(['sys_admin', 'CAP_NET_ADMIN'], ['chown']);
  assert.ok(added?.includes('CAP_SYS_ADMIN') && added.includes('CAP_NET_ADMIN'));
  assert.ok(!added?.includes('CAP_CHOWN'));
  assert.equal(added?.length, 15);
  assert.deepEqual(caps(['NET_ADMIN'], ['ALL']), ['CAP_NET_ADMIN']);
  assert.deepEqual(caps([], ['all']), []);
  const all = caps(['ALL'], ['MKNOD']);
  assert.equal(all?.length, 40);
  assert.ok(!all?.includes('CAP_MKNOD'));
  assert.deepEqual(caps(['CHOWN'], []), [...DEFAULT_CAPABILITIES]);
  assert.throws(() => caps(['FOO'], []), { message: 'unknown capability: "CAP_FOO"' });
  // The host's set comes from a /proc status mask (here a VM without CAP_SYS_RESOURCE, bit 24).
  assert.deepEqual(capabilitiesFromMask('00000000a80425fb'), [...DEFAULT_CAPABILITIES].sort((a, b) => KNOWN_CAPABILITIES.indexOf(a) - KNOWN_CAPABILITIES.indexOf(b)));
  const vm = capabilitiesFromMask('000001fffeffffff');
  assert.equal(vm.length, 40);
  assert.ok(!vm.includes('CAP_SYS_RESOURCE'));
  assert.equal(buildSpec(input({ capAdd: ['ALL'], host: { ...V1, capabilities: vm } })).process.capabilities?.bounding?.length, 40);
  assert.throws(() => buildSpec(input({ capAdd: ['BPF'], host: { ...V1, capabilities: ['CAP_CHOWN'] } })), {
    message: 'capability not supported by your kernel or not available in the current environment: "CAP_BPF"',
  });
});

test('read-only rootfs: root.readonly and ro on default mounts except the writable ones', () => {
  const s = buildSpec(input({ readOnly: true, tmpfs: [{ destination: '/run' }], init: { hostPath: '/usr/bin/tini-static' } }));
  assert.equal(s.root.readonly, true);
  for (const d of ['/proc', '/dev', '/dev/pts', '/dev/mqueue', '/dev/shm']) assert.ok(!mount(s, d)?.options?.includes('ro'), d);
  assert.deepEqual(mount(s, '/sys')?.options, ['nosuid', 'noexec', 'nodev', 'ro']);
  assert.ok(mount(s, '/sys/fs/cgroup')?.options?.includes('ro'));
  assert.ok(!mount(s, '/run')?.options?.includes('ro'), 'user tmpfs stays writable');
  assert.deepEqual(mount(s, '/sbin/docker-init')?.options, ['bind', 'ro']);
});

test('tmpfs and shm: Docker option merging, size, overrides', () => {
  const s = buildSpec(input({ shmSize: 1 << 30, tmpfs: [{ destination: '/run', data: 'rw,exec,size=64m' }, { destination: '/tmp' }] }));
  assert.deepEqual(mount(s, '/dev/shm')?.options?.at(-1), 'size=1073741824');
  assert.deepEqual(mount(s, '/run'), { destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'rprivate', 'rw', 'exec', 'size=64m'] });
  assert.deepEqual(mount(s, '/tmp')?.options, ['noexec', 'nosuid', 'nodev', 'rprivate']);
  assert.throws(() => buildSpec(input({ tmpfs: [{ destination: '/x', data: 'bogus' }] })), { message: 'invalid tmpfs option "bogus"' });
  // A user /dev/shm replaces the default one; a user /dev drops everything under /dev.
  const shm = buildSpec(input({ tmpfs: [{ destination: '/dev/shm', data: 'size=1m' }] }));
  assert.equal(shm.mounts.filter((m) => m.destination === '/dev/shm').length, 1);
  assert.deepEqual(mount(shm, '/dev/shm')?.source, 'tmpfs');
  const dev = buildSpec(input({ mounts: [{ destination: '/dev', type: 'bind', source: '/dev', options: ['rbind'] }] }));
  assert.deepEqual(dests(dev), ['/proc', '/sys', '/sys/fs/cgroup', '/dev']);
});

test('extra mounts come after the defaults, sorted by depth, passed through', () => {
  const mounts: Mount[] = [
    { destination: '/data/sub', type: 'bind', source: '/h/sub', options: ['rbind', 'ro'] },
    { destination: '/data', type: 'bind', source: '/h/data', options: ['rbind'] },
    { destination: '/etc/hosts', type: 'bind', source: '/s/hosts', options: ['rbind', 'rprivate'] },
  ];
  const s = buildSpec(input({ mounts }));
  assert.deepEqual(dests(s).slice(7), ['/data', '/data/sub', '/etc/hosts'], 'equal depth keeps input order');
  assert.deepEqual(mount(s, '/data/sub'), mounts[0]);
  assert.deepEqual(mounts[1], { destination: '/data', type: 'bind', source: '/h/data', options: ['rbind'] }, 'input untouched');
});

test('--init: tini bind-mounted at /sbin/docker-init and prepended with --', () => {
  const s = buildSpec(input({ init: { hostPath: '/usr/bin/tini-static' }, image: image({ Entrypoint: ['/e'], Cmd: ['x'] }) }));
  assert.deepEqual(s.process.args, ['/sbin/docker-init', '--', '/e', 'x']);
  assert.deepEqual(mount(s, '/sbin/docker-init'), { destination: '/sbin/docker-init', type: 'bind', source: '/usr/bin/tini-static', options: ['bind', 'ro'] });
  assert.equal(dests(s).indexOf('/sbin/docker-init'), 7, 'after the default mounts');
});

test('devices: node + cgroup rule per mapping', () => {
  const s = buildSpec(input({
    devices: [
      { pathOnHost: '/dev/fuse', pathInContainer: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0 },
      { pathOnHost: '/dev/sdb', pathInContainer: '/dev/xvda', cgroupPermissions: 'r', type: 'b', major: 8, minor: 16 },
    ],
  }));
  assert.deepEqual(s.linux.devices, [
    { path: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0 },
    { path: '/dev/xvda', type: 'b', major: 8, minor: 16 },
  ]);
  assert.deepEqual(s.linux.resources?.devices?.slice(-2), [
    { allow: true, type: 'c', major: 10, minor: 229, access: 'rwm' },
    { allow: true, type: 'b', major: 8, minor: 16, access: 'r' },
  ]);
  // Privileged: mapped devices only when they get a new path.
  const p = buildSpec(input({ privileged: true, devices: [
    { pathOnHost: '/dev/sdb', pathInContainer: '/dev/sdb', type: 'b', major: 8, minor: 16 },
    { pathOnHost: '/dev/sdb', pathInContainer: '/dev/disk0', type: 'b', major: 8, minor: 16 },
  ] }));
  assert.deepEqual(p.linux.devices, [{ path: '/dev/disk0', type: 'b', major: 8, minor: 16 }]);
});

test('security options: no-new-privileges, apparmor only when the host has it', () => {
  const s = buildSpec(input({ securityOpt: { noNewPrivileges: true, apparmor: 'x' } }));
  assert.equal(s.process.noNewPrivileges, true);
  assert.equal(s.process.apparmorProfile, undefined);
  assert.equal(buildSpec(input({ host: { ...V1, apparmor: true } })).process.apparmorProfile, 'docker-default');
  assert.equal(buildSpec(input({ host: { ...V1, apparmor: true, apparmorDefaultProfile: 'tsctl-default' } })).process.apparmorProfile, 'tsctl-default');
  assert.equal(buildSpec(input({ host: { ...V1, apparmor: true }, securityOpt: { apparmor: 'mine' } })).process.apparmorProfile, 'mine');
});

test('ulimits, annotations, stop signal, hooks, cgroups path, extra masked paths', () => {
  const s = buildSpec(input({
    ulimits: [{ name: 'nofile', soft: 1024, hard: 4096 }, { name: 'core', soft: -1, hard: -1 }],
    annotations: { 'com.example': 'v' },
    image: image({ Cmd: ['sh'], StopSignal: 'SIGQUIT' }),
    hooks: { createRuntime: [{ path: '/usr/bin/tsctl', args: ['tsctl', 'internal', 'oci-hook', 'createRuntime'] }], poststop: [] },
    cgroupsPath: '/custom/x',
    host: { ...V1, extraMaskedPaths: ['/sys/devices/system/cpu/cpu0/thermal_throttle'] },
  }));
  assert.deepEqual(s.process.rlimits, [
    { type: 'RLIMIT_NOFILE', hard: 4096, soft: 1024 },
    { type: 'RLIMIT_CORE', hard: 2n ** 64n - 1n, soft: 2n ** 64n - 1n },
  ]);
  assert.deepEqual(s.annotations, { 'com.example': 'v', 'io.containerd.image.config.stop-signal': 'SIGQUIT' });
  assert.equal(buildSpec(input({ stopSignal: 'SIGUSR1', image: image({ Cmd: ['sh'], StopSignal: 'SIGQUIT' }) })).annotations?.['io.containerd.image.config.stop-signal'], 'SIGUSR1');
  assert.deepEqual(s.hooks?.createRuntime?.[0]?.args, ['tsctl', 'internal', 'oci-hook', 'createRuntime']);
  assert.equal(s.linux.cgroupsPath, '/custom/x');
  assert.equal(s.linux.maskedPaths?.at(-1), '/sys/devices/system/cpu/cpu0/thermal_throttle');
  const json = specToJSON(s);
  assert.match(json, /"type":"RLIMIT_CORE","hard":18446744073709551615,"soft":18446744073709551615/);
  const back = JSON.parse(json) as Spec;
  assert.equal(back.process.rlimits?.[0]?.hard, 4096);
  assert.equal(back.hostname, '0123456789ab');
});

test('security-opt systempaths=unconfined and writable-cgroups', () => {
  const open = buildSpec(input({ securityOpt: { systemPathsUnconfined: true } }));
  assert.equal(open.linux.maskedPaths, undefined);
  assert.equal(open.linux.readonlyPaths, undefined);
  assert.ok(open.linux.seccomp, 'seccomp stays');
  assert.deepEqual(mount(buildSpec(input({ securityOpt: { writableCgroups: true } })), '/sys/fs/cgroup')?.options, ['nosuid', 'noexec', 'nodev']);
  const priv = buildSpec(input({ privileged: true, securityOpt: { writableCgroups: false } }));
  assert.deepEqual(mount(priv, '/sys/fs/cgroup')?.options, ['ro', 'nosuid', 'noexec', 'nodev']);
  assert.deepEqual(mount(priv, '/sys')?.options, ['nosuid', 'noexec', 'nodev']);
});

test('inputs accept the cli/opts parser shapes (tmpfs, ulimit, device)', () => {
  // parseTmpfs → {destination, data, options}; parseUlimit → {name, soft, hard}; parseDevice + stat.
  const tmpfs = { destination: '/run', data: 'size=1m', options: ['noexec', 'nosuid', 'nodev', 'rprivate', 'size=1m'] };
  const ulimit = { name: 'nofile' as const, soft: 1, hard: 2 };
  const device = { pathOnHost: '/dev/fuse', pathInContainer: '/dev/fuse', cgroupPermissions: 'rwm' };
  const s = buildSpec(input({ tmpfs: [tmpfs], ulimits: [ulimit], devices: [{ ...device, type: 'c', major: 10, minor: 229 }] }));
  assert.deepEqual(mount(s, '/run')?.options, tmpfs.options);
  assert.deepEqual(s.process.rlimits, [{ type: 'RLIMIT_NOFILE', hard: 2, soft: 1 }]);
  assert.deepEqual(s.linux.devices, [{ path: '/dev/fuse', type: 'c', major: 10, minor: 229 }]);
});
