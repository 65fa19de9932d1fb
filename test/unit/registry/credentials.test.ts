import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HUB_AUTH_KEY,
  credentialKey,
  credentialsProvider,
  dockerConfigDir,
  eraseCredentials,
  getCredentials,
  storeCredentials,
} from '../../../src/registry/credentials';
import { ConfigError, InternalError } from '../../../src/errors/index';

async function tempDir(t: TestContext, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** A `docker-credential-test` helper (a node script) keeping its secrets in `<dir>/store.json`. */
async function fakeHelper(t: TestContext): Promise<{ env: NodeJS.ProcessEnv; store: string }> {
  const dir = await tempDir(t, 'tsctl-helper-');
  const store = join(dir, 'store.json');
  const js = join(dir, 'helper.mjs');
  await writeFile(
    js,
    `import { readFileSync, writeFileSync, existsSync } from 'node:fs';
const store = ${JSON.stringify(store)};
const db = existsSync(store) ? JSON.parse(readFileSync(store, 'utf8')) : {};
const input = readFileSync(0, 'utf8');
const action = process.argv[2];
if (action === 'get') {
  const e = db[input.trim()];
  if (!e) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1); }
  process.stdout.write(JSON.stringify({ ServerURL: input.trim(), Username: e.Username, Secret: e.Secret }));
} else if (action === 'store') {
  const p = JSON.parse(input);
  db[p.ServerURL] = { Username: p.Username, Secret: p.Secret };
  writeFileSync(store, JSON.stringify(db));
} else if (action === 'erase') {
  if (!db[input.trim()]) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1); }
  delete db[input.trim()];
  writeFileSync(store, JSON.stringify(db));
} else { process.exit(2); }
`,
  );
  const bin = join(dir, 'bin');
  await mkdir(bin);
  for (const [name, body] of [
    ['docker-credential-test', `#!/bin/sh\nexec "${process.execPath}" "${js}" "$@"\n`],
    ['docker-credential-slow', '#!/bin/sh\nsleep 10\n'],
    ['docker-credential-broken', '#!/bin/sh\necho "keychain locked" >&2\nexit 3\n'],
  ] as const) {
    await writeFile(join(bin, name), body);
    await chmod(join(bin, name), 0o755);
  }
  return { env: { PATH: `${bin}:/usr/bin:/bin` }, store };
}

test('config dir: DOCKER_CONFIG, else ~/.docker; hub key normalisation', () => {
  assert.equal(dockerConfigDir({ DOCKER_CONFIG: '/cfg' }, '/home/u'), '/cfg');
  assert.equal(dockerConfigDir({}, '/home/u'), '/home/u/.docker');
  for (const h of ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1/']) assert.equal(credentialKey(h), HUB_AUTH_KEY);
  assert.equal(credentialKey('https://reg.example.com/v2/'), 'reg.example.com');
  assert.equal(credentialKey('127.0.0.1:5000'), '127.0.0.1:5000');
});

test('auths: base64 auth, username/password fields, identity token, key forms', async (t) => {
  const dir = await tempDir(t, 'tsctl-cfg-');
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hubuser:hub:pass') },
        'https://reg.example.com/v1/': { auth: b64('u:p') },
        'plain.example.com': { username: 'pu', password: 'pp' },
        'tok.example.com': { identitytoken: 'refresh-123' },
        'empty.example.com': {},
      },
    }),
  );
  const o = { configDir: dir };
  assert.deepEqual(await getCredentials(o, 'docker.io'), { username: 'hubuser', password: 'hub:pass' });
  assert.deepEqual(await getCredentials(o, 'registry-1.docker.io'), { username: 'hubuser', password: 'hub:pass' });
  assert.deepEqual(await getCredentials(o, 'reg.example.com'), { username: 'u', password: 'p' });
  assert.deepEqual(await getCredentials(o, 'plain.example.com'), { username: 'pu', password: 'pp' });
  assert.deepEqual(await getCredentials(o, 'tok.example.com'), { identityToken: 'refresh-123' });
  assert.equal(await getCredentials(o, 'empty.example.com'), undefined);
  assert.equal(await getCredentials(o, 'other.example.com'), undefined);
  assert.equal(await getCredentials({ configDir: join(dir, 'none') }, 'docker.io'), undefined);
  await writeFile(join(dir, 'config.json'), '{ not json');
  await assert.rejects(getCredentials(o, 'docker.io'), ConfigError);
});

