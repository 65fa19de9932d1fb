/**
 * Content digests as tsctl uses them: `sha256:` + 64 lowercase hex (go-digest's canonical sha256 form).
 * Other algorithms are recognised and rejected with a clear message (tsctl verifies everything it fetches,
 * and only sha256 is implemented). Also the one place that hashes bytes into a digest string.
 */
import { createHash, type Hash } from 'node:crypto';
import { InvalidArgumentError } from '../errors/index';

const SHA256 = /^sha256:[a-f0-9]{64}$/;
/** go-digest's shape: algorithm components, ':', at least 32 hex digits (reference grammar's digest-hex). */
const ANY_DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-zA-Z=_-]+$/;
const KNOWN_OTHER = new Set(['sha384', 'sha512', 'blake3']);

export function isSha256Digest(s: string): boolean {
  return SHA256.test(s);
}

/**
 * Checks `s` is a sha256 digest and returns it. Errors use go-digest's texts: `invalid checksum digest format`,
 * `invalid checksum digest length`, `unsupported digest algorithm`.
 */
export function parseDigest(s: string): string {
  if (SHA256.test(s)) return s;
  const problem = digestProblem(s);
  throw new InvalidArgumentError(`${problem}: ${JSON.stringify(s)}`);
}

/** Why `s` is not an accepted digest (undefined when it is). */
export function digestProblem(s: string): string | undefined {
  if (SHA256.test(s)) return undefined;
  const colon = s.indexOf(':');
  if (colon <= 0 || !ANY_DIGEST.test(s)) return 'invalid checksum digest format';
  const alg = s.slice(0, colon);
  const enc = s.slice(colon + 1);
  if (alg === 'sha256') {
    if (!/^[a-fA-F0-9]+$/.test(enc)) return 'invalid checksum digest format';
    if (enc.length !== 64) return 'invalid checksum digest length';
    return 'invalid checksum digest format (sha256 hex must be lowercase)';
  }
  if (KNOWN_OTHER.has(alg)) return `unsupported digest algorithm: ${alg} (tsctl supports sha256 only)`;
  return `unsupported digest algorithm: ${alg}`;
}

export function sha256Hasher(): Hash {
  return createHash('sha256');
}

export function sha256Of(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The `sha256:<hex>` of a hash object (consumes it). */
export function digestOf(hash: Hash): string {
  return `sha256:${hash.digest('hex')}`;
}

/** The hex part of a sha256 digest (for blob paths). */
export function digestHex(digest: string): string {
  return parseDigest(digest).slice('sha256:'.length);
}
