import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MockAgent } from 'undici';
import { Authorizer, mergeScopes, parseChallenges, repositoryScope, type TokenRequest, type TokenResponse } from '../../../src/registry/auth';
import { RegistryAuthError, RegistryResponseError } from '../../../src/registry/errors';
import { DEFAULT_TIMEOUTS, tokenTransport } from '../../../src/registry/transport';
import type { Credentials } from '../../../src/registry/credentials';

const CTX = { method: 'GET', url: 'https://reg.io/v2/x/manifests/latest' };

test('parseChallenges: Bearer params, quoting, escapes, several challenges', () => {
  const [c] = parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"');
  assert.deepEqual(c, {
    scheme: 'bearer',
    params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/busybox:pull' },
  });
  const multi = parseChallenges('Basic realm="Registry Realm", Bearer realm="https://a/t", service="s", error="insufficient_scope"');
  assert.deepEqual(multi.map((x) => x.scheme), ['bearer', 'basic']);
  assert.deepEqual(multi[0]?.params, { realm: 'https://a/t', service: 's', error: 'insufficient_scope' });
  assert.deepEqual(multi[1]?.params, { realm: 'Registry Realm' });
  const esc = parseChallenges('BEARER Realm="a\\"b\\\\c", SERVICE=tokenval , scope="x y"');
  assert.deepEqual(esc[0], { scheme: 'bearer', params: { realm: 'a"b\\c', service: 'tokenval', scope: 'x y' } });
  assert.deepEqual(parseChallenges(['Basic realm="r"', 'Bearer realm="b"']).map((x) => x.scheme), ['bearer', 'basic']);
  assert.deepEqual(parseChallenges(undefined), []);
  assert.deepEqual(parseChallenges('Basic'), [{ scheme: 'basic', params: {} }]);
});

test('scopes: repository scope strings and merging', () => {
  assert.equal(repositoryScope('library/busybox', ['pull']), 'repository:library/busybox:pull');
  assert.equal(repositoryScope('a/b', ['pull', 'push']), 'repository:a/b:pull,push');
  assert.deepEqual(mergeScopes(['repository:a:push', 'repository:a:pull', 'repository:b:pull', 'repository:a:pull']), ['repository:a:pull,push', 'repository:b:pull']);
  assert.deepEqual(mergeScopes(['repository:x:pull repository:y:pull']), ['repository:x:pull', 'repository:y:pull']);
});

function fakeTransport(handler: (r: TokenRequest) => TokenResponse): { transport: (r: TokenRequest) => Promise<TokenResponse>; calls: TokenRequest[] } {
  const calls: TokenRequest[] = [];
  return {
    calls,
    transport: async (r) => {
      calls.push(r);
      await new Promise((res) => setImmediate(res));
      return handler(r);
    },
  };
}

const bearer = parseChallenges('Bearer realm="https://auth.example/token",service="reg"');

