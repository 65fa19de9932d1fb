/**
 * The push side of the distribution API against one endpoint: blob HEAD, cross-repository mount, blob upload
 * (POST a session, then one monolithic `PUT <location>?digest=` or `PATCH` chunks with `Content-Range` followed
 * by a closing `PUT`), manifest PUT. Upload `Location`s may be relative or absolute and may carry a query
 * (`_state=…`): it is kept byte-for-byte and `digest=` appended. A failed upload restarts from a new session
 * (the source is a factory, so it can be read again) with back-off, up to the retry budget.
 */
import { RegistryResponseError, responseError } from './errors';
import { sha256Of } from './digest';
import type { Descriptor } from '../oci/media-types';
import { repositoryScope } from './auth';
import { backoffMs, isRetryable, readText, wait, type EndpointClient, type HttpResponse, type Method } from './transport';

export interface UploadOptions {
  /** Upload in PATCH chunks of this many bytes when the blob is larger; monolithic PUT otherwise. */
  chunkSize?: number;
  signal?: AbortSignal;
}

const ERROR_BODY_LIMIT = 64 << 10;

export function pushScopes(path: string): string[] {
  return [repositoryScope(path, ['pull', 'push'])];
}

/** Appends `key=value` to a URL keeping its existing query string untouched. */
export function appendQuery(url: string, key: string, value: string): string {
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
}

async function fail(method: Method, res: HttpResponse, what: string): Promise<never> {
  const body = await readText(res, ERROR_BODY_LIMIT);
  throw responseError(method, res.url, res.statusCode, body, () => what);
}

function location(res: HttpResponse, ep: EndpointClient): string {
  const raw = res.headers.location;
  const loc = Array.isArray(raw) ? raw[0] : raw;
  if (loc === undefined || loc === '') throw new RegistryResponseError(`registry gave no upload location (${res.url})`);
  return new URL(loc, ep.baseUrl).toString();
}

function checkDigest(res: HttpResponse, digest: string): void {
  const got = res.headers['docker-content-digest'];
  const d = Array.isArray(got) ? got[0] : got;
  if (d !== undefined && d.startsWith('sha256:') && d !== digest) {
    throw new RegistryResponseError(`registry stored ${d} for blob ${digest}`);
  }
}

/** HEAD: does the repository have the blob? */
export async function blobExists(ep: EndpointClient, path: string, digest: string, signal?: AbortSignal): Promise<boolean> {
  const res = await ep.send({ method: 'HEAD', path: `/${path}/blobs/${digest}`, scopes: pushScopes(path), retry: true, signal });
  await res.body.dump();
  if (res.statusCode === 200) return true;
  if (res.statusCode === 404) return false;
  return fail('HEAD', res, `blob ${digest} not found`);
}

/** Cross-repository mount; true when the registry mounted it (201), false when it opened an upload instead. */
export async function mountBlob(ep: EndpointClient, path: string, digest: string, from: string, signal?: AbortSignal): Promise<boolean> {
  const res = await ep.send({
    method: 'POST',
    path: `/${path}/blobs/uploads/`,
    query: { mount: digest, from },
    scopes: [...pushScopes(path), repositoryScope(from, ['pull'])],
    signal,
  });
  if (res.statusCode === 201) {
    await res.body.dump();
    return true;
  }
  if (res.statusCode === 202) {
    await res.body.dump();
    // An upload session was opened instead; abandon it (registries expire it), best effort.
    const loc = res.headers.location;
    if (typeof loc === 'string' && loc !== '') {
      await ep.send({ method: 'DELETE', path: location(res, ep), scopes: pushScopes(path), signal }).then((r) => r.body.dump(), () => undefined);
    }
    return false;
  }
  return fail('POST', res, `blob ${digest} not found`);
}

