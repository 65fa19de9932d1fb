/**
 * A container's volumes and binds, as moby's registerMountPoints and createContainerOSSpecificSettings decide
 * them: `--volumes-from` mount points first, then `-v` binds/volumes and `--mount` (one per destination:
 * `Duplicate mount point`), replacing what they cover; anonymous `-v /path` and the image's VOLUMEs become new
 * anonymous volumes where nothing else is mounted. Named volumes are created when missing; a new, empty volume
 * gets the image's content at its destination (copy-up) unless `nocopy`; volumes with driver options are
 * mounted on the host first. Binds from `-v` create a missing host directory, `--mount` binds require it.
 */
import { posix } from 'node:path';
import { InvalidArgumentError } from '../../errors/index';
import { tmpfsMount } from '../containers/spec/mounts';
import type { Mount } from '../containers/spec/types';
import { resolveInRoot } from '../containers/copy/paths';
import { checkDriver, createVolume, randomVolumeName } from './create';
import type { MountPoint, VolumesPort } from './model';

/** One user mount after parsing (cli/opts/mounts MountRequest). */
export interface UserMount {
  type: 'bind' | 'volume' | 'tmpfs';
  source: string;
  target: string;
  readOnly: boolean;
  mode: string;
  propagation?: string;
  noCopy?: boolean;
  volumeDriver?: string;
  volumeOptions?: Record<string, string>;
  volumeLabels?: Record<string, string>;
  tmpfsSize?: number;
  tmpfsMode?: number;
  origin: '-v' | '--mount';
}

export interface MountPlanInput {
  /** -v mounts with a source and --mount, in that order. */
  user: readonly UserMount[];
  /** Anonymous `-v /path` destinations, then the image's VOLUMEs. */
  anonymous: readonly string[];
  /** Mount points of `--volumes-from` containers, and whether `:ro` was asked for. */
  volumesFrom: readonly { points: readonly MountPoint[]; readOnly: boolean }[];
  /** --tmpfs destinations (anonymous volumes there are skipped). */
  tmpfs: readonly string[];
  /** `--volume-driver`: the driver of `-v` and anonymous volumes ('' or undefined: local). */
  volumeDriver?: string;
  /**
   * Anonymous volumes of a container this one replaces (compose's recreate): an anonymous destination with one
   * of these reuses that volume instead of making a new one; it is still this container's anonymous volume.
   */
  inherited?: readonly { name: string; destination: string }[];
}

export interface MountPlanDeps {
  volumes: VolumesPort;
  /** Host paths: does one exist, is it a directory (links followed), create a directory (and its parents). */
  host: { exists(path: string): Promise<boolean>; isDir(path: string): Promise<boolean>; mkdirAll(path: string): Promise<void> };
  /** Runs `fn` with the container's root filesystem mounted read-only (only when a copy-up is needed). */
  withRootfs<T>(fn: (root: string) => Promise<T>): Promise<T>;
}

export interface MountPlanResult {
  /** OCI mounts for the spec. */
  mounts: Mount[];
  /** Docker's MountPoints (MOUNTS_LABEL). */
  points: MountPoint[];
  /** Anonymous volumes made for this container (ANONYMOUS_VOLUMES_LABEL; removed if creating fails). */
  anonymous: string[];
}

const daemon = (msg: string) => new InvalidArgumentError(`Error response from daemon: ${msg}`);

/** The checks that need no side effects: duplicates among the user's mounts (and with --tmpfs for -v). */
export function checkUserMounts(user: readonly UserMount[], tmpfs: readonly string[]): void {
  const seen = new Set<string>();
  for (const m of user) {
    if (seen.has(m.target) || (m.origin === '-v' && tmpfs.includes(m.target))) throw daemon(`Duplicate mount point: ${m.target}`);
    seen.add(m.target);
  }
}

function ociMount(p: MountPoint, tmpfs?: { size?: number; mode?: number }): Mount {
  if (p.Type === 'tmpfs') {
    const data = [...(tmpfs?.size ? [`size=${Math.floor(tmpfs.size / 1024)}k`] : []), ...(tmpfs?.mode ? [`mode=${tmpfs.mode.toString(8)}`] : []), ...(p.RW ? [] : ['ro'])];
    return tmpfsMount({ destination: p.Destination, data: data.join(',') });
  }
  return { destination: p.Destination, type: 'bind', source: p.Source, options: ['rbind', p.Propagation || 'rprivate', p.RW ? 'rw' : 'ro'] };
}

