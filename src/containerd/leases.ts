/**
 * Leases protect what a multi-step operation creates (blobs, snapshots) from containerd's garbage collector
 * until the operation has linked it to an image or container. An abandoned lease expires (gc.expire).
 */
import { randomBytes } from 'node:crypto';
import type { LeasesService } from './gen/containerd/services/leases/v1/leases';
import type { UnaryFacade } from './client';

export const LEASE_EXPIRE_LABEL = 'containerd.io/gc.expire';

export interface LeaseHandle {
  id: string;
}

export class Leases {
  constructor(private readonly api: UnaryFacade<typeof LeasesService>) {}

  /** Creates a lease that expires after `ttlMs` (default 24 h, as containerd's Go client does). */
  async create(labels: Record<string, string> = {}, ttlMs = 24 * 3600 * 1000, namespace?: string): Promise<LeaseHandle> {
    const id = `tsctl-${Date.now()}-${randomBytes(3).toString('base64url')}`;
    const expire = new Date(Date.now() + ttlMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const r = await this.api.create({ id, labels: { [LEASE_EXPIRE_LABEL]: expire, ...labels } }, namespace === undefined ? {} : { namespace });
    return { id: r.lease?.id ?? id };
  }

  async delete(id: string, sync = false, namespace?: string): Promise<void> {
    await this.api.delete({ id, sync }, namespace === undefined ? {} : { namespace });
  }

  /** Runs `fn` under a fresh lease and deletes the lease afterwards, whatever happens. */
  async with<T>(fn: (lease: LeaseHandle) => Promise<T>, namespace?: string): Promise<T> {
    const lease = await this.create({}, undefined, namespace);
    try {
      return await fn(lease);
    } finally {
      await this.delete(lease.id, false, namespace).catch(() => undefined);
    }
  }
}
