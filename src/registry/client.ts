/**
 * RegistryClient: the OCI distribution protocol for tsctl's pull/push/login, over undici (one Agent per
 * endpoint, see ./transport.ts). It knows nothing about containerd or the CLI: configuration (insecure hosts,
 * hosts directory, credentials function) is passed in.
 *
 * Endpoints come from ./hosts.ts; reads try them in order (mirrors first; `resolve` of a tag only on hosts with
 * the resolve capability, digests on pull hosts) and the last endpoint's error is reported. Pushes use the first
 * push-capable endpoint. Manifests are limited to 4 MiB (containerd's limit) and always digest-verified.
 *
 * Not-found texts follow moby's distribution errors: `manifest for busybox:nope not found: manifest unknown:
 * manifest unknown`, `repository x not found: name unknown: …`, `pull access denied for x, repository does not
 * exist or may require 'docker login': denied: …`; blobs: `blob sha256:… not found in <repo>: blob unknown: …`.
 */
import type { Hash } from 'node:crypto';
import { Agent, type Dispatcher } from './undici';
import { CancelledError, InvalidArgumentError, TsctlError } from '../errors/index';
import { Authorizer, repositoryScope } from './auth';
import { readBlob } from './blob-reader';
import type { Credentials } from './credentials';
import { parseDigest, sha256Of } from './digest';
import { DigestMismatchError, RegistryAuthError, RegistryNotFoundError, RegistryResponseError, responseError, type AnyRegistryError } from './errors';
import { resolveEndpoints, type Capability } from './hosts';
import { MANIFEST_ACCEPT, baseMediaType, detectManifestType, isIndex, isManifest, type Descriptor } from '../oci/media-types';
import { ImageReference, isValidTag, parseCanonical, parseReference, type RepositoryName } from './reference';
import { DEFAULT_RETRY, DEFAULT_TIMEOUTS, EndpointClient, createAgent, readText, tokenTransport, type HttpResponse, type RetryPolicy, type Timeouts } from './transport';
import * as push from './upload';

export const MAX_MANIFEST_SIZE = 4 << 20;
const ERROR_BODY_LIMIT = 64 << 10;

export interface RegistryClientOptions {
  /** Docker's --insecure-registry list (`host[:port]`, `*`, IPv4 CIDR). */
  insecureHosts?: string[];
  /** containerd hosts directories (e.g. /etc/containerd/certs.d). */
  certsDir?: string | string[];
  /** Credentials for an endpoint host (see credentialsProvider). */
  credentials?: (host: string) => Promise<Credentials | undefined>;
  userAgent?: string;
  fetchTimeouts?: Partial<Timeouts>;
  retry?: Partial<RetryPolicy>;
}

export interface Resolved {
  descriptor: Descriptor;
  bytes: Buffer;
}

export interface FetchBlobOptions {
  offset?: number;
  /** sha256 already fed with bytes [0, offset) — lets a resumed download skip them. */
  prefixHash?: Hash;
  signal?: AbortSignal;
}

export interface UploadBlobOptions {
  chunkSize?: number;
  signal?: AbortSignal;
}

/** A repository: a parsed reference (domain + path) or a reference string (`host/repo`, tag ignored). */
export type RepoArg = RepositoryName | string;

function repoOf(r: RepoArg): RepositoryName {
  if (typeof r === 'string') return parseReference(r, { defaultTag: false });
  parseCanonical(`${r.domain}/${r.path}`); // validates (it becomes part of a URL path)
  return r;
}

export class RegistryClient {
  private readonly timeouts: Timeouts;
  private readonly retryPolicy: RetryPolicy;
  private readonly userAgent: string;
  private readonly foreign: Agent;
  private readonly authorizer: Authorizer;
  private readonly endpointsByDomain = new Map<string, Promise<EndpointClient[]>>();
  private readonly agentsByOrigin = new Map<string, Dispatcher>();

