/**
 * Docker's capability rules (moby daemon/pkg/oci/caps/utils.go TweakCapabilities): --privileged gives every
 * capability the host has; otherwise start from the default set, drop --cap-drop, add --cap-add; `ALL` in
 * --cap-add means every capability except the dropped ones, `ALL` in --cap-drop means only the added ones.
 * Names are case-insensitive and the CAP_ prefix is optional.
 */
import { InvalidArgumentError } from '../../../errors/index';
import { DEFAULT_CAPABILITIES, KNOWN_CAPABILITIES } from './defaults';

const ALL = 'ALL';

/** Upper-cases, adds CAP_, keeps `ALL`; rejects names Linux does not know or the host does not have. */
export function normalizeCapabilities(caps: readonly string[], available: readonly string[] = KNOWN_CAPABILITIES): string[] {
  const out: string[] = [];
  for (const raw of caps) {
    let c = raw.toUpperCase();
    if (c === ALL) {
      out.push(c);
      continue;
    }
    if (!c.startsWith('CAP_')) c = `CAP_${c}`;
    if (!KNOWN_CAPABILITIES.includes(c)) throw new InvalidArgumentError(`unknown capability: "${c}"`);
    if (!available.includes(c)) {
      throw new InvalidArgumentError(`capability not supported by your kernel or not available in the current environment: "${c}"`);
    }
    out.push(c);
  }
  return out;
}

export interface CapabilityOptions {
  capAdd?: readonly string[];
  capDrop?: readonly string[];
  privileged?: boolean;
  /** Capabilities the host offers (privileged and ALL get these); default: every known capability. */
  available?: readonly string[];
}

/** The container's capability set (used for bounding, effective and permitted). No duplicates. */
export function effectiveCapabilities(opts: CapabilityOptions): string[] {
  const available = opts.available ?? KNOWN_CAPABILITIES;
  if (opts.privileged) return [...available];
  const adds = opts.capAdd ?? [];
  const drops = opts.capDrop ?? [];
  if (adds.length === 0 && drops.length === 0) return [...DEFAULT_CAPABILITIES];
  const capDrop = normalizeCapabilities(drops, available);
  const capAdd = normalizeCapabilities(adds, available);
  let caps: string[];
  if (capAdd.includes(ALL)) caps = available.filter((c) => !capDrop.includes(c));
  else if (capDrop.includes(ALL)) caps = capAdd;
  else caps = [...DEFAULT_CAPABILITIES.filter((c) => !capDrop.includes(c)), ...capAdd];
  return [...new Set(caps)];
}

/**
 * Capability names in a /proc/<pid>/status mask (`CapEff: 000001fffeffffff`), as containerd's cap.Current reads
 * them: what --privileged and --cap-add ALL may grant on this host (Docker's GetAllCapabilities).
 */
export function capabilitiesFromMask(hex: string): string[] {
  const mask = BigInt(`0x${hex.trim() || '0'}`);
  return KNOWN_CAPABILITIES.filter((_c, bit) => (mask >> BigInt(bit)) & 1n);
}
