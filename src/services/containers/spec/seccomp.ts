/**
 * Turns a Docker-format seccomp profile into the OCI `linux.seccomp` section the way moby's setupSeccomp
 * (moby/profiles/seccomp/seccomp_linux.go) does: keep the host's architecture and its sub-architectures from
 * the archMap, and keep a rule only when its includes hold and its excludes do not — Go arch names, the
 * container's bounding capabilities, and the kernel version for `minKernel`.
 */
import { InvalidArgumentError, InvalidOptionError } from '../../../errors/index';
import { DEFAULT_SECCOMP_PROFILE } from './seccomp-profile';
import type { ProfileFilter, Seccomp, SeccompProfile, SeccompSyscall } from './types';

/** Go's GOARCH → libseccomp's arch name → the SCMP_ARCH_* constant (goToNative / nativeToSeccomp). */
const GO_TO_NATIVE: Record<string, string> = {
  '386': 'x86', amd64: 'amd64', arm: 'arm', arm64: 'arm64', loong64: 'loongarch64', mips64: 'mips64',
  mips64p32: 'mips64n32', mips64le: 'mipsel64', mips64p32le: 'mips3l64n32', mipsle: 'mipsel', ppc: 'ppc',
  ppc64: 'ppc64', ppc64le: 'ppc64le', riscv64: 'riscv64', s390: 's390', s390x: 's390x',
};
const NATIVE_TO_SECCOMP: Record<string, string> = {
  x86: 'SCMP_ARCH_X86', amd64: 'SCMP_ARCH_X86_64', arm: 'SCMP_ARCH_ARM', arm64: 'SCMP_ARCH_AARCH64',
  loong64: 'SCMP_ARCH_LOONGARCH64', loongarch64: 'SCMP_ARCH_LOONGARCH64',
  mips64: 'SCMP_ARCH_MIPS64', mips64n32: 'SCMP_ARCH_MIPS64N32',
  mipsel64: 'SCMP_ARCH_MIPSEL64', mips3l64n32: 'SCMP_ARCH_MIPSEL64N32', mipsle: 'SCMP_ARCH_MIPSEL',
  ppc: 'SCMP_ARCH_PPC', ppc64: 'SCMP_ARCH_PPC64', ppc64le: 'SCMP_ARCH_PPC64LE', riscv64: 'SCMP_ARCH_RISCV64',
  s390: 'SCMP_ARCH_S390', s390x: 'SCMP_ARCH_S390X',
};

/** Node's process.arch → Go's GOARCH (for callers that only know Node's name). */
export function goArch(nodeArch: string): string {
  const map: Record<string, string> = { x64: 'amd64', ia32: '386', ppc64: 'ppc64le' };
  return map[nodeArch] ?? nodeArch;
}

export interface SeccompContext {
  /** Host architecture as Go names it (amd64, arm64, …). */
  arch: string;
  /** The container's bounding capability set, after --privileged/--cap-add/--cap-drop. */
  capabilities: readonly string[];
  /** Host kernel release (`uname -r`, e.g. "6.1.0-18-amd64"); unknown → minKernel conditions hold. */
  kernelVersion?: string;
}

