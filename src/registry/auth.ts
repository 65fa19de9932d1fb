/**
 * Registry authorisation, after Docker's token spec and containerd's remotes/docker authorizer:
 *
 * - `parseChallenges`: `WWW-Authenticate` values (one or several challenges per header, quoted strings with
 *   backslash escapes), Bearer preferred over Basic.
 * - Bearer: token from the challenge's realm. With an identity token: POST form `grant_type=refresh_token`
 *   (`grant_type=password` when `oauthPassword` is set), falling back to GET on 400/401/404/405 as containerd
 *   does; otherwise GET `realm?service=…&scope=…` with Basic user:password when there are credentials (Docker's
 *   way). Tokens are cached per (host, realm, service, scope set) until `expires_in` (default and minimum 60 s,
 *   counted from local receipt), and concurrent requests for one key share one fetch.
 * - Basic: `Authorization: Basic base64(user:pass)` from the credentials.
 * HTTP goes through a `TokenTransport` passed in (the client's undici dispatchers; a fake in unit tests).
 */
import { RegistryAuthError, RegistryResponseError, goMethod, ociErrorText, parseOciErrors, statusLine } from './errors';
import type { Credentials } from './credentials';

export interface Challenge {
  /** Lower-cased scheme: `bearer`, `basic`, … */
  scheme: string;
  /** Lower-cased parameter names. */
  params: Record<string, string>;
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

function parseOne(s: string, challenges: Challenge[]): void {
  let i = 0;
  const skip = (chars: string): void => {
    while (i < s.length && chars.includes(s[i] ?? '')) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < s.length && TCHAR.test(s[i] ?? '')) i++;
    return s.slice(start, i);
  };
  const quoted = (): string => {
    i++; // opening quote
    let out = '';
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      out += s[i];
      i++;
    }
    i++; // closing quote
    return out;
  };
  while (i < s.length) {
    skip(' \t,');
    const scheme = token();
    if (scheme === '') {
      i++; // stray character: skip it
      continue;
    }
    const c: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(c);
    for (;;) {
      skip(' \t');
      const save = i;
      const name = token();
      skip(' \t');
      if (name === '' || s[i] !== '=') {
        i = name === '' ? i : save; // a bare token starts the next challenge
        if (name === '') skip('=');
        break;
      }
      i++; // '='
      skip(' \t');
      c.params[name.toLowerCase()] = s[i] === '"' ? quoted() : token();
      skip(' \t');
      if (s[i] !== ',') break;
      i++;
      skip(' \t');
      // a token followed by a space and another token (no '=') is the next scheme
      const look = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s*(=?)/.exec(s.slice(i));
      if (look !== null && look[2] !== '=') break;
    }
  }
}

/** Challenges of all `WWW-Authenticate` values, Bearer first, then Basic, then others (stable). */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const out: Challenge[] = [];
  for (const v of values) parseOne(v, out);
  const rank = (c: Challenge): number => (c.scheme === 'bearer' ? 0 : c.scheme === 'basic' ? 1 : 2);
  return out.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map((x) => x.c);
}

/** `repository:<name>:<actions>`, e.g. repositoryScope('library/busybox', ['pull', 'push']). */
export function repositoryScope(repo: string, actions: readonly string[]): string {
  return `repository:${repo}:${actions.join(',')}`;
}

/** Merges scopes naming the same resource (`repository:x:pull` + `repository:x:push` → `repository:x:pull,push`), sorted. */
export function mergeScopes(scopes: readonly string[]): string[] {
  const byResource = new Map<string, Set<string>>();
  for (const scope of scopes.flatMap((s) => s.split(' ')).filter((s) => s !== '')) {
    const last = scope.lastIndexOf(':');
    const resource = last > 0 ? scope.slice(0, last) : scope;
    const actions = last > 0 ? scope.slice(last + 1).split(',').filter((a) => a !== '') : [];
    const set = byResource.get(resource) ?? new Set<string>();
    actions.forEach((a) => set.add(a));
    byResource.set(resource, set);
  }
  return [...byResource.entries()]
    .map(([r, acts]) => (acts.size === 0 ? r : `${r}:${[...acts].sort().join(',')}`))
    .sort();
}

