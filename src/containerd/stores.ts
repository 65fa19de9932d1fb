/**
 * The image-related ports (images, content, snapshots, diff) over the gRPC facades: conversion between
 * containerd's protobuf messages (bigint sizes) and tsctl's plain records.
 */
import type { Descriptor as PbDescriptor } from './gen/containerd/types/descriptor';
import type { Mount as PbMount } from './gen/containerd/types/mount';
import { Kind } from './gen/containerd/services/snapshots/v1/snapshots';
import { ContentService } from './gen/containerd/services/content/v1/content';
import type { ContainerdClient } from './client';
import type { ContentPort, Desc, DiffPort, ImageRecord, ImagesPort, MountSpec, SnapshotInfo, SnapshotsPort } from './ports';
import { ConflictError, NotFoundError } from '../errors/index';
import { sortedMap } from './client';

export function toPbDesc(d: Desc): PbDescriptor {
  return { mediaType: d.mediaType, digest: d.digest, size: BigInt(d.size), annotations: d.annotations ?? {} };
}

export function fromPbDesc(d: PbDescriptor | undefined): Desc {
  const out: Desc = { mediaType: d?.mediaType ?? '', digest: d?.digest ?? '', size: Number(d?.size ?? 0n) };
  if (d && Object.keys(d.annotations).length > 0) out.annotations = sortedMap(d.annotations);
  return out;
}

const toMount = (m: PbMount): MountSpec => ({ type: m.type, source: m.source, target: m.target, options: [...m.options] });
const toPbMount = (m: MountSpec): PbMount => ({ type: m.type, source: m.source, target: m.target, options: m.options });

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

function imageRecord(i: { name: string; labels: Record<string, string>; target: PbDescriptor | undefined; createdAt: Date | undefined; updatedAt: Date | undefined } | undefined): ImageRecord {
  return { name: i?.name ?? '', labels: sortedMap(i?.labels ?? {}), target: fromPbDesc(i?.target), createdAt: i?.createdAt, updatedAt: i?.updatedAt };
}

export function imagesPort(c: ContainerdClient): ImagesPort {
  return {
    list: async (filters = []) => (await c.imagesApi.list({ filters })).images.map(imageRecord),
    get: async (name) => {
      const r = await orUndefined(c.imagesApi.get({ name }));
      return r?.image ? imageRecord(r.image) : undefined;
    },
    put: async (img) => {
      const image = { name: img.name, labels: img.labels, target: toPbDesc(img.target), createdAt: undefined, updatedAt: undefined };
      try {
        return imageRecord((await c.imagesApi.create({ image, sourceDateEpoch: undefined })).image);
      } catch (e) {
        if (!(e instanceof ConflictError && e.code === 'ALREADY_EXISTS')) throw e;
        return imageRecord((await c.imagesApi.update({ image, updateMask: undefined, sourceDateEpoch: undefined })).image);
      }
    },
    delete: async (name, sync = false) => {
      await c.imagesApi.delete({ name, sync });
    },
  };
}

export function contentPort(c: ContainerdClient): ContentPort {
  const info = (i: { digest: string; size: bigint; labels: Record<string, string>; createdAt: Date | undefined } | undefined) => ({
    digest: i?.digest ?? '', size: Number(i?.size ?? 0n), labels: sortedMap(i?.labels ?? {}), createdAt: i?.createdAt,
  });
  return {
    readAll: (digest) => c.content.readAll(digest),
    read: (digest, range = {}) => c.content.read(digest, range),
    info: async (digest) => {
      const r = await orUndefined(c.contentApi.info({ digest }));
      return r?.info ? info(r.info) : undefined;
    },
    setLabels: async (digest, labels) => {
      const keys = Object.keys(labels);
      if (keys.length === 0) return;
      await c.contentApi.update({
        info: { digest, size: 0n, createdAt: undefined, updatedAt: undefined, labels },
        updateMask: keys.map((k) => `labels.${k}`),
      });
    },
    write: async (p, source, lease) => {
      const r = await c.content.write(p, source, lease === undefined ? {} : { lease });
      return { digest: r.digest, existed: r.existed };
    },
    delete: async (digest) => {
      await c.contentApi.delete({ digest });
    },
    list: async (filters = []) => {
      const out = [];
      for await (const m of c.rpc.serverStream(ContentService.list, { filters })) out.push(...m.info.map(info));
      return out;
    },
  };
}

const KIND: Record<number, SnapshotInfo['kind']> = { [Kind.VIEW]: 'view', [Kind.ACTIVE]: 'active', [Kind.COMMITTED]: 'committed' };

export function snapshotsPort(c: ContainerdClient): SnapshotsPort {
  const opt = (lease?: string) => (lease === undefined ? {} : { lease });
  return {
    stat: async (snapshotter, key) => {
      const r = await orUndefined(c.snapshotsApi.stat({ snapshotter, key }));
      if (!r?.info) return undefined;
      return { name: r.info.name, parent: r.info.parent, kind: KIND[r.info.kind] ?? 'unknown', labels: sortedMap(r.info.labels) };
    },
    prepare: async (snapshotter, key, parent, labels, lease) => (await c.snapshotsApi.prepare({ snapshotter, key, parent, labels }, opt(lease))).mounts.map(toMount),
    view: async (snapshotter, key, parent, labels, lease) => (await c.snapshotsApi.view({ snapshotter, key, parent, labels }, opt(lease))).mounts.map(toMount),
    mounts: async (snapshotter, key) => (await c.snapshotsApi.mounts({ snapshotter, key })).mounts.map(toMount),
    commit: async (snapshotter, name, key, labels, lease) => {
      await c.snapshotsApi.commit({ snapshotter, name, key, labels, parent: '' }, opt(lease));
    },
    remove: async (snapshotter, key) => {
      await c.snapshotsApi.remove({ snapshotter, key });
    },
    usage: async (snapshotter, key) => {
      const r = await c.snapshotsApi.usage({ snapshotter, key });
      return { size: Number(r.size), inodes: Number(r.inodes) };
    },
  };
}

export function diffPort(c: ContainerdClient): DiffPort {
  return {
    apply: async (layer, mounts, lease) => {
      // Unpacking a large layer takes longer than the default unary deadline.
      const r = await c.diffApi.apply({ diff: toPbDesc(layer), mounts: mounts.map(toPbMount), payloads: {}, syncFs: false }, { timeoutMs: 0, ...(lease === undefined ? {} : { lease }) });
      return fromPbDesc(r.applied);
    },
    diff: async (lower, upper, o, lease) => {
      const r = await c.diffApi.diff(
        { left: lower.map(toPbMount), right: upper.map(toPbMount), mediaType: o.mediaType, ref: o.ref, labels: o.labels ?? {}, sourceDateEpoch: undefined },
        { timeoutMs: 0, ...(lease === undefined ? {} : { lease }) },
      );
      return fromPbDesc(r.diff);
    },
  };
}