async function* chunks(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let n = 0;
  for await (const c of source) {
    let b = Buffer.isBuffer(c) ? c : Buffer.from(c);
    while (n + b.length >= size) {
      const take = size - n;
      parts.push(b.subarray(0, take));
      yield Buffer.concat(parts);
      parts = [];
      n = 0;
      b = b.subarray(take);
    }
    if (b.length > 0) {
      parts.push(b);
      n += b.length;
    }
  }
  if (n > 0) yield Buffer.concat(parts);
}

async function uploadOnce(ep: EndpointClient, path: string, desc: Descriptor, source: () => AsyncIterable<Uint8Array>, opts: UploadOptions): Promise<void> {
  const scopes = pushScopes(path);
  const signal = opts.signal;
  const start = await ep.send({ method: 'POST', path: `/${path}/blobs/uploads/`, scopes, signal });
  if (start.statusCode !== 202 && start.statusCode !== 201) await fail('POST', start, `repository ${path} not found`);
  await start.body.dump();
  let loc = location(start, ep);
  const octet = { 'content-type': 'application/octet-stream' };
  if (opts.chunkSize !== undefined && opts.chunkSize > 0 && desc.size > opts.chunkSize) {
    let offset = 0;
    for await (const chunk of chunks(source(), opts.chunkSize)) {
      const headers = { ...octet, 'content-length': String(chunk.length), 'content-range': `${offset}-${offset + chunk.length - 1}` };
      const res = await ep.send({ method: 'PATCH', path: loc, headers, body: chunk, scopes, signal });
      if (res.statusCode !== 202) await fail('PATCH', res, `blob upload unknown`);
      await res.body.dump();
      loc = location(res, ep);
      offset += chunk.length;
    }
    if (offset !== desc.size) throw new RegistryResponseError(`blob ${desc.digest}: source gave ${offset} bytes, descriptor says ${desc.size}`);
    const res = await ep.send({ method: 'PUT', path: appendQuery(loc, 'digest', desc.digest), headers: octet, scopes, signal });
    if (res.statusCode !== 201) await fail('PUT', res, `blob upload unknown`);
    await res.body.dump();
    checkDigest(res, desc.digest);
    return;
  }
  const headers = { ...octet, 'content-length': String(desc.size) };
  const res = await ep.send({ method: 'PUT', path: appendQuery(loc, 'digest', desc.digest), headers, body: source, scopes, signal });
  if (res.statusCode !== 201) await fail('PUT', res, `blob upload unknown`);
  await res.body.dump();
  checkDigest(res, desc.digest);
}

/** Uploads a blob; `source` must yield exactly `desc.size` bytes hashing to `desc.digest` each time it is called. */
export async function uploadBlob(ep: EndpointClient, path: string, desc: Descriptor, source: () => AsyncIterable<Uint8Array>, opts: UploadOptions, attempts: { attempts: number; baseDelayMs: number; maxDelayMs: number }): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await uploadOnce(ep, path, desc, source, opts);
      return;
    } catch (e) {
      const status = e instanceof RegistryResponseError ? e.info.status : undefined;
      const transient = isRetryable(e) || (status !== undefined && (status === 429 || status >= 500));
      if (!transient || attempt >= attempts.attempts || opts.signal?.aborted === true) throw e;
      await wait(backoffMs(attempts, attempt), opts.signal);
    }
  }
}

/** PUT a manifest under a tag or digest; returns its digest (verified against a digest reference). */
export async function putManifest(ep: EndpointClient, path: string, ref: string, mediaType: string, bytes: Buffer, signal?: AbortSignal): Promise<string> {
  const digest = sha256Of(bytes);
  if (ref.includes(':') && ref !== digest) {
    throw new RegistryResponseError(`manifest digest ${digest} does not match reference ${ref}`);
  }
  const res = await ep.send({
    method: 'PUT',
    path: `/${path}/manifests/${ref}`,
    headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
    body: bytes,
    scopes: pushScopes(path),
    retry: true,
    signal,
  });
  if (res.statusCode !== 201 && res.statusCode !== 200) await fail('PUT', res, `repository ${path} not found`);
  await res.body.dump();
  checkDigest(res, digest);
  return digest;
}

