/**
 * HTTP to one registry endpoint over an undici Agent (TLS settings from hosts.ts: extra CAs on top of the
 * system roots, client certificate, skip-verify). `send` does, in order:
 *
 * 1. a one-time `GET <base>/` ping per endpoint (Docker's /v2/ check): learns the auth challenge and, for
 *    `httpFallback` endpoints (insecure registries), switches to plain http when https fails with a TLS or
 *    connection error;
 * 2. the Authorization header from the shared Authorizer for the request's scopes; on a 401 it records the
 *    new challenge (adding its scope), drops the token and retries once;
 * 3. redirects for GET/HEAD (blob storage), without credentials to another origin;
 * 4. for `retry: true` requests, exponential back-off (with jitter) on connection resets/timeouts, 429 and 5xx,
 *    honouring `Retry-After`. Refused connections, DNS and TLS failures are not retried.
 * Errors are translated by ./errors.ts. Bodies are either buffers or factories (re-creatable for a retry).
 */
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher } from './undici';
import { CancelledError, TsctlError } from '../errors/index';
import { mergeScopes, parseChallenges, type Authorizer, type TokenTransport } from './auth';
import { RegistryUnavailableError, isTlsErrorCode, networkError } from './errors';
import type { RegistryEndpoint } from './hosts';

export interface RetryPolicy {
  /** Total tries per request (1 = no retry). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface Timeouts {
  connectMs: number;
  /** Until response headers arrive. */
  headersMs: number;
  /** Longest silence while reading a body. */
  bodyMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 10_000 };
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 30_000, headersMs: 60_000, bodyMs: 60_000 };
/** Retry-After values above this are not waited for (the request fails instead). */
const MAX_RETRY_AFTER_MS = 120_000;

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Body = Buffer | string | (() => AsyncIterable<Uint8Array>);

export interface SendOptions {
  method: Method;
  /** Below the API base (`/library/busybox/manifests/latest`) or an absolute URL (an upload Location). */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Body;
  scopes: string[];
  retry?: boolean;
  signal?: AbortSignal | undefined;
}

export type HttpResponse = Dispatcher.ResponseData & { url: string };

export interface Shared {
  authorizer: Authorizer;
  userAgent: string;
  timeouts: Timeouts;
  retry: RetryPolicy;
  /** Dispatcher for origins that are not this endpoint (redirect targets, token realms). */
  foreign: Dispatcher;
  /** The registry host the endpoint serves (the `ns` query parameter of mirror requests). */
  registryHost: string;
}

const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH']);

export function isRetryable(e: unknown): boolean {
  return e instanceof RegistryUnavailableError && e.errno !== undefined && RETRYABLE_CODES.has(e.errno);
}

/** Back-off before try `attempt + 1` (attempt ≥ 1): base·2^(attempt-1), capped, with ±25 % jitter; Retry-After wins when longer. */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfterMs?: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exp * (0.75 + Math.random() * 0.5);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** `Retry-After` in ms (delta-seconds or HTTP-date); undefined when absent or unparsable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

export async function wait(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch (e) {
    throw cancelled(signal, e);
  }
}

export function cancelled(signal: AbortSignal | undefined, cause: unknown): TsctlError {
  const r: unknown = signal?.reason;
  return r instanceof TsctlError ? r : new CancelledError('context canceled', { cause });
}

