/**
 * Prerequisites of the real-component tests and the versions of what they run against.
 * A missing prerequisite is always a failure (never a skip): the caller prints the list and stops.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Directories searched for CNI plugins, in order (Debian's package, then the upstream default). */
export const CNI_DIRS = ['/usr/lib/cni', '/opt/cni/bin'];
const CNI_PLUGINS = ['bridge', 'loopback', 'host-local', 'portmap', 'firewall', 'tuning'];
const BINARIES = ['containerd', 'containerd-shim-runc-v2', 'ctr', 'runc', 'docker-registry', 'buildkitd', 'buildctl', 'iptables', 'umount', 'tini'];

/** Absolute path of `name` on PATH (plus the sbin dirs and /usr/local/bin), or undefined. */
export function which(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/bin', '/usr/sbin', '/sbin'];
  for (const d of dirs) {
    if (d === '') continue;
    const p = join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The CNI plugin directory holding all plugins the tests use, or undefined. */
export function cniDir(): string | undefined {
  return CNI_DIRS.find((d) => CNI_PLUGINS.every((p) => existsSync(join(d, p))));
}

/** Human-readable list of missing prerequisites; empty when everything is present. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root (the tests mount overlays, create namespaces and iptables rules)');
  for (const b of BINARIES) if (which(b) === undefined) missing.push(`${b} binary`);
  if (!existsSync('/bin/busybox')) missing.push('/bin/busybox (Debian package busybox-static; the test image is built from it)');
  if (cniDir() === undefined) missing.push(`CNI plugins ${CNI_PLUGINS.join(', ')} in ${CNI_DIRS.join(' or ')}`);
  if (!existsSync('/sys/fs/cgroup')) missing.push('cgroup filesystem at /sys/fs/cgroup');
  const fs = existsSync('/proc/filesystems') ? readFileSync('/proc/filesystems', 'utf8') : '';
  if (!/\toverlay$/m.test(fs)) missing.push('overlay filesystem support in the kernel (/proc/filesystems)');
  return missing;
}

function firstLine(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0]?.trim() ?? '';
  } catch (err) {
    return `unknown (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
}

export interface Versions {
  containerd: string;
  runc: string;
  buildkit: string;
  registry: string;
  node: string;
}

/** Version lines of the daemons and tools the harness runs. */
export function componentVersions(): Versions {
  return {
    containerd: firstLine('containerd', ['--version']),
    runc: firstLine('runc', ['--version']),
    buildkit: firstLine('buildkitd', ['--version']),
    registry: firstLine('docker-registry', ['--version']),
    node: process.version,
  };
}
