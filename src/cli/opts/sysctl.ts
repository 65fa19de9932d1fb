/**
 * `--sysctl key=value`: docker/cli's ValidateSysctl (only namespaced sysctls: the IPC ones `kernel.msgmax`,
 * `kernel.msgmnb`, `kernel.msgmni`, `kernel.sem`, `kernel.shmall`, `kernel.shmmax`, `kernel.shmmni`,
 * `kernel.shm_rmid_forced`, and the `fs.mqueue.*` and `net.*` trees), kept in a map (the last value wins),
 * plus the sysctls dockerd adds for containers with their own network namespace.
 */
import { InvalidOptionError } from '../../errors/index';
import { cut, setKey, withFlag } from './common';

const ALLOWED = new Set([
  'kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni',
  'kernel.shm_rmid_forced',
]);
const ALLOWED_PREFIXES = ['net.', 'fs.mqueue.'];

/** dockerd's defaults for a private network namespace (HostConfig.Sysctls override them). */
export const DEFAULT_NETWORK_SYSCTLS: Readonly<Record<string, string>> = {
  'net.ipv4.ping_group_range': '0 2147483647',
  'net.ipv4.ip_unprivileged_port_start': '0',
};

/**
 * One `--sysctl` value → [key, value]. `sysctl 'kernel.hostname=x' is not allowed` for anything outside the
 * namespaced list, and for a value without `=` or with an empty key. At flag time pflag wraps it
 * (`collectSysctls` does).
 */
export function parseSysctl(value: string): [key: string, value: string] {
  const [key, v, ok] = cut(value, '=');
  if (!ok || key === '' || !(ALLOWED.has(key) || ALLOWED_PREFIXES.some((p) => key.startsWith(p)))) {
    throw new InvalidOptionError(`sysctl '${value}' is not allowed`);
  }
  return [key, v];
}

/**
 * Every `--sysctl` as HostConfig.Sysctls (the last value of a key wins); errors worded as pflag's:
 * `invalid argument "kernel.foo=1" for "--sysctl" flag: sysctl 'kernel.foo=1' is not allowed`.
 */
export function collectSysctls(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const [key, val] = withFlag('--sysctl', v, parseSysctl);
    setKey(out, key, val);
  }
  return out;
}
