/**
 * Platforms (`--platform`): parse, normalise, format and match as containerd's `platforms` package does
 * (platforms.go Parse/Normalize, database.go normalizeArch, compare.go platformVector/Only/Ordered).
 *
 * - `linux/amd64`, `linux/arm64/v8`, `linux/arm/v7`, `amd64` (OS defaults to the host's), `linux` (arch from host).
 * - Normalisation: x86_64/x86-64 → amd64, aarch64 → arm64, i386 → 386, armhf → arm/v7, armel → arm/v6,
 *   macos → darwin; `arm` without variant is v7; arm64's default variant v8 and amd64's v1 are stored as no
 *   variant (containerd's canonical form), so `linux/arm64/v8` and `linux/arm64` are the same platform.
 * - Matching (`Only`): exact platform first, then compatible older ones in order: arm/v7 → v6 → v5,
 *   arm64 → arm/v8 … v5, arm64/v8.2 → v8.1 → v8, amd64/v3 → v2 → v1 → 386.
 * The host platform is derived from `process.arch`-style values passed in. Pure.
 */
import { InvalidArgumentError } from '../errors/index';
import type { Descriptor, ImageIndex, Platform } from '../oci/media-types';

export type { Platform } from '../oci/media-types';

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'windows', 'zos']);
const KNOWN_ARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);
const OS_RE = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;
const COMPONENT_RE = /^[A-Za-z0-9_.-]+$/;

/** Node's `process.arch` → OCI architecture. */
const NODE_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64', mips: 'mips', mipsel: 'mipsle' };
const NODE_OS: Record<string, string> = { win32: 'windows' };

/**
 * The host's platform from `process.arch` / `process.platform` values (passed in) and, for 32-bit arm, the
 * CPU's arm version (e.g. `process.config.variables.arm_version`). Containers on Linux are linux images.
 */
export function hostPlatform(nodeArch: string, nodePlatform = 'linux', armVersion?: string | number): Platform {
  const os = NODE_OS[nodePlatform] ?? nodePlatform;
  const arch = NODE_ARCH[nodeArch] ?? nodeArch;
  const variant = arch === 'arm' && armVersion !== undefined && String(armVersion) !== '' ? `v${String(armVersion)}` : undefined;
  return normalizePlatform({ os, architecture: arch, ...(variant !== undefined ? { variant } : {}) });
}

function normalizeArch(arch: string, variant: string): [string, string] {
  let a = arch.toLowerCase();
  let v = variant.toLowerCase();
  switch (a) {
    case 'i386':
      a = '386';
      v = '';
      break;
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      a = 'amd64';
      if (v === 'v1') v = '';
      break;
    case 'aarch64':
    case 'arm64':
      a = 'arm64';
      if (v === '8' || v === 'v8') v = '';
      break;
    case 'armhf':
      a = 'arm';
      v = 'v7';
      break;
    case 'armel':
      a = 'arm';
      v = 'v6';
      break;
    case 'arm':
      if (v === '' || v === '7') v = 'v7';
      else if (v === '5' || v === '6' || v === '8') v = `v${v}`;
      break;
    default:
      break;
  }
  return [a, v];
}

function normalizeOS(os: string): string {
  const o = os.toLowerCase();
  return o === 'macos' ? 'darwin' : o;
}

function make(os: string, architecture: string, variant: string, rest: Partial<Platform> = {}): Platform {
  return { ...rest, os, architecture, ...(variant !== '' ? { variant } : {}) };
}

/** containerd's Normalize: canonical OS/arch/variant (see the module comment). */
export function normalizePlatform(p: Platform): Platform {
  const [arch, variant] = normalizeArch(p.architecture, p.variant ?? '');
  const rest: Partial<Platform> = {};
  if (p['os.version'] !== undefined && p['os.version'] !== '') rest['os.version'] = p['os.version'];
  if (p['os.features'] !== undefined && p['os.features'].length > 0) rest['os.features'] = [...new Set(p['os.features'])].sort();
  return make(normalizeOS(p.os), arch, variant, rest);
}

/** Parses a `--platform` value; missing parts come from `host`. Errors carry containerd's wording. */
export function parsePlatform(specifier: string, host: Platform): Platform {
  const bad = (why: string): InvalidArgumentError => new InvalidArgumentError(`${JSON.stringify(specifier)}: ${why}: invalid argument`);
  if (specifier.includes('*')) throw bad('wildcards not yet supported');
  const parts = specifier.split('/');
  if (parts.length > 3) throw bad('cannot parse platform specifier');
  const osm = OS_RE.exec(parts[0] ?? '');
  if (osm === null) throw bad(`${JSON.stringify(parts[0] ?? '')} is an invalid OS component`);
  for (const part of parts.slice(1)) {
    if (!COMPONENT_RE.test(part)) throw bad(`${JSON.stringify(part)} is an invalid component`);
  }
  const os = normalizeOS(osm[1] ?? '');
  const rest: Partial<Platform> = {};
  if (osm[2] !== undefined && osm[2] !== '') rest['os.version'] = decodeURIComponent(osm[2]);
  if (osm[3] !== undefined && osm[3] !== '') rest['os.features'] = osm[3].slice(1).split('+').map(decodeURIComponent);
  if (parts.length === 1) {
    if (KNOWN_OS.has(os)) return normalizePlatform({ ...rest, os, architecture: host.architecture, ...(host.variant ? { variant: host.variant } : {}) });
    const [arch, variant] = normalizeArch(parts[0] ?? '', '');
    if (KNOWN_ARCH.has(arch)) return normalizePlatform(make(host.os, arch, variant));
    throw bad('unknown operating system or architecture');
  }
  const [arch, variant] = normalizeArch(parts[1] ?? '', parts[2] ?? '');
  return normalizePlatform(make(os, arch, variant, rest));
}