export interface TokenRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface TokenResponse {
  status: number;
  body: string;
}

export type TokenTransport = (req: TokenRequest) => Promise<TokenResponse>;

export interface AuthorizerOptions {
  credentials?: (host: string) => Promise<Credentials | undefined>;
  transport: TokenTransport;
  /** Clock in ms (tests). */
  now?: () => number;
  clientId?: string;
  userAgent?: string;
  /** Use the OAuth POST (grant_type=password) for user/password too, as containerd does. Default false (Docker). */
  oauthPassword?: boolean;
}

/** The registry request being authorised, for error texts (`Get "<url>": unauthorized: …`). */
export interface AuthContext {
  method: string;
  url: string;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

const MIN_EXPIRY_S = 60;

export class Authorizer {
  private readonly challenges = new Map<string, Challenge>();
  private readonly tokens = new Map<string, Promise<CachedToken>>();
  private readonly now: () => number;

  constructor(private readonly opts: AuthorizerOptions) {
    this.now = opts.now ?? Date.now;
  }

  /**
   * Records the challenge a host answered with (401 on /v2/ or on a request); Bearer wins over Basic. The
   * challenge's `scope` is not kept (it names one request's resource): it is returned for the caller to add to
   * that request's scopes.
   */
  setChallenges(host: string, challenges: Challenge[]): string[] {
    const c = challenges.find((x) => x.scheme === 'bearer') ?? challenges.find((x) => x.scheme === 'basic');
    if (c === undefined) return [];
    const { scope, ...params } = c.params;
    this.challenges.set(host, { scheme: c.scheme, params });
    return scope === undefined ? [] : scope.split(' ').filter((x) => x !== '');
  }

  challenge(host: string): Challenge | undefined {
    return this.challenges.get(host);
  }

  /** Drops cached tokens of `host` for `scopes` (after a 401 with a token we thought valid). */
  invalidate(host: string, scopes: readonly string[]): void {
    const c = this.challenges.get(host);
    if (c !== undefined) this.tokens.delete(this.key(host, c, mergeScopes(scopes)));
  }

  private key(host: string, c: Challenge, scopes: string[]): string {
    return [host, c.params.realm ?? '', c.params.service ?? '', ...scopes].join(' ');
  }

  /** The Authorization header value for a request to `host` needing `scopes`, or undefined (anonymous). */
  async authorization(host: string, scopes: readonly string[], ctx: AuthContext): Promise<string | undefined> {
    const c = this.challenges.get(host);
    if (c === undefined) return undefined;
    if (c.scheme === 'basic') {
      const cr = await this.opts.credentials?.(host);
      if (cr?.username === undefined || cr.password === undefined) return undefined;
      return `Basic ${Buffer.from(`${cr.username}:${cr.password}`).toString('base64')}`;
    }
    if (c.scheme !== 'bearer') return undefined;
    const merged = mergeScopes(scopes);
    const key = this.key(host, c, merged);
    const cached = this.tokens.get(key);
    if (cached !== undefined) {
      try {
        const t = await cached;
        if (t.expiresAt > this.now()) return `Bearer ${t.value}`;
      } catch {
        // failed earlier: fetch again below
      }
      if (this.tokens.get(key) !== cached) return this.authorization(host, scopes, ctx);
    }
    const p = this.fetchToken(host, c, merged, ctx);
    this.tokens.set(key, p);
    p.catch(() => {
      if (this.tokens.get(key) === p) this.tokens.delete(key);
    });
    return `Bearer ${(await p).value}`;
  }

