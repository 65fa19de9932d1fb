/**
 * Volumes for the commands: the `volume` group's ports, and what run/create need to mount volumes and binds
 * (host paths, the container's snapshot mounted read-only for copy-up, `--volumes-from` containers' mounts).
 */
import { mkdir, stat } from 'node:fs/promises';
import type { CliContext } from '../context';
import type { ContainerDeps } from './containers';
import type { MountRequest } from '../opts/mounts';
import { statePaths } from '../../state/paths';
import { VolumeStore } from '../../state/volumes';
import { ANONYMOUS_VOLUMES_LABEL, MOUNTS_LABEL } from '../../labels';
import type { VolumeDeps } from '../../services/volumes/model';
import type { MountPlanInput, MountPlanResult } from '../../services/volumes/mounts';

export async function volumeDeps(ctx: CliContext): Promise<VolumeDeps> {
  const client = await ctx.containerd();
  const paths = statePaths(ctx.settings.dataRoot, ctx.settings.address);
  return { volumes: new VolumeStore(paths.volumes(ctx.settings.namespace), paths.locks), list: client.containers };
}

/** Docker's mount.Mount (HostConfig.Mounts) for a `--mount` flag. */
export interface DockerMountSpec {
  Type: string;
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  BindOptions?: { Propagation: string };
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string>; DriverConfig?: { Name: string; Options?: Record<string, string> } };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

function dockerMount(m: MountRequest): DockerMountSpec {
  const out: DockerMountSpec = { Type: m.type, ...(m.source !== '' ? { Source: m.source } : {}), Target: m.target, ...(m.readOnly ? { ReadOnly: true } : {}) };
  if (m.type === 'bind' && m.propagation !== 'rprivate') out.BindOptions = { Propagation: m.propagation ?? '' };
  if (m.noCopy || m.volumeLabels || m.volumeDriver !== undefined || m.volumeOptions) {
    out.VolumeOptions = {
      ...(m.noCopy ? { NoCopy: true } : {}),
      ...(m.volumeLabels ? { Labels: m.volumeLabels } : {}),
      ...(m.volumeDriver !== undefined || m.volumeOptions ? { DriverConfig: { Name: m.volumeDriver ?? '', ...(m.volumeOptions ? { Options: m.volumeOptions } : {}) } } : {}),
    };
  }
  if (m.tmpfsSize !== undefined || m.tmpfsMode !== undefined) out.TmpfsOptions = { ...(m.tmpfsSize !== undefined ? { SizeBytes: m.tmpfsSize } : {}), ...(m.tmpfsMode !== undefined ? { Mode: m.tmpfsMode } : {}) };
  return out;
}

/** HostConfig.Binds/Mounts/VolumesFrom as Docker records them (binds with docker/cli's `./rel` made absolute). */
export function mountsHostConfig(volumes: readonly { raw: string; parsed: MountRequest }[], mounts: readonly MountRequest[], volumesFrom: readonly string[]): { Binds?: string[]; Mounts?: DockerMountSpec[]; VolumesFrom?: string[] } {
  const binds = volumes
    .filter((v) => v.parsed.source !== '')
    .map((v) => (v.parsed.type === 'bind' ? [v.parsed.source, ...v.raw.split(':').slice(1)].join(':') : v.raw));
  return {
    ...(binds.length > 0 ? { Binds: binds } : {}),
    ...(mounts.length > 0 ? { Mounts: mounts.map(dockerMount) } : {}),
    ...(volumesFrom.length > 0 ? { VolumesFrom: [...volumesFrom] } : {}),
  };
}

export async function planVolumeMounts(
  deps: ContainerDeps,
  id: string,
  input: Omit<MountPlanInput, 'volumesFrom'> & { volumesFrom: readonly { container: string; readOnly: boolean }[] },
): Promise<MountPlanResult> {
  const [{ planMounts }, { decodeMounts }, { findContainer }, { readonlyMounts }, { hostMounter }] = await Promise.all([
    import('../../services/volumes/mounts'),
    import('../../services/volumes/model'),
    import('../../services/containers/resolve'),
    import('../../services/containers/copy/paths'),
    import('../../containerd/mount'),
  ]);
  const volumesFrom = [];
  for (const vf of input.volumesFrom) {
    const c = await findContainer(deps.list, vf.container);
    volumesFrom.push({ points: decodeMounts(c.labels[MOUNTS_LABEL]), readOnly: vf.readOnly });
  }
  return planMounts(
    {
      volumes: deps.volumes,
      host: {
        exists: (p) => stat(p).then(() => true, () => false),
        isDir: (p) => stat(p).then((s) => s.isDirectory(), () => false),
        mkdirAll: async (p) => {
          await mkdir(p, { recursive: true, mode: 0o755 });
        },
      },
      withRootfs: async (fn) => hostMounter.withTempMount(readonlyMounts(await deps.snapshots.mounts(deps.snapshotter, id)), fn),
    },
    { ...input, volumesFrom },
  );
}

/** The container labels recording its mounts (MOUNTS_LABEL) and anonymous volumes (ANONYMOUS_VOLUMES_LABEL). */
export function mountsLabels(m: MountPlanResult | undefined): Record<string, string> {
  if (!m) return {};
  return {
    ...(m.points.length > 0 ? { [MOUNTS_LABEL]: JSON.stringify(m.points) } : {}),
    ...(m.anonymous.length > 0 ? { [ANONYMOUS_VOLUMES_LABEL]: JSON.stringify(m.anonymous) } : {}),
  };
}
