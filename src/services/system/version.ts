/**
 * `version`: the client's facts and the server's components (containerd from its Version service, runc and
 * buildctl from their own --version), in the shape Docker's `version --format` templates address
 * (.Client.Version, .Server.Version, .Server.Components).
 */
import type { ServerVersion } from '../../containerd/ports';

export interface Component {
  Name: string;
  Version: string;
  Details: { GitCommit: string };
}

export interface VersionInfo {
  Client: {
    Version: string;
    NodeVersion: string;
    Os: string;
    Arch: string;
    Components: Component[];
  };
  /** Absent when containerd could not be reached. */
  Server?: {
    Version: string;
    GitCommit: string;
    Components: Component[];
  };
}

export interface VersionDeps {
  clientVersion: string;
  nodeVersion: string;
  platform: string;
  arch: string;
  containerdVersion: () => Promise<ServerVersion>;
  /** `<tool> --version` output, or undefined when the tool is missing. */
  toolVersion: (tool: 'runc' | 'buildctl') => Promise<string | undefined>;
}

/** Maps Node's process.arch to the OCI/Go architecture names Docker prints. */
export function goArch(arch: string): string {
  const map: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return map[arch] ?? arch;
}

/** Parses `runc --version` ("runc version X\ncommit: Y\n..."). */
export function parseRuncVersion(text: string): Component | undefined {
  const v = /^runc version (\S+)/m.exec(text);
  if (!v?.[1]) return undefined;
  return { Name: 'runc', Version: v[1], Details: { GitCommit: /^commit: (\S+)/m.exec(text)?.[1] ?? '' } };
}

/** Parses `buildctl --version` ("buildctl github.com/moby/buildkit v0.32.2 <rev>"). */
export function parseBuildctlVersion(text: string): Component | undefined {
  const m = /^buildctl\s+\S+\s+(\S+)(?:\s+(\S+))?/m.exec(text.trim());
  if (!m?.[1]) return undefined;
  return { Name: 'buildctl', Version: m[1], Details: { GitCommit: m[2] ?? '' } };
}

export interface VersionResult {
  info: VersionInfo;
  serverError: unknown;
}

export async function getVersion(deps: VersionDeps): Promise<VersionResult> {
  const [buildctlText, serverResult, runcText] = await Promise.all([
    deps.toolVersion('buildctl'),
    deps.containerdVersion().then(
      (v) => ({ ok: true as const, v }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
    deps.toolVersion('runc'),
  ]);
  const buildctl = buildctlText === undefined ? undefined : parseBuildctlVersion(buildctlText);
  const info: VersionInfo = {
    Client: {
      Version: deps.clientVersion,
      NodeVersion: deps.nodeVersion,
      Os: deps.platform,
      Arch: goArch(deps.arch),
      Components: buildctl ? [buildctl] : [],
    },
  };
  if (!serverResult.ok) return { info, serverError: serverResult.error };
  const runc = runcText === undefined ? undefined : parseRuncVersion(runcText);
  info.Server = {
    Version: serverResult.v.version,
    GitCommit: serverResult.v.revision,
    Components: [
      { Name: 'containerd', Version: serverResult.v.version, Details: { GitCommit: serverResult.v.revision } },
      ...(runc ? [runc] : []),
    ],
  };
  return { info, serverError: undefined };
}
