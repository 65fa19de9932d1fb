import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHarness, tsctl, withNamespace } from '../../harness/env';
import { startTokenServer } from '../../harness/token-server';

test('login (--password-stdin) stores 0600 credentials that pull uses; logout removes them; bad password fails', async (t) => {
  const h = loadHarness();
  const ts = await startTokenServer({ upstream: h.registryHost, refreshToken: 'refresh-login' });
  t.after(() => ts.close());
  const dir = await mkdtemp(join(tmpdir(), 'tsctl-login-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const env = { DOCKER_CONFIG: dir };
  const ns = withNamespace(t, 'login');
  const ref = `${ts.host}/${h.images.busybox.slice(h.registryHost.length + 1)}`;

  const denied = await tsctl(['-n', ns, 'pull', ref], { env });
  assert.equal(denied.exitCode, 1);
  assert.equal(denied.stderr.split('\n').length, 2, denied.stderr);

  const bad = await tsctl(['login', '-u', 'testuser', '--password-stdin', ts.host], { env, input: 'wrong\n' });
  assert.equal(bad.exitCode, 1);
  assert.match(bad.stderr, /unauthorized: incorrect username or password\n$/);
  assert.equal(bad.stderr.split('\n').length, 2);

  const ok = await tsctl(['login', '-u', 'testuser', '--password-stdin', ts.host], { env, input: 'testpass\n' });
  assert.equal(ok.exitCode, 0, ok.stderr);
  assert.equal(ok.stdout, 'Login Succeeded\n');
  assert.doesNotMatch(ok.stdout + ok.stderr, /testpass/);
  const file = join(dir, 'config.json');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  const cfg = JSON.parse(await readFile(file, 'utf8')) as { auths: Record<string, { auth: string }> };
  assert.equal(Buffer.from(cfg.auths[ts.host]?.auth ?? '', 'base64').toString(), 'testuser:testpass');

  const pull = await tsctl(['-n', ns, 'pull', '-q', ref], { env });
  assert.equal(pull.exitCode, 0, pull.stderr);

  const out = await tsctl(['logout', ts.host], { env });
  assert.equal(out.stdout, `Removing login credentials for ${ts.host}\n`);
  const again = await tsctl(['logout', ts.host], { env });
  assert.equal(again.stdout, `Not logged in to ${ts.host}\n`);

  const warn = await tsctl(['login', '-u', 'testuser', '-p', 'testpass', ts.host], { env });
  assert.equal(warn.exitCode, 0, warn.stderr);
  assert.equal(warn.stderr, 'WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
});