test('anonymous and Basic-authenticated GET token fetch, cached per scope set until expiry', async () => {
  let now = 1_000_000;
  const { transport, calls } = fakeTransport((r) => ({ status: 200, body: JSON.stringify({ token: `t${calls.length}`, expires_in: 300, issued_at: '2000-01-01T00:00:00Z' }) }));
  const creds = async (): Promise<Credentials> => ({ username: 'u', password: 'p' });
  const a = new Authorizer({ transport, credentials: creds, now: () => now });
  assert.equal(await a.authorization('reg.io', ['repository:x:pull'], CTX), undefined, 'no challenge yet: anonymous');
  assert.deepEqual(a.setChallenges('reg.io', parseChallenges('Bearer realm="https://auth.example/token",service="reg",scope="repository:x:pull"')), ['repository:x:pull']);
  const [h1, h2] = await Promise.all([a.authorization('reg.io', ['repository:x:pull'], CTX), a.authorization('reg.io', ['repository:x:pull'], CTX)]);
  assert.equal(h1, 'Bearer t1');
  assert.equal(h2, 'Bearer t1');
  assert.equal(calls.length, 1, 'concurrent requests share one fetch');
  const u = new URL(calls[0]?.url ?? '');
  assert.equal(u.origin + u.pathname, 'https://auth.example/token');
  assert.deepEqual(u.searchParams.getAll('scope'), ['repository:x:pull']);
  assert.equal(u.searchParams.get('service'), 'reg');
  assert.equal(calls[0]?.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
  assert.equal(await a.authorization('reg.io', ['repository:y:pull'], CTX), 'Bearer t2', 'other scope, other token');
  now += 299_000;
  assert.equal(await a.authorization('reg.io', ['repository:x:pull'], CTX), 'Bearer t1', 'still valid (expiry from local clock)');
  now += 2_000;
  assert.equal(await a.authorization('reg.io', ['repository:x:pull'], CTX), 'Bearer t3', 'expired: refetched');
  a.invalidate('reg.io', ['repository:x:pull']);
  assert.equal(await a.authorization('reg.io', ['repository:x:pull'], CTX), 'Bearer t4');
});

test('expires_in defaults to (and is at least) 60 s; access_token is accepted', async () => {
  let now = 0;
  const { transport, calls } = fakeTransport(() => ({ status: 200, body: JSON.stringify({ access_token: `a${calls.length}`, expires_in: 5 }) }));
  const a = new Authorizer({ transport, now: () => now });
  a.setChallenges('r', bearer);
  assert.equal(await a.authorization('r', [], CTX), 'Bearer a1');
  now = 59_000;
  assert.equal(await a.authorization('r', [], CTX), 'Bearer a1');
  now = 61_000;
  assert.equal(await a.authorization('r', [], CTX), 'Bearer a2');
  assert.equal(calls[0]?.headers.authorization, undefined, 'anonymous token request');
});

test('identity token: POST refresh_token grant; falls back to GET on 404', async () => {
  const { transport, calls } = fakeTransport((r) => (r.method === 'POST' ? { status: 200, body: '{"access_token":"oauth","expires_in":120}' } : { status: 500, body: '' }));
  const a = new Authorizer({ transport, credentials: async () => ({ identityToken: 'refresh-1' }) });
  a.setChallenges('r', bearer);
  assert.equal(await a.authorization('r', ['repository:x:pull', 'repository:y:pull'], CTX), 'Bearer oauth');
  const form = new URLSearchParams(calls[0]?.body ?? '');
  assert.equal(calls[0]?.method, 'POST');
  assert.equal(form.get('grant_type'), 'refresh_token');
  assert.equal(form.get('refresh_token'), 'refresh-1');
  assert.equal(form.get('service'), 'reg');
  assert.equal(form.get('scope'), 'repository:x:pull repository:y:pull');
  assert.equal(form.get('client_id'), 'tsctl');
  const fb = fakeTransport((r) => (r.method === 'POST' ? { status: 404, body: '' } : { status: 200, body: '{"token":"viaget"}' }));
  const b = new Authorizer({ transport: fb.transport, credentials: async () => ({ identityToken: 'rt' }) });
  b.setChallenges('r', bearer);
  assert.equal(await b.authorization('r', [], CTX), 'Bearer viaget');
  assert.deepEqual(fb.calls.map((c) => c.method), ['POST', 'GET']);
});

test('oauthPassword: POST password grant', async () => {
  const { transport, calls } = fakeTransport(() => ({ status: 200, body: '{"access_token":"pw"}' }));
  const a = new Authorizer({ transport, credentials: async () => ({ username: 'u', password: 'p' }), oauthPassword: true });
  a.setChallenges('r', bearer);
  assert.equal(await a.authorization('r', [], CTX), 'Bearer pw');
  const form = new URLSearchParams(calls[0]?.body ?? '');
  assert.deepEqual([form.get('grant_type'), form.get('username'), form.get('password')], ['password', 'u', 'p']);
});

test('Basic challenge uses the credentials directly', async () => {
  const { transport, calls } = fakeTransport(() => ({ status: 500, body: '' }));
  const a = new Authorizer({ transport, credentials: async () => ({ username: 'u', password: 'p' }) });
  a.setChallenges('r', parseChallenges('Basic realm="x"'));
  assert.equal(await a.authorization('r', ['repository:x:pull'], CTX), `Basic ${Buffer.from('u:p').toString('base64')}`);
  assert.equal(calls.length, 0);
  const anon = new Authorizer({ transport });
  anon.setChallenges('r', parseChallenges('Basic realm="x"'));
  assert.equal(await anon.authorization('r', [], CTX), undefined);
});

test('token endpoint failures: one-line errors naming the registry request; failures are not cached', async () => {
  let status = 401;
  const { transport, calls } = fakeTransport(() => ({ status, body: status === 401 ? '{"details":"incorrect username or password"}' : 'oops' }));
  const a = new Authorizer({ transport, credentials: async () => ({ username: 'u', password: 'bad' }) });
  a.setChallenges('r', bearer);
  await assert.rejects(a.authorization('r', [], CTX), (e: unknown) => e instanceof RegistryAuthError && e.message === 'Get "https://reg.io/v2/x/manifests/latest": unauthorized: incorrect username or password');
  status = 502;
  await assert.rejects(a.authorization('r', [], CTX), (e: unknown) => e instanceof RegistryResponseError && /unexpected status from GET request to https:\/\/auth\.example\/token: 502 Bad Gateway/.test(e.message));
  assert.equal(calls.length, 2);
  status = 401;
  const plain = fakeTransport(() => ({ status: 401, body: '' }));
  const b = new Authorizer({ transport: plain.transport });
  b.setChallenges('r', bearer);
  await assert.rejects(b.authorization('r', [], CTX), { message: 'Get "https://reg.io/v2/x/manifests/latest": unauthorized: authentication required' });
  const noToken = fakeTransport(() => ({ status: 200, body: '{}' }));
  const c = new Authorizer({ transport: noToken.transport });
  c.setChallenges('r', bearer);
  await assert.rejects(c.authorization('r', [], CTX), /authorization server did not include a token/);
  const d = new Authorizer({ transport: noToken.transport });
  d.setChallenges('r', parseChallenges('Bearer service="x"'));
  await assert.rejects(d.authorization('r', [], CTX), /no realm specified/);
});

test('tokenTransport over undici (MockAgent)', async () => {
  const mock = new MockAgent();
  mock.disableNetConnect();
  mock
    .get('https://auth.example')
    .intercept({ path: (p) => p.startsWith('/token?'), method: 'GET' })
    .reply(200, { token: 'from-undici', expires_in: 100 });
  const a = new Authorizer({ transport: tokenTransport(() => mock, DEFAULT_TIMEOUTS) });
  a.setChallenges('r', bearer);
  assert.equal(await a.authorization('r', ['repository:x:pull'], CTX), 'Bearer from-undici');
  await mock.close();
});