/** "5.10.0-21-amd64" → [5, 10]; undefined when it does not start with major.minor. */
export function parseKernelVersion(release: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(release);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function kernelAtLeast(min: string, ctx: SeccompContext): boolean {
  const want = parseKernelVersion(min);
  if (!want || !/^\d+\.\d+$/.test(min)) throw new InvalidArgumentError(`invalid kernel version: ${min}`);
  const have = ctx.kernelVersion === undefined ? undefined : parseKernelVersion(ctx.kernelVersion);
  if (!have) return true;
  return have[0] > want[0] || (have[0] === want[0] && have[1] >= want[1]);
}

function matchesAny(f: ProfileFilter, native: string, ctx: SeccompContext): boolean {
  if (f.arches?.includes(native)) return true;
  if (f.caps?.some((c) => ctx.capabilities.includes(c))) return true;
  return f.minKernel !== undefined && kernelAtLeast(f.minKernel, ctx);
}

function matchesAll(f: ProfileFilter, native: string, ctx: SeccompContext): boolean {
  if (f.arches && f.arches.length > 0 && !f.arches.includes(native)) return false;
  if (f.caps && !f.caps.every((c) => ctx.capabilities.includes(c))) return false;
  return f.minKernel === undefined || kernelAtLeast(f.minKernel, ctx);
}

/** The OCI seccomp section for `profile` (default: Docker's) in the given context. */
export function dockerSeccomp(ctx: SeccompContext, profile: SeccompProfile = DEFAULT_SECCOMP_PROFILE): Seccomp | undefined {
  const syscalls = profile.syscalls ?? [];
  if (!profile.defaultAction && syscalls.length === 0) return undefined;
  if ((profile.architectures?.length ?? 0) > 0 && (profile.archMap?.length ?? 0) > 0) {
    throw new InvalidArgumentError("both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'");
  }
  const native = GO_TO_NATIVE[ctx.arch] ?? ctx.arch;
  const out: Seccomp = { defaultAction: profile.defaultAction };
  if (profile.defaultErrnoRet !== undefined) out.defaultErrnoRet = profile.defaultErrnoRet;
  const arches = [...(profile.architectures ?? [])];
  const scmp = NATIVE_TO_SECCOMP[native];
  const entry = profile.archMap?.find((a) => a.architecture === scmp);
  if (entry) arches.push(entry.architecture, ...(entry.subArchitectures ?? []));
  if (arches.length > 0) out.architectures = arches;
  if (profile.flags && profile.flags.length > 0) out.flags = [...profile.flags];

  const kept: SeccompSyscall[] = [];
  for (const call of syscalls) {
    if (call.name && call.names && call.names.length > 0) {
      throw new InvalidArgumentError("both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'");
    }
    if (call.excludes && matchesAny(call.excludes, native, ctx)) continue;
    if (call.includes && !matchesAll(call.includes, native, ctx)) continue;
    const rule: SeccompSyscall = { names: call.name ? [call.name] : [...(call.names ?? [])], action: call.action };
    if (call.errnoRet !== undefined) rule.errnoRet = call.errnoRet;
    if (call.args && call.args.length > 0) rule.args = call.args.map((a) => ({ ...a }));
    kept.push(rule);
  }
  if (kept.length > 0) out.syscalls = kept;
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses the JSON text of a `--security-opt seccomp=<file>` profile. Checks the shape enough that the generator
 * cannot trip over it; runc checks actions, operators and arches itself.
 */
export function parseSeccompProfile(text: string): SeccompProfile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InvalidOptionError(`Decoding seccomp profile failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const bad = (what: string): never => {
    throw new InvalidOptionError(`Decoding seccomp profile failed: ${what}`);
  };
  if (!isRecord(doc)) return bad('not a JSON object');
  if (doc.defaultAction !== undefined && typeof doc.defaultAction !== 'string') bad('defaultAction is not a string');
  if (doc.syscalls !== undefined && doc.syscalls !== null && !Array.isArray(doc.syscalls)) bad('syscalls is not a list');
  for (const s of (doc.syscalls as unknown[] | null | undefined) ?? []) {
    if (!isRecord(s) || typeof s.action !== 'string') bad('every syscall rule needs an action');
    const r = s as Record<string, unknown>;
    if (r.names !== undefined && r.names !== null && !(Array.isArray(r.names) && r.names.every((n) => typeof n === 'string'))) {
      bad('names is not a list of strings');
    }
  }
  if (doc.archMap !== undefined && doc.archMap !== null && !Array.isArray(doc.archMap)) bad('archMap is not a list');
  const profile = doc as unknown as SeccompProfile;
  if (doc.syscalls === null) delete profile.syscalls;
  if (doc.archMap === null) delete profile.archMap;
  return profile;
}
