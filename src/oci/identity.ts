/**
 * Layer identity: ChainIDs (the snapshot names of an image's layers) from the config's diff_ids, as
 * image-spec's identity.ChainID: C0 = D0, Ci = sha256(C(i-1) + " " + Di).
 */
import { createHash } from 'node:crypto';

export function chainIDs(diffIDs: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of diffIDs) {
    const prev = out[out.length - 1];
    out.push(prev === undefined ? d : `sha256:${createHash('sha256').update(`${prev} ${d}`).digest('hex')}`);
  }
  return out;
}

export function sha256Digest(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

export function isDigest(s: string): boolean {
  return DIGEST_RE.test(s);
}
