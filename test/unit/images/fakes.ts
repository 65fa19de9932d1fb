/**
 * In-memory ports for the image services' unit tests: a content store of real JSON documents (sha256 digests),
 * an image-record store with containerd's create/update/delete, snapshots with usage, containers and tasks.
 * Deleting the last record naming a blob removes the image's blobs and snapshots (a stand-in for containerd's GC).
 */
import { createHash } from 'node:crypto';
import type {
  ContainerRecord, ContainersPort, ContentPort, Desc, ImageRecord, ImagesPort, SnapshotsPort, TaskRecord, TasksPort,
} from '../../../src/containerd/ports';
import { NotFoundError } from '../../../src/errors/index';
import { chainIDs } from '../../../src/oci/identity';
import { MT, type ImageConfigFile } from '../../../src/oci/types';

export const sha = (s: string | Buffer): string => `sha256:${createHash('sha256').update(s).digest('hex')}`;

export interface FakeImage {
  target: Desc;
  configDigest: string;
  chain: string[];
  blobs: string[];
}

export class FakeStore {
  blobs = new Map<string, Buffer>();
  records = new Map<string, ImageRecord>();
  snaps = new Map<string, number>();
  containerList: ContainerRecord[] = [];
  taskList: TaskRecord[] = [];
  deletes: { name: string; sync: boolean }[] = [];
  private owned = new Map<string, FakeImage>();

  put(doc: unknown): Desc {
    const bytes = Buffer.from(JSON.stringify(doc));
    const digest = sha(bytes);
    this.blobs.set(digest, bytes);
    return { mediaType: '', digest, size: bytes.length };
  }

  /** Adds an image's blobs (config + one layer per diff ID, of `layerSizes`) and, when `unpacked`, its snapshots. */
  addImage(config: Partial<ImageConfigFile> & { seed: string }, opts: { layerSizes?: number[]; unpacked?: number[] } = {}): FakeImage {
    const sizes = opts.layerSizes ?? [1000];
    const diffIds = sizes.map((_, i) => sha(`${config.seed}-diff-${i}`));
    const { seed, ...rest } = config;
    void seed;
    const cfg = this.put({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: diffIds }, ...rest });
    const layers = sizes.map((size, i) => ({ mediaType: MT.ociLayerGzip, digest: sha(`${config.seed}-layer-${i}`), size }));
    for (const l of layers) this.blobs.set(l.digest, Buffer.alloc(0));
    const manifest = this.put({ schemaVersion: 2, mediaType: MT.ociManifest, config: { ...cfg, mediaType: MT.ociConfig }, layers });
    const chain = chainIDs(diffIds);
    opts.unpacked?.forEach((u, i) => this.snaps.set(chain[i] ?? '', u));
    const img = { target: { ...manifest, mediaType: MT.ociManifest }, configDigest: cfg.digest, chain, blobs: [manifest.digest, cfg.digest, ...layers.map((l) => l.digest)] };
    this.owned.set(manifest.digest, img);
    return img;
  }

  name(name: string, img: FakeImage, createdAt = new Date('2024-01-01T00:00:00Z'), labels: Record<string, string> = {}): void {
    this.records.set(name, { name, labels, target: img.target, createdAt, updatedAt: createdAt });
  }

  images: ImagesPort = {
    list: async () => [...this.records.values()],
    get: async (name) => this.records.get(name),
    put: async (img) => {
      const now = new Date();
      const rec = { ...img, createdAt: this.records.get(img.name)?.createdAt ?? now, updatedAt: now };
      this.records.set(img.name, rec);
      return rec;
    },
    delete: async (name, sync = false) => {
      const rec = this.records.get(name);
      if (!rec) throw new NotFoundError(`image "${name}": not found`);
      this.records.delete(name);
      this.deletes.push({ name, sync });
      if ([...this.records.values()].some((r) => r.target.digest === rec.target.digest)) return;
      const img = this.owned.get(rec.target.digest);
      for (const b of img?.blobs ?? []) this.blobs.delete(b);
      for (const c of img?.chain ?? []) this.snaps.delete(c);
    },
  };

  content: ContentPort = {
    readAll: async (digest) => {
      const b = this.blobs.get(digest);
      if (!b) throw new NotFoundError(`content digest ${digest}: not found`);
      return b;
    },
    read: () => {
      throw new Error('not used');
    },
    info: async (digest) => {
      const b = this.blobs.get(digest);
      return b ? { digest, size: b.length, labels: {}, createdAt: undefined } : undefined;
    },
    setLabels: async () => undefined,
    write: async () => ({ digest: '', existed: false }),
    delete: async () => undefined,
    list: async () => [],
  };

  snapshots: SnapshotsPort = {
    stat: async () => undefined,
    prepare: async () => [],
    view: async () => [],
    mounts: async () => [],
    commit: async () => undefined,
    remove: async () => undefined,
    usage: async (_s, key) => {
      const size = this.snaps.get(key);
      if (size === undefined) throw new NotFoundError(`snapshot ${key} does not exist`);
      return { size, inodes: 1 };
    },
  };

  containers: ContainersPort = { list: async () => this.containerList };
  tasks: TasksPort = { list: async () => this.taskList };

  deps() {
    return {
      images: this.images,
      content: this.content,
      snapshots: this.snapshots,
      snapshotter: 'overlayfs',
      pick: () => undefined,
      containers: this.containers,
      tasks: this.tasks,
    };
  }

  container(id: string, image: string, running = false): void {
    this.containerList.push({ id, image, labels: {}, createdAt: undefined, args: [] });
    this.taskList.push({ id, pid: 1, status: running ? 'running' : 'stopped', exitStatus: 0, exitedAt: undefined });
  }
}
