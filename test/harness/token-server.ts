/**
 * A token-auth front for the harness registry, for tests of registry authentication: a real HTTP server on
 * 127.0.0.1 implementing Docker's token protocol.
 *
 * - `GET /token?service=…&scope=…` requires Basic `<username>:<password>` and answers `{token, access_token,
 *   expires_in, issued_at}`; `POST /token` accepts the OAuth form (`grant_type=password` or
 *   `grant_type=refresh_token` with the configured refresh token). Bad credentials: 401
 *   `{"details":"incorrect username or password"}` (Docker Hub's body).
 * - `/v2/…` is proxied to the upstream registry (Host header kept, so upload Locations point back here) only
 *   with `Authorization: Bearer <token>` granting the needed scope (`pull` for GET/HEAD, `push` otherwise);
 *   else 401 with `WWW-Authenticate: Bearer realm="http://127.0.0.1:<port>/token",service="tsctl-test",
 *   scope="repository:<name>:<action>"` and an OCI UNAUTHORIZED body. A mount without pull on `from` loses its
 *   mount parameters (the registry then opens a normal upload), as real registries behave.
 * Counters let tests check token caching.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenServerOptions {
  /** host:port of the registry to front. */
  upstream: string;
  username?: string;
  password?: string;
  refreshToken?: string;
  service?: string;
  expiresIn?: number;
}

export interface TokenServer {
  /** 127.0.0.1:<port> — use as the registry host. */
  host: string;
  realm: string;
  service: string;
  /** Every token request: method and scopes. */
  tokenRequests: { method: string; scopes: string[]; grant: string }[];
  /** Number of /v2/ requests answered 401. */
  challenges: number;
  /** Every /v2/ request: method, path with query, and whether it was let through. */
  requests: { method: string; path: string; allowed: boolean }[];
  close(): Promise<void>;
}

interface Grant {
  /** `repo:action` pairs. */
  access: Set<string>;
  expiresAt: number;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function accessOf(scopes: string[]): Set<string> {
  const out = new Set<string>();
  for (const s of scopes.flatMap((x) => x.split(' '))) {
    const m = /^repository:(.+):([a-z,*]+)$/.exec(s);
    if (m !== null) for (const a of (m[2] ?? '').split(',')) out.add(`${m[1]}:${a}`);
  }
  return out;
}

export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  const username = opts.username ?? 'testuser';
  const password = opts.password ?? 'testpass';
  const service = opts.service ?? 'tsctl-test';
  const grants = new Map<string, Grant>();
  const state: Omit<TokenServer, 'close'> = { host: '', realm: '', service, tokenRequests: [], challenges: 0, requests: [] };

  const issue = (res: ServerResponse, scopes: string[]): void => {
    const token = randomBytes(16).toString('hex');
    const expiresIn = opts.expiresIn ?? 300;
    grants.set(token, { access: accessOf(scopes), expiresAt: Date.now() + expiresIn * 1000 });
    send(res, 200, { token, access_token: token, expires_in: expiresIn, issued_at: new Date().toISOString() });
  };
  const denied = (res: ServerResponse): void => send(res, 401, { details: 'incorrect username or password' });

  const handleToken = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const scopes = (form.get('scope') ?? '').split(' ').filter((s) => s !== '');
      const grant = form.get('grant_type') ?? '';
      state.tokenRequests.push({ method: 'POST', scopes, grant });
      const ok =
        (grant === 'refresh_token' && opts.refreshToken !== undefined && form.get('refresh_token') === opts.refreshToken) ||
        (grant === 'password' && form.get('username') === username && form.get('password') === password);
      if (!ok) return denied(res);
      return issue(res, scopes);
    }
    const scopes = url.searchParams.getAll('scope');
    state.tokenRequests.push({ method: 'GET', scopes, grant: 'basic' });
    const auth = req.headers.authorization ?? '';
    const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    if (auth !== expected) return denied(res);
    return issue(res, scopes);
  };

  const proxy = (req: IncomingMessage, res: ServerResponse, path: string): void => {
    const { authorization: _drop, ...headers } = req.headers;
    const up = httpRequest({ host: opts.upstream.split(':')[0], port: Number(opts.upstream.split(':')[1]), method: req.method, path, headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  };

  const handleV2 = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const m = /^\/v2\/(.+)\/(manifests|blobs|tags)\//.exec(url.pathname);
    const name = m?.[1];
    const action = req.method === 'GET' || req.method === 'HEAD' ? 'pull' : 'push';
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const grant = bearer === undefined ? undefined : grants.get(bearer);
    const valid = grant !== undefined && grant.expiresAt > Date.now();
    const allowed = valid && (name === undefined || grant.access.has(`${name}:${action}`) || grant.access.has(`${name}:*`));
    state.requests.push({ method: req.method ?? '', path: url.pathname + url.search, allowed });
    if (!allowed) {
      state.challenges += 1;
      const scope = name === undefined ? '' : `,scope="repository:${name}:${action}"`;
      const err = valid ? ',error="insufficient_scope"' : '';
      send(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: null }] }, {
        'www-authenticate': `Bearer realm="${state.realm}",service="${service}"${scope}${err}`,
        'docker-distribution-api-version': 'registry/2.0',
      });
      return;
    }
    const from = url.searchParams.get('from');
    if (url.searchParams.has('mount') && from !== null && !grant.access.has(`${from}:pull`)) {
      url.searchParams.delete('mount');
      url.searchParams.delete('from');
    }
    proxy(req, res, url.pathname + url.search);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname === '/token') {
      handleToken(req, res, url).catch(() => res.destroy());
      return;
    }
    if (url.pathname === '/v2' || url.pathname.startsWith('/v2/')) {
      handleV2(req, res, url);
      return;
    }
    send(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'not found' }] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  state.host = `127.0.0.1:${port}`;
  state.realm = `http://127.0.0.1:${port}/token`;
  return Object.assign(state, {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
