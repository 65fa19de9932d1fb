/**
 * Docker's defaults for a Linux container spec (moby daemon/pkg/oci/defaults.go, caps/defaults.go,
 * daemon/oci_linux.go, daemon/config): the capability set, the mounts every container gets, the masked and
 * read-only /proc and /sys paths, the device-cgroup allow list, namespaces and a few constants.
 * Everything here is data or builds fresh copies (callers may mutate what they get).
 */
import type { DeviceCgroup, Mount, Namespace } from './types';

/** Docker's default capability set (bounding = effective = permitted; no inheritable, no ambient). */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

/** Every capability Linux knows, by number (0 … 40, as containerd's pkg/cap lists them for kernel 5.9+). */
export const KNOWN_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN',
  'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** /dev/shm size when --shm-size is not given (64 MiB, daemon/config DefaultShmSize). */
export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

/** Where Docker mounts the init binary (--init) inside the container. */
export const INIT_PATH_IN_CONTAINER = '/sbin/docker-init';

/** PATH Docker puts first in every Linux container's environment. */
export const DEFAULT_PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Annotation carrying the stop signal (containerd's label name for the image's StopSignal). */
export const STOP_SIGNAL_ANNOTATION = 'io.containerd.image.config.stop-signal';

/** containerd's cgroupfs default: /<namespace>/<id>. */
export function defaultCgroupsPath(namespace: string, id: string): string {
  return `/${namespace}/${id}`;
}

export type CgroupVersion = 1 | 2;

/**
 * Docker's default mounts, in its order. /dev/shm has no size here (the builder appends `size=<shmSize>`).
 * /sys/fs/cgroup is a `cgroup` mount on v1 (runc builds the tmpfs + per-controller binds) and `cgroup2` on v2.
 */
export function defaultMounts(cgroupVersion: CgroupVersion): Mount[] {
  const cgroup: Mount =
    cgroupVersion === 2
      ? { destination: '/sys/fs/cgroup', type: 'cgroup2', source: 'cgroup2', options: ['ro', 'nosuid', 'noexec', 'nodev'] }
      : { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro', 'nosuid', 'noexec', 'nodev'] };
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    cgroup,
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777'] },
  ];
}

/** Default mounts that stay writable under --read-only (withMounts in daemon/oci_linux.go). */
export const WRITABLE_UNDER_READONLY: readonly string[] = ['/proc', '/dev/pts', '/dev/shm', '/dev/mqueue', '/dev'];

/**
 * Docker's masked paths (moby ≥ 25 with the GHSA-6fw5-f8r9-fgfm / GHSA-jq35-85cj-fj4p additions). Docker also
 * masks each /sys/devices/system/cpu/cpuN/thermal_throttle that exists on the host: pass those as host facts.
 */
export const DEFAULT_MASKED_PATHS: readonly string[] = [
  '/proc/acpi',
  '/proc/asound',
  '/proc/interrupts',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/sys/devices/virtual/powercap',
  '/sys/firmware',
];

export const DEFAULT_READONLY_PATHS: readonly string[] = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/**
 * Device-cgroup rules: deny all, then allow null, zero, full, random, urandom, tty, console; deny fuse (10:229).
 * runc itself adds its default devices (null, zero, full, random, urandom, tty, /dev/ptmx → pts/ptmx, and
 * /dev/console for a terminal) to /dev and to this allow list, so `linux.devices` stays empty by default.
 */
export function defaultDeviceRules(): DeviceCgroup[] {
  const allow = (major: number, minor: number): DeviceCgroup => ({ allow: true, type: 'c', major, minor, access: 'rwm' });
  return [
    { allow: false, access: 'rwm' },
    allow(1, 5),
    allow(1, 3),
    allow(1, 9),
    allow(1, 8),
    allow(5, 0),
    allow(5, 1),
    { allow: false, type: 'c', major: 10, minor: 229, access: 'rwm' },
  ];
}

/** Devices the runtime provides in every container (runtime-spec "default devices"); for reference and checks. */
export const RUNTIME_DEFAULT_DEVICES: readonly string[] = [
  '/dev/null', '/dev/zero', '/dev/full', '/dev/random', '/dev/urandom', '/dev/tty', '/dev/console', '/dev/ptmx',
];

/**
 * The namespaces a default container gets. Docker adds a cgroup namespace when cgroupns is private — its
 * default on cgroup v2, while v1 defaults to the host's. (Docker ≥ 28 also asks for a time namespace; runc 1.1
 * does not support it, so tsctl does not.)
 */
export function defaultNamespaces(privateCgroupns: boolean): Namespace[] {
  const ns: Namespace[] = [{ type: 'mount' }, { type: 'network' }, { type: 'uts' }, { type: 'pid' }, { type: 'ipc' }];
  if (privateCgroupns) ns.push({ type: 'cgroup' });
  return ns;
}

/** Sysctls Docker sets when the container has its own network namespace (withCommonOptions). */
export function defaultNetworkSysctls(): Record<string, string> {
  return { 'net.ipv4.ping_group_range': '0 2147483647', 'net.ipv4.ip_unprivileged_port_start': '0' };
}