/** `os/arch[/variant]` (containerd's Format). */
export function formatPlatform(p: Platform): string {
  if (p.os === '') return 'unknown';
  return [p.os, p.architecture, p.variant ?? ''].filter((s) => s !== '').join('/');
}

function variantChain(p: Platform, arch: string, variants: string[]): Platform[] {
  return variants.map((v) => normalizePlatform({ ...p, architecture: arch, variant: v }));
}

/** The ordered list of platforms `p` can run (containerd's platformVector), `p` first. */
export function platformVector(platform: Platform): Platform[] {
  const p = normalizePlatform(platform);
  const vector: Platform[] = [p];
  const variant = p.variant ?? '';
  if (p.architecture === 'amd64') {
    const n = Number.parseInt(variant.replace(/^v/, ''), 10);
    if (Number.isInteger(n) && n > 1) vector.push(...variantChain(p, 'amd64', range(n - 1, 1).map((i) => `v${i}`)));
    vector.push(normalizePlatform({ ...p, architecture: '386', variant: '' }));
  } else if (p.architecture === 'arm') {
    const n = Number.parseInt(variant.replace(/^v/, ''), 10);
    if (Number.isInteger(n) && n > 5) vector.push(...variantChain(p, 'arm', range(n - 1, 5).map((i) => `v${i}`)));
  } else if (p.architecture === 'arm64') {
    const v = variant === '' ? 'v8' : variant;
    const [majorS = '', minorS] = v.split('.');
    let major = Number.parseInt(majorS.replace(/^v/, ''), 10);
    if (Number.isInteger(major) && major >= 8) {
      let minor = minorS !== undefined && v.length === 4 ? Number.parseInt(minorS, 10) || 0 : 0;
      const older = (maj: number, min: number): string[] => range(min - 1, 0).map((i) => (i === 0 ? `v${maj}` : `v${maj}.${i}`));
      if (major === 9) {
        vector.push(...variantChain(p, 'arm64', older(9, minor)));
        minor += 5; // v9.0 diverged from v8.5: v9.x runs v8.(x+5)
        major = 8;
        vector.push(normalizePlatform({ ...p, architecture: 'arm64', variant: `v8.${minor}` }));
      }
      vector.push(...variantChain(p, 'arm64', older(major, minor)));
    }
    const armVariant = v.startsWith('v8.') || v.startsWith('v9.') ? 'v8' : v;
    vector.push(...platformVector({ ...p, architecture: 'arm', variant: armVariant }));
  }
  return vector;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i >= to; i--) out.push(i);
  return out;
}

function samePlatform(a: Platform, b: Platform): boolean {
  if (a.os !== b.os || a.architecture !== b.architecture || (a.variant ?? '') !== (b.variant ?? '')) return false;
  const want = b['os.features'] ?? [];
  const have = new Set(a['os.features'] ?? []);
  return want.every((f) => have.has(f));
}

/**
 * Position of `candidate` in `wanted`'s preference order (0 = exact), or -1 when it cannot run there.
 * OS features of the candidate must be a subset of the wanted platform's.
 */
export function platformRank(wanted: Platform, candidate: Platform): number {
  const c = normalizePlatform(candidate);
  return platformVector(wanted).findIndex((w) => samePlatform(w, c));
}

/** containerd's `platforms.Only(wanted).Match(candidate)`. */
export function matchPlatform(wanted: Platform, candidate: Platform): boolean {
  return platformRank(wanted, candidate) >= 0;
}

/**
 * The index entries usable on `wanted`, best first (stable for equal rank). Entries without a platform are
 * accepted after all platform matches, as containerd's FilterPlatforms does.
 */
export function matchingManifests(index: Pick<ImageIndex, 'manifests'>, wanted: Platform): Descriptor[] {
  const ranked: { d: Descriptor; rank: number; i: number }[] = [];
  index.manifests.forEach((d, i) => {
    const rank = d.platform === undefined ? Number.MAX_SAFE_INTEGER : platformRank(wanted, d.platform);
    if (rank >= 0) ranked.push({ d, rank, i });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.i - b.i);
  return ranked.map((r) => r.d);
}

/** The best manifest of `index` for `wanted`, or undefined when none matches. */
export function pickManifest(index: Pick<ImageIndex, 'manifests'>, wanted: Platform): Descriptor | undefined {
  return matchingManifests(index, wanted)[0];
}