function header(h: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

export function createAgent(endpoint: RegistryEndpoint | undefined, t: Timeouts): Agent {
  const tls = endpoint?.tls;
  return new Agent({
    connect: {
      timeout: t.connectMs,
      rejectUnauthorized: !(tls?.insecureSkipVerify ?? false),
      ...(tls?.ca !== undefined ? { ca: [...rootCertificates, ...tls.ca.map((b) => b.toString('utf8'))] } : {}),
      ...(tls?.cert !== undefined ? { cert: tls.cert } : {}),
      ...(tls?.key !== undefined ? { key: tls.key } : {}),
    },
    headersTimeout: t.headersMs,
    bodyTimeout: t.bodyMs,
  });
}

export class EndpointClient {
  readonly agent: Agent;
  private base: string;
  private pinged: Promise<void> | undefined;

  constructor(
    readonly endpoint: RegistryEndpoint,
    private readonly shared: Shared,
  ) {
    this.agent = createAgent(endpoint, shared.timeouts);
    this.base = endpoint.url;
  }

  /** The API base in use (after any http fallback). */
  get baseUrl(): string {
    return this.base;
  }

  url(path: string, query: Record<string, string> = {}): string {
    const u = /^https?:\/\//i.test(path) ? new URL(path) : new URL(this.base + path);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    if (this.endpoint.mirror && !u.searchParams.has('ns')) u.searchParams.set('ns', this.shared.registryHost);
    return u.toString();
  }

  private dispatcherFor(url: URL): Dispatcher {
    return url.origin === new URL(this.base).origin ? this.agent : this.shared.foreign;
  }

  private async once(method: Method, url: string, headers: Record<string, string>, body: Body | undefined, signal?: AbortSignal): Promise<HttpResponse> {
    const u = new URL(url);
    const payload = body === undefined ? null : typeof body === 'function' ? Readable.from(body()) : body;
    try {
      const res = await this.dispatcherFor(u).request({
        origin: u.origin,
        path: u.pathname + u.search,
        method,
        headers,
        body: payload,
        ...(signal !== undefined ? { signal } : {}),
      });
      return Object.assign(res, { url });
    } catch (e) {
      if (signal?.aborted === true) throw cancelled(signal, e);
      if (e instanceof TsctlError) throw e;
      throw networkError(method, url, e);
    }
  }

  /** One request following redirects (GET/HEAD only); credentials are dropped on a change of origin. */
  private async withRedirects(method: Method, url: string, headers: Record<string, string>, body: Body | undefined, signal?: AbortSignal): Promise<HttpResponse> {
    let cur = url;
    let hdrs = headers;
    for (let hop = 0; ; hop++) {
      const res = await this.once(method, cur, hdrs, body, signal);
      const location = header(res.headers, 'location');
      if (![301, 302, 303, 307, 308].includes(res.statusCode) || location === undefined || (method !== 'GET' && method !== 'HEAD')) return res;
      await res.body.dump();
      if (hop >= 10) throw new RegistryUnavailableError(`${method} "${url}": stopped after 10 redirects`, undefined, { url });
      const next = new URL(location, cur);
      if (next.origin !== new URL(cur).origin) {
        const { authorization: _drop, ...rest } = hdrs;
        hdrs = rest;
      }
      cur = next.toString();
    }
  }

  private async ping(signal?: AbortSignal): Promise<void> {
    const attempt = async (base: string): Promise<void> => {
      const res = await this.retrying(() => this.once('GET', `${base}/`, { 'user-agent': this.shared.userAgent }, undefined, signal), signal);
      await res.body.dump();
      if (res.statusCode === 401) this.shared.authorizer.setChallenges(this.endpoint.host, parseChallenges(res.headers['www-authenticate']));
    };
    if (!this.endpoint.httpFallback) return attempt(this.base);
    try {
      await attempt(this.base);
    } catch (e) {
      const code = e instanceof RegistryUnavailableError ? e.errno : undefined;
      if (!(isTlsErrorCode(code) || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')) throw e;
      const httpBase = this.base.replace(/^https:/i, 'http:');
      await attempt(httpBase);
      this.base = httpBase;
    }
  }

  private ensurePing(signal?: AbortSignal): Promise<void> {
    if (this.pinged === undefined) {
      const p = this.ping(signal);
      this.pinged = p;
      p.catch(() => {
        if (this.pinged === p) this.pinged = undefined;
      });
    }
    return this.pinged;
  }

  /** Runs `fn`, retrying retryable connection failures with back-off. */
  private async retrying(fn: () => Promise<HttpResponse>, signal?: AbortSignal): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (!isRetryable(e) || attempt >= this.shared.retry.attempts) throw e;
        await wait(backoffMs(this.shared.retry, attempt), signal);
      }
    }
  }

  async send(o: SendOptions): Promise<HttpResponse> {
    await this.ensurePing(o.signal);
    const host = this.endpoint.host;
    const authz = this.shared.authorizer;
    let scopes = mergeScopes(o.scopes);
    let authRetried = false;
    const url = this.url(o.path, o.query);
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = { 'user-agent': this.shared.userAgent };
      for (const [k, v] of Object.entries(this.endpoint.headers)) headers[k.toLowerCase()] = v.join(', ');
      for (const [k, v] of Object.entries(o.headers ?? {})) headers[k.toLowerCase()] = v;
      const auth = await authz.authorization(host, scopes, { method: o.method, url });
      if (auth !== undefined && new URL(url).origin === new URL(this.base).origin) headers.authorization = auth;
      let res: HttpResponse;
      try {
        res = await this.withRedirects(o.method, url, headers, o.body, o.signal);
      } catch (e) {
        if (o.retry !== true || !isRetryable(e) || attempt >= this.shared.retry.attempts) throw e;
        await wait(backoffMs(this.shared.retry, attempt), o.signal);
        continue;
      }
      if (res.statusCode === 401 && !authRetried) {
        authRetried = true;
        const challenges = parseChallenges(res.headers['www-authenticate']);
        const extra = authz.setChallenges(host, challenges);
        if (auth !== undefined) authz.invalidate(host, scopes);
        if (challenges.length > 0 && authz.challenge(host) !== undefined) {
          await res.body.dump();
          scopes = mergeScopes([...scopes, ...extra]);
          attempt--;
          continue;
        }
        return res;
      }
      const status = res.statusCode;
      if (o.retry === true && (status === 429 || status >= 500) && attempt < this.shared.retry.attempts) {
        const after = retryAfterMs(res.headers['retry-after']);
        if (after === undefined || after <= MAX_RETRY_AFTER_MS) {
          await res.body.dump();
          await wait(backoffMs(this.shared.retry, attempt, after), o.signal);
          continue;
        }
      }
      return res;
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** A TokenTransport over `dispatcherFor(origin)`: token realms use the endpoint's TLS settings when same-origin. */
export function tokenTransport(dispatcherFor: (origin: string) => Dispatcher, timeouts: Timeouts): TokenTransport {
  return async (req) => {
    const u = new URL(req.url);
    let res: Dispatcher.ResponseData;
    try {
      res = await dispatcherFor(u.origin).request({
        origin: u.origin,
        path: u.pathname + u.search,
        method: req.method,
        headers: req.headers,
        body: req.body ?? null,
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
      });
    } catch (e) {
      throw networkError(req.method, `${u.origin}${u.pathname}`, e);
    }
    return { status: res.statusCode, body: await readText(res, 1 << 20) };
  };
}

/** Reads a response body as text, at most `limit` bytes (the rest is discarded). */
export async function readText(res: Dispatcher.ResponseData, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res.body) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array);
    if (n < limit) chunks.push(b.subarray(0, limit - n));
    n += b.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}
