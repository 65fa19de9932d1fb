/**
 * `--cap-add` / `--cap-drop`: docker/cli's NormalizeCapability and EffectiveCapAddCapDrop, dockerd's
 * validation against the known Linux capabilities (containerd's cap.Known) and its TweakCapabilities, with
 * Docker's default capability set.
 */
import { daemonError, goQuote } from './common';

/** containerd's cap.Known(): every capability of Linux 5.9+, in kernel order. */
export const KNOWN_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN',
  'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ',
  'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** dockerd's default capabilities (oci/caps DefaultCapabilities), in its order. */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

export const ALL_CAPABILITIES = 'ALL';
export const RESET_CAPABILITIES = 'RESET';

/** docker/cli NormalizeCapability: trimmed, upper-cased, `CAP_` added (`net_admin` → `CAP_NET_ADMIN`); ALL and RESET kept. */
export function normalizeCapability(capability: string): string {
  const c = capability.trim().toUpperCase();
  if (c === ALL_CAPABILITIES || c === RESET_CAPABILITIES) return c;
  return c.startsWith('CAP_') ? c : `CAP_${c}`;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * docker/cli EffectiveCapAddCapDrop: normalised, de-duplicated and sorted lists as the CLI sends them; `ALL`
 * swallows the rest of its list, a capability both added and dropped is only added, `RESET` is removed.
 */
export function effectiveCapAddCapDrop(add: readonly string[], drop: readonly string[]): { capAdd: string[]; capDrop: string[] } {
  let addCaps = new Set(add.map(normalizeCapability));
  let dropCaps = new Set(drop.map(normalizeCapability));
  if (addCaps.has(ALL_CAPABILITIES)) addCaps = new Set([ALL_CAPABILITIES]);
  if (dropCaps.has(ALL_CAPABILITIES)) dropCaps = new Set([ALL_CAPABILITIES]);
  const capDrop = [...dropCaps].filter((c) => !addCaps.has(c) && c !== RESET_CAPABILITIES).sort(byCodeUnit);
  const capAdd = [...addCaps].filter((c) => c !== RESET_CAPABILITIES).sort(byCodeUnit);
  return { capAdd, capDrop };
}

/**
 * dockerd NormalizeLegacyCapabilities for HostConfig.CapAdd / CapDrop:
 * `invalid CapAdd: unknown capability: "CAP_FOO"`; with `available` (the capabilities tsctl itself holds),
 * `invalid CapAdd: capability not supported by your kernel or not available in the current environment: "CAP_BPF"`.
 */
export function validateCapabilities(caps: readonly string[], field: 'CapAdd' | 'CapDrop', available?: readonly string[]): string[] {
  return caps.map((raw) => {
    let c = raw.toUpperCase();
    if (c === ALL_CAPABILITIES) return c;
    if (!c.startsWith('CAP_')) c = `CAP_${c}`;
    if (!KNOWN_CAPABILITIES.includes(c)) throw daemonError(`invalid ${field}: unknown capability: ${goQuote(c)}`);
    if (available && !available.includes(c)) {
      throw daemonError(`invalid ${field}: capability not supported by your kernel or not available in the current environment: ${goQuote(c)}`);
    }
    return c;
  });
}

/**
 * dockerd TweakCapabilities: the container's capability list. Privileged gets `all`; `--cap-add ALL` gets all but
 * the dropped; `--cap-drop ALL` gets only the added; otherwise the defaults minus the dropped, then the added.
 * `all` defaults to every known capability (dockerd uses the ones it holds itself).
 */
export function tweakCapabilities(
  basics: readonly string[],
  adds: readonly string[],
  drops: readonly string[],
  privileged: boolean,
  all: readonly string[] = KNOWN_CAPABILITIES,
): string[] {
  if (privileged) return [...all];
  if (adds.length === 0 && drops.length === 0) return [...basics];
  const capDrop = validateCapabilities(drops, 'CapDrop', all);
  const capAdd = validateCapabilities(adds, 'CapAdd', all);
  if (capAdd.includes(ALL_CAPABILITIES)) return all.filter((c) => !capDrop.includes(c));
  if (capDrop.includes(ALL_CAPABILITIES)) return capAdd;
  return [...basics.filter((c) => !capDrop.includes(c)), ...capAdd];
}