  private async fetchToken(host: string, c: Challenge, scopes: string[], ctx: AuthContext): Promise<CachedToken> {
    const realm = c.params.realm;
    if (realm === undefined || realm === '') throw new RegistryAuthError(`${goMethod(ctx.method)} "${ctx.url}": no realm specified for token auth challenge`);
    let realmUrl: URL;
    try {
      realmUrl = new URL(realm);
    } catch {
      throw new RegistryAuthError(`${goMethod(ctx.method)} "${ctx.url}": invalid token auth challenge realm: ${realm}`);
    }
    const service = c.params.service ?? '';
    const creds = await this.opts.credentials?.(host);
    const ua: Record<string, string> = this.opts.userAgent !== undefined ? { 'user-agent': this.opts.userAgent } : {};
    const useOauth = creds?.identityToken !== undefined || (this.opts.oauthPassword === true && creds?.password !== undefined);
    if (useOauth && creds !== undefined) {
      const form = new URLSearchParams();
      if (scopes.length > 0) form.set('scope', scopes.join(' '));
      form.set('service', service);
      form.set('client_id', this.opts.clientId ?? 'tsctl');
      if (creds.identityToken !== undefined) {
        form.set('grant_type', 'refresh_token');
        form.set('refresh_token', creds.identityToken);
      } else {
        form.set('grant_type', 'password');
        form.set('username', creds.username ?? '');
        form.set('password', creds.password ?? '');
      }
      const res = await this.opts.transport({
        method: 'POST',
        url: realmUrl.toString(),
        headers: { ...ua, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: form.toString(),
      });
      if (res.status >= 200 && res.status < 300) return this.parseToken(res, realmUrl, ctx);
      if (![400, 401, 404, 405].includes(res.status)) throw this.tokenError('POST', realmUrl, res, ctx);
    }
    for (const s of scopes) realmUrl.searchParams.append('scope', s);
    if (service !== '') realmUrl.searchParams.set('service', service);
    const headers: Record<string, string> = { ...ua };
    if (creds?.username !== undefined && creds.password !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
    }
    const res = await this.opts.transport({ method: 'GET', url: realmUrl.toString(), headers });
    if (res.status >= 200 && res.status < 300) return this.parseToken(res, realmUrl, ctx);
    throw this.tokenError('GET', realmUrl, res, ctx);
  }

  private parseToken(res: TokenResponse, realm: URL, ctx: AuthContext): CachedToken {
    let doc: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(res.body);
      if (typeof parsed === 'object' && parsed !== null) doc = parsed as Record<string, unknown>;
    } catch {
      throw new RegistryAuthError(`${goMethod(ctx.method)} "${ctx.url}": unable to decode token response from ${realm.origin}${realm.pathname}`);
    }
    const value = typeof doc.access_token === 'string' && doc.access_token !== '' ? doc.access_token : doc.token;
    if (typeof value !== 'string' || value === '') {
      throw new RegistryAuthError(`${goMethod(ctx.method)} "${ctx.url}": authorization server did not include a token in the response`);
    }
    const expiresIn = typeof doc.expires_in === 'number' && doc.expires_in > MIN_EXPIRY_S ? doc.expires_in : MIN_EXPIRY_S;
    return { value, expiresAt: this.now() + expiresIn * 1000 };
  }

  private tokenError(method: string, realm: URL, res: TokenResponse, ctx: AuthContext): Error {
    const text = ociErrorText(parseOciErrors(res.body));
    const where = `${goMethod(ctx.method)} "${ctx.url}"`;
    if (res.status === 401 || res.status === 403) {
      const detail = text !== '' ? text : res.status === 401 ? 'unauthorized: authentication required' : 'denied: requested access to the resource is denied';
      return new RegistryAuthError(`${where}: ${detail}`, { status: res.status, url: ctx.url });
    }
    return new RegistryResponseError(
      `${where}: unexpected status from ${method} request to ${realm.origin}${realm.pathname}: ${statusLine(res.status)}`,
      { status: res.status, url: ctx.url },
    );
  }
}