  constructor(private readonly opts: RegistryClientOptions = {}) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.fetchTimeouts };
    this.retryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
    this.userAgent = opts.userAgent ?? 'tsctl';
    this.foreign = createAgent(undefined, this.timeouts);
    this.authorizer = new Authorizer({
      ...(opts.credentials !== undefined ? { credentials: opts.credentials } : {}),
      transport: tokenTransport((origin) => this.agentsByOrigin.get(origin) ?? this.foreign, this.timeouts),
      userAgent: this.userAgent,
    });
  }

  private endpoints(domain: string): Promise<EndpointClient[]> {
    let p = this.endpointsByDomain.get(domain);
    if (p === undefined) {
      p = resolveEndpoints(domain, {
        ...(this.opts.certsDir !== undefined ? { certsDir: this.opts.certsDir } : {}),
        insecureHosts: this.opts.insecureHosts ?? [],
      }).then((eps) =>
        eps.map((ep) => {
          const c = new EndpointClient(ep, {
            authorizer: this.authorizer,
            userAgent: this.userAgent,
            timeouts: this.timeouts,
            retry: this.retryPolicy,
            foreign: this.foreign,
            registryHost: domain,
          });
          const origin = new URL(ep.url).origin;
          if (!this.agentsByOrigin.has(origin)) this.agentsByOrigin.set(origin, c.agent);
          return c;
        }),
      );
      this.endpointsByDomain.set(domain, p);
      p.catch(() => this.endpointsByDomain.delete(domain));
    }
    return p;
  }

  private async capable(domain: string, cap: Capability): Promise<EndpointClient[]> {
    const eps = (await this.endpoints(domain)).filter((e) => e.endpoint.capabilities.includes(cap));
    if (eps.length === 0) throw new RegistryResponseError(`no ${cap} endpoint configured for ${domain}`);
    return eps;
  }

  /** Tries each endpoint in turn; the last endpoint's error wins. Cancellation stops at once. */
  private async firstOf<T>(eps: EndpointClient[], fn: (ep: EndpointClient) => Promise<T>): Promise<T> {
    let last: unknown;
    for (const ep of eps) {
      try {
        return await fn(ep);
      } catch (e) {
        if (e instanceof CancelledError || !(e instanceof TsctlError)) throw e;
        last = e;
      }
    }
    throw last;
  }

  private async manifestBody(res: HttpResponse): Promise<Buffer> {
    const len = Number(res.headers['content-length'] ?? 0);
    if (len > MAX_MANIFEST_SIZE) {
      res.body.destroy();
      throw new RegistryResponseError(`manifest too large: ${len} bytes (limit ${MAX_MANIFEST_SIZE})`);
    }
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of res.body) {
      const b = Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array);
      n += b.length;
      if (n > MAX_MANIFEST_SIZE) {
        res.body.destroy();
        throw new RegistryResponseError(`manifest too large: more than ${MAX_MANIFEST_SIZE} bytes`);
      }
      chunks.push(b);
    }
    return Buffer.concat(chunks);
  }

  private async getManifest(ref: ImageReference, object: string, cap: Capability, accept: readonly string[], signal?: AbortSignal): Promise<Resolved> {
    const scopes = [repositoryScope(ref.path, ['pull'])];
    return this.firstOf(await this.capable(ref.domain, cap), async (ep) => {
      const res = await ep.send({ method: 'GET', path: `/${ref.path}/manifests/${object}`, headers: { accept: accept.join(', ') }, scopes, retry: true, signal });
      if (res.statusCode !== 200) throw manifestError(ref, res, await readText(res, ERROR_BODY_LIMIT));
      const bytes = await this.manifestBody(res);
      const digest = sha256Of(bytes);
      const header = res.headers['docker-content-digest'];
      const claimed = Array.isArray(header) ? header[0] : header;
      const expected = object.includes(':') ? object : claimed?.startsWith('sha256:') === true ? claimed : undefined;
      if (expected !== undefined && expected !== digest) {
        throw new DigestMismatchError(expected, digest, `failed to verify digest ${expected}: manifest of ${ref.familiarName()} has digest ${digest}`);
      }
      const ct = baseMediaType(String(res.headers['content-type'] ?? ''));
      const mediaType = isIndex(ct) || isManifest(ct) ? ct : (detectManifestType(bytes) ?? ct);
      return { descriptor: { mediaType, digest, size: bytes.length }, bytes };
    });
  }

  /** Resolves a reference (tag or digest) to its manifest or index: descriptor + verified bytes. */
  async resolve(ref: ImageReference | string, accept: readonly string[] = MANIFEST_ACCEPT, signal?: AbortSignal): Promise<Resolved> {
    const r = (typeof ref === 'string' ? parseReference(ref) : ref).dockerRef();
    return this.getManifest(r, r.object, r.digest !== undefined ? 'pull' : 'resolve', accept, signal);
  }

  /** A manifest or index by digest, verified. */
  async fetchManifest(repo: RepoArg, digest: string, signal?: AbortSignal): Promise<Buffer> {
    const r = repoOf(repo);
    const ref = new ImageReference(r.domain, r.path, undefined, parseDigest(digest));
    return (await this.getManifest(ref, digest, 'pull', MANIFEST_ACCEPT, signal)).bytes;
  }

  /** Streams a blob (see ./blob-reader.ts): resumable, verified at the end, never buffered whole. */
  fetchBlob(repo: RepoArg, desc: Descriptor, opts: FetchBlobOptions = {}): AsyncIterable<Buffer> {
    const r = repoOf(repo);
    const digest = parseDigest(desc.digest);
    const scopes = [repositoryScope(r.path, ['pull'])];
    let chosen: EndpointClient | undefined;
    const open = async (from: number): Promise<HttpResponse> => {
      const eps = chosen !== undefined ? [chosen] : await this.capable(r.domain, 'pull');
      return this.firstOf(eps, async (ep) => {
        const headers: Record<string, string> = from > 0 ? { range: `bytes=${from}-` } : {};
        const res = await ep.send({ method: 'GET', path: `/${r.path}/blobs/${digest}`, headers, scopes, retry: true, signal: opts.signal });
        if (res.statusCode === 200 || res.statusCode === 206 || (res.statusCode === 416 && from === desc.size)) {
          chosen = ep;
          return res;
        }
        const body = await readText(res, ERROR_BODY_LIMIT);
        throw responseError('GET', res.url, res.statusCode, body, () => `blob ${digest} not found in ${r.domain}/${r.path}`);
      });
    };
    return readBlob(open, { ...desc, digest }, this.retryPolicy, opts);
  }

  private async pushEndpoint(domain: string): Promise<EndpointClient> {
    const [ep] = await this.capable(domain, 'push');
    if (ep === undefined) throw new RegistryResponseError(`no push endpoint configured for ${domain}`);
    return ep;
  }

  /** HEAD: does `repo` hold the blob? (push side: uses push scope, so the token is shared with the upload) */
  async blobExists(repo: RepoArg, digest: string, signal?: AbortSignal): Promise<boolean> {
    const r = repoOf(repo);
    return push.blobExists(await this.pushEndpoint(r.domain), r.path, parseDigest(digest), signal);
  }

  /** Mounts a blob from another repository of the same registry; true when mounted (201). */
  async mountBlob(repo: RepoArg, digest: string, fromRepo: RepoArg, signal?: AbortSignal): Promise<boolean> {
    const r = repoOf(repo);
    const from = repoOf(fromRepo);
    if (from.domain !== r.domain) return false;
    return push.mountBlob(await this.pushEndpoint(r.domain), r.path, parseDigest(digest), from.path, signal);
  }

  /** Uploads a blob (chunked when `chunkSize` is set and the blob is larger; monolithic otherwise). */
  async uploadBlob(repo: RepoArg, desc: Descriptor, source: () => AsyncIterable<Uint8Array>, opts: UploadBlobOptions = {}): Promise<void> {
    const r = repoOf(repo);
    const d = { ...desc, digest: parseDigest(desc.digest) };
    return push.uploadBlob(await this.pushEndpoint(r.domain), r.path, d, source, opts, this.retryPolicy);
  }

  /** PUT a manifest under a tag or its digest; returns the digest. */
  async putManifest(repo: RepoArg, tagOrDigest: string, mediaType: string, bytes: Buffer, signal?: AbortSignal): Promise<string> {
    const r = repoOf(repo);
    if (!tagOrDigest.includes(':') && !isValidTag(tagOrDigest)) throw new InvalidArgumentError(`invalid tag format: ${JSON.stringify(tagOrDigest)}`);
    const ref = tagOrDigest.includes(':') ? parseDigest(tagOrDigest) : tagOrDigest;
    return push.putManifest(await this.pushEndpoint(r.domain), r.path, ref, mediaType, bytes, signal);
  }

  /** All tags of a repository, following `Link: <…>; rel="next"` pages. */
  async listTags(repo: RepoArg, signal?: AbortSignal): Promise<string[]> {
    const r = repoOf(repo);
    const scopes = [repositoryScope(r.path, ['pull'])];
    return this.firstOf(await this.capable(r.domain, 'resolve'), async (ep) => {
      const tags: string[] = [];
      let path: string | undefined = `/${r.path}/tags/list`;
      for (let page = 0; path !== undefined && page < 10_000; page++) {
        const res: HttpResponse = await ep.send({ method: 'GET', path, scopes, retry: true, signal });
        const body = await readText(res, MAX_MANIFEST_SIZE);
        if (res.statusCode !== 200) throw responseError('GET', res.url, res.statusCode, body, () => `repository ${r.domain}/${r.path} not found`);
        const doc = JSON.parse(body) as { tags?: unknown };
        if (Array.isArray(doc.tags)) tags.push(...doc.tags.filter((t): t is string => typeof t === 'string'));
        const next = nextLink(res.headers.link);
        path = next === undefined ? undefined : new URL(next, res.url).toString();
      }
      return tags;
    });
  }

  /**
   * Checks that the configured credentials are accepted by `domain` (login): GET /v2/ with authorisation.
   * Throws RegistryAuthError `Get "https://host/v2/": unauthorized: …` as Docker's login reports it.
   */
  async checkLogin(domain: string, signal?: AbortSignal): Promise<void> {
    const eps = (await this.endpoints(domain)).filter((e) => !e.endpoint.mirror);
    const ep = eps[eps.length - 1];
    if (ep === undefined) throw new RegistryResponseError(`no endpoint for ${domain}`);
    const res = await ep.send({ method: 'GET', path: '/', scopes: [], retry: true, signal });
    const body = await readText(res, ERROR_BODY_LIMIT);
    if (res.statusCode === 200) return;
    const e = responseError('GET', res.url, res.statusCode, body);
    if (e instanceof RegistryAuthError) throw new RegistryAuthError(`Get "${res.url}": ${e.message}`, e.info);
    throw e;
  }

  /** Closes every connection pool. */
  async close(): Promise<void> {
    const eps = await Promise.all([...this.endpointsByDomain.values()].map((p) => p.catch(() => [])));
    await Promise.all([...eps.flat().map((e) => e.close()), this.foreign.close()]);
  }
}

function manifestError(ref: ImageReference, res: HttpResponse, body: string): AnyRegistryError {
  const e = responseError('GET', res.url, res.statusCode, body, (codes) =>
    codes.includes('NAME_UNKNOWN') ? `repository ${ref.familiarRepository()} not found` : `manifest for ${ref.familiarName()} not found`,
  );
  if (e.info.ociCodes?.includes('DENIED') === true && !(e instanceof RegistryNotFoundError)) {
    return new RegistryAuthError(`pull access denied for ${ref.familiarRepository()}, repository does not exist or may require 'docker login': ${e.message}`, e.info);
  }
  return e;
}

/** The target of `Link: <url>; rel="next"`, if any. */
export function nextLink(link: string | string[] | undefined): string | undefined {
  for (const v of Array.isArray(link) ? link : link === undefined ? [] : [link]) {
    for (const part of v.split(/,(?=\s*<)/)) {
      const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
      if (m !== null && /\brel="?next"?/i.test(m[2] ?? '')) return m[1];
    }
  }
  return undefined;
}