test('store/erase without a helper: atomic 0600 file, unknown keys kept', async (t) => {
  const dir = await tempDir(t, 'tsctl-cfg-');
  const file = join(dir, 'config.json');
  await writeFile(file, JSON.stringify({ psFormat: 'table {{.ID}}', auths: { 'other.io': { auth: b64('a:b') } }, proxies: { default: {} } }), { mode: 0o644 });
  const o = { configDir: dir };
  await storeCredentials(o, 'docker.io', { username: 'me', password: 's3cret' });
  await storeCredentials(o, '127.0.0.1:5000', { username: 'x', password: 'y' });
  const doc = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  assert.equal(doc.psFormat, 'table {{.ID}}');
  assert.deepEqual(doc.proxies, { default: {} });
  assert.deepEqual(doc.auths, {
    'other.io': { auth: b64('a:b') },
    [HUB_AUTH_KEY]: { auth: b64('me:s3cret') },
    '127.0.0.1:5000': { auth: b64('x:y') },
  });
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.deepEqual(await getCredentials(o, 'docker.io'), { username: 'me', password: 's3cret' });
  assert.equal(await eraseCredentials(o, 'docker.io'), true);
  assert.equal(await eraseCredentials(o, 'docker.io'), false);
  assert.equal(await getCredentials(o, 'docker.io'), undefined);
  const after = JSON.parse(await readFile(file, 'utf8')) as { auths: Record<string, unknown> };
  assert.deepEqual(Object.keys(after.auths).sort(), ['127.0.0.1:5000', 'other.io']);
});

test('store into a new directory and through a symlinked config.json', async (t) => {
  const dir = await tempDir(t, 'tsctl-cfg-');
  const o = { configDir: join(dir, 'new', '.docker') };
  await storeCredentials(o, 'reg.io', { identityToken: 'tok' });
  assert.deepEqual(await getCredentials(o, 'reg.io'), { identityToken: 'tok' });
  const real = join(dir, 'real.json');
  await writeFile(real, '{}');
  const linkDir = join(dir, 'linked');
  await mkdir(linkDir);
  await symlink(real, join(linkDir, 'config.json'));
  await storeCredentials({ configDir: linkDir }, 'reg.io', { username: 'a', password: 'b' });
  assert.match(await readFile(real, 'utf8'), new RegExp(b64('a:b')));
});

test('credsStore and credHelpers through docker-credential-<name>', async (t) => {
  const dir = await tempDir(t, 'tsctl-cfg-');
  const { env, store } = await fakeHelper(t);
  await writeFile(join(dir, 'config.json'), JSON.stringify({ credsStore: 'test', credHelpers: { 'special.io': 'broken' }, auths: {} }));
  const o = { configDir: dir, env };
  assert.equal(await getCredentials(o, 'docker.io'), undefined);
  await storeCredentials(o, 'docker.io', { username: 'hub', password: 'pw' });
  await storeCredentials(o, 'tok.io', { identityToken: 'refresh' });
  const saved = JSON.parse(await readFile(store, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(saved[HUB_AUTH_KEY], { Username: 'hub', Secret: 'pw' });
  assert.deepEqual(saved['tok.io'], { Username: '<token>', Secret: 'refresh' });
  const cfg = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { auths: Record<string, unknown> };
  assert.deepEqual(cfg.auths, { [HUB_AUTH_KEY]: {}, 'tok.io': {} }, 'secrets stay out of config.json');
  assert.deepEqual(await getCredentials(o, 'registry-1.docker.io'), { username: 'hub', password: 'pw' });
  assert.deepEqual(await getCredentials(o, 'tok.io'), { identityToken: 'refresh' });
  await assert.rejects(getCredentials(o, 'special.io'), (e: unknown) => e instanceof InternalError && e.message === 'error getting credentials - err: exit status 3, out: `keychain locked`');
  assert.equal(await eraseCredentials(o, 'docker.io'), true);
  assert.equal(await getCredentials(o, 'docker.io'), undefined);
  const provider = credentialsProvider(o);
  assert.deepEqual(await provider('tok.io'), { identityToken: 'refresh' });
});

test('helper missing or hanging', async (t) => {
  const dir = await tempDir(t, 'tsctl-cfg-');
  const { env } = await fakeHelper(t);
  await writeFile(join(dir, 'config.json'), JSON.stringify({ credsStore: 'nope' }));
  await assert.rejects(getCredentials({ configDir: dir, env }, 'x.io'), {
    message: 'error getting credentials - err: exec: "docker-credential-nope": executable file not found in $PATH, out: ``',
  });
  await writeFile(join(dir, 'config.json'), JSON.stringify({ credsStore: 'slow' }));
  const started = Date.now();
  await assert.rejects(getCredentials({ configDir: dir, env, helperTimeoutMs: 300 }, 'x.io'), /timed out after 300ms/);
  assert.ok(Date.now() - started < 5000);
});
