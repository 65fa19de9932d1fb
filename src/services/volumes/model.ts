/**
 * Volumes as Docker shows them, and what the volume services need: the store (state/volumes.ts) and the
 * containers that use each volume (from their MOUNTS_LABEL).
 */
import type { ContainersPort } from '../../containerd/ports';
import type { VolumeCreate, VolumeRecord } from '../../state/volumes';
import { ANONYMOUS_VOLUMES_LABEL, MOUNTS_LABEL } from '../../labels';
import { NotFoundError } from '../../errors/index';

export type { VolumeRecord };

/** The store's operations the services use (state/volumes VolumeStore). */
export interface VolumesPort {
  mountpoint(name: string): string;
  get(name: string): Promise<VolumeRecord | undefined>;
  create(name: string, req?: VolumeCreate): Promise<{ volume: VolumeRecord; created: boolean }>;
  list(): Promise<VolumeRecord[]>;
  remove(name: string): Promise<boolean>;
  size(name: string): Promise<number>;
  ensureMounted(v: VolumeRecord): Promise<void>;
  isEmpty(name: string): Promise<boolean>;
  fill(name: string, from: string): Promise<void>;
}

export interface VolumeDeps {
  volumes: VolumesPort;
  list: ContainersPort;
}

/** Docker's label on anonymous volumes (moby ≥ 23), which `volume prune` without `--all` looks for. */
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

/** Docker's MountPoint (api/types/container.MountPoint) as kept in MOUNTS_LABEL. */
export interface MountPoint {
  Type: 'bind' | 'volume' | 'tmpfs';
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

/** MOUNTS_LABEL decoded; [] when absent or unreadable. */
export function decodeMounts(label: string | undefined): MountPoint[] {
  try {
    const v: unknown = label ? JSON.parse(label) : [];
    return Array.isArray(v) ? (v as MountPoint[]) : [];
  } catch {
    return [];
  }
}

/** ANONYMOUS_VOLUMES_LABEL decoded; [] when absent or unreadable. */
export function decodeAnonymous(label: string | undefined): string[] {
  try {
    const v: unknown = label ? JSON.parse(label) : [];
    return Array.isArray(v) ? v.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

/** Docker's Config.Volumes of a container: the image's VOLUMEs and the destinations of its anonymous volumes. */
export function configVolumes(labels: Readonly<Record<string, string>>, image: Record<string, object> | undefined): Record<string, object> | undefined {
  const anon = new Set(decodeAnonymous(labels[ANONYMOUS_VOLUMES_LABEL]));
  const out: Record<string, object> = { ...image };
  for (const m of decodeMounts(labels[MOUNTS_LABEL])) if (m.Name !== undefined && anon.has(m.Name)) out[m.Destination] = {};
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Volume name → IDs of the containers that mount it. */
export async function volumeUsers(list: ContainersPort): Promise<Map<string, string[]>> {
  const users = new Map<string, string[]>();
  for (const c of await list.list()) {
    for (const m of decodeMounts(c.labels[MOUNTS_LABEL])) {
      if (m.Type !== 'volume' || !m.Name) continue;
      const ids = users.get(m.Name) ?? [];
      if (!ids.includes(c.id)) ids.push(c.id);
      users.set(m.Name, ids);
    }
  }
  return users;
}

/** Docker's volume object (api/types/volume.Volume), in its JSON key order. */
export interface DockerVolume {
  CreatedAt: string;
  Driver: string;
  Labels: Record<string, string> | null;
  Mountpoint: string;
  Name: string;
  Options: Record<string, string> | null;
  Scope: string;
}

const orNull = (m: Record<string, string>): Record<string, string> | null => (Object.keys(m).length > 0 ? m : null);

export function dockerVolume(v: VolumeRecord, mountpoint: string): DockerVolume {
  return { CreatedAt: v.CreatedAt, Driver: 'local', Labels: orNull(v.Labels), Mountpoint: mountpoint, Name: v.Name, Options: orNull(v.Options), Scope: 'local' };
}

export function noSuchVolume(name: string): NotFoundError {
  return new NotFoundError(`Error response from daemon: get ${name}: no such volume`, 'VOLUME_NOT_FOUND');
}