export async function planMounts(deps: MountPlanDeps, input: MountPlanInput): Promise<MountPlanResult> {
  checkUserMounts(input.user, input.tmpfs);
  // Checks before anything is made: --mount bind sources must exist.
  for (const m of input.user) {
    if (m.type === 'bind' && m.origin === '--mount' && !(await deps.host.exists(m.source))) {
      throw daemon(`invalid mount config for type "bind": bind source path does not exist: ${m.source}`);
    }
    if (m.type === 'volume') checkDriver(m.source || randomVolumeName(), m.volumeDriver ?? (m.origin === '-v' ? input.volumeDriver : undefined));
  }
  const anonymousTargets = input.anonymous.map((d) => posix.normalize(d)).filter((d) => !input.user.some((m) => m.target === d) && !input.tmpfs.includes(d));
  if (anonymousTargets.length > 0) checkDriver(randomVolumeName(), input.volumeDriver);
  const byDest = new Map<string, { point: MountPoint; tmpfs?: { size?: number; mode?: number }; copy?: boolean }>();
  for (const vf of input.volumesFrom) {
    for (const p of vf.points) {
      // moby copies the mount point without its mode; read-write only if it was and `:ro` was not asked for.
      byDest.set(p.Destination, { point: { ...p, Mode: '', RW: p.RW && !vf.readOnly } });
    }
  }
  const anonymous: string[] = [];
  try {
    for (const m of input.user) {
      if (m.type === 'bind') {
        if (!(await deps.host.exists(m.source))) await deps.host.mkdirAll(m.source);
        byDest.set(m.target, { point: { Type: 'bind', Source: m.source, Destination: m.target, Mode: m.mode, RW: !m.readOnly, Propagation: m.propagation ?? 'rprivate' } });
      } else if (m.type === 'tmpfs') {
        byDest.set(m.target, { point: { Type: 'tmpfs', Source: '', Destination: m.target, Mode: '', RW: !m.readOnly, Propagation: '' }, tmpfs: { ...(m.tmpfsSize ? { size: m.tmpfsSize } : {}), ...(m.tmpfsMode ? { mode: m.tmpfsMode } : {}) } });
      } else {
        const { volume } = await createVolume(deps.volumes, {
          ...(m.source !== '' ? { name: m.source } : { anonymous: true }),
          ...(m.volumeLabels ? { labels: m.volumeLabels } : {}),
          ...(m.volumeOptions ? { options: m.volumeOptions } : {}),
        });
        if (m.source === '') anonymous.push(volume.Name);
        byDest.set(m.target, {
          point: { Type: 'volume', Name: volume.Name, Source: deps.volumes.mountpoint(volume.Name), Destination: m.target, Driver: 'local', Mode: m.origin === '-v' && m.mode === '' ? 'z' : m.mode, RW: !m.readOnly, Propagation: '' },
          copy: m.noCopy !== true,
        });
      }
    }
    for (const dest of anonymousTargets) {
      if (byDest.has(dest)) continue;
      const old = input.inherited?.find((i) => i.destination === dest);
      const kept = old ? await deps.volumes.get(old.name) : undefined;
      const { volume } = kept ? { volume: kept } : await createVolume(deps.volumes, { anonymous: true });
      anonymous.push(volume.Name);
      byDest.set(dest, { point: { Type: 'volume', Name: volume.Name, Source: deps.volumes.mountpoint(volume.Name), Destination: dest, Driver: 'local', Mode: '', RW: true, Propagation: '' }, copy: true });
    }
    const entries = [...byDest.values()];
    // Volumes with driver options are mounted first, so the copy-up lands in the mounted filesystem.
    for (const e of entries) {
      if (e.point.Type !== 'volume' || !e.point.Name) continue;
      const v = await deps.volumes.get(e.point.Name);
      if (v) await deps.volumes.ensureMounted(v);
    }
    const copies: { name: string; dest: string }[] = [];
    for (const e of entries) if (e.copy && e.point.Name && (await deps.volumes.isEmpty(e.point.Name))) copies.push({ name: e.point.Name, dest: e.point.Destination });
    if (copies.length > 0) {
      await deps.withRootfs(async (root) => {
        for (const c of copies) {
          const src = await resolveInRoot(root, c.dest, true);
          if (await deps.host.isDir(src.host)) await deps.volumes.fill(c.name, src.host);
        }
      });
    }
    return { mounts: entries.map((e) => ociMount(e.point, e.tmpfs)), points: entries.map((e) => e.point), anonymous };
  } catch (e) {
    for (const n of anonymous) await deps.volumes.remove(n).catch(() => undefined);
    throw e;
  }
}
