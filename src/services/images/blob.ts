/** Writing a small in-memory document (config, manifest) into the content store under a lease. */
import type { ContentPort, Desc } from '../../containerd/ports';
import { sha256Of } from '../../registry/digest';

export async function putBlob(content: ContentPort, bytes: Buffer, mediaType: string, o: { refPrefix: string; labels?: Record<string, string>; lease?: string }): Promise<Desc> {
  const digest = sha256Of(bytes);
  await content.write(
    { ref: `${o.refPrefix}-${digest}`, expected: digest, total: bytes.length, ...(o.labels ? { labels: o.labels } : {}) },
    async function* (offset) {
      yield bytes.subarray(offset);
    },
    o.lease,
  );
  return { mediaType, digest, size: bytes.length };
}
