import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostDirNames, isInsecureHost, isLocalhost, resolveEndpoints } from '../../../src/registry/hosts';
import { parseHostsToml } from '../../../src/registry/hosts-toml';
import { ConfigError } from '../../../src/errors/index';

async function certsDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tsctl-hosts-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('TOML reader: tables, quoted keys, strings, bools, arrays, comments', () => {
  const doc = parseHostsToml(
    [
      'server = "https://registry-1.docker.io"   # upstream',
      "name = 'lit\\eral'",
      'esc = "a\\"b\\\\c\\u00e9"',
      '[host."https://mirror.example.com"]',
      '  capabilities = ["pull",',
      '    "resolve", # trailing comment',
      '  ]',
      '  skip_verify = true',
      '  client = [["/c.cert", "/c.key"], ["/c.pem", ""]]',
      '  [host."https://mirror.example.com".header]',
      '    x-custom = ["a", "b"]',
      '[host."http://second:5000"]',
      '  override_path = false',
      '  n = 1_000',
      '  inline = { a = 1, b.c = "x" }',
    ].join('\n'),
  );
  assert.equal(doc.server, 'https://registry-1.docker.io');
  assert.equal(doc.name, 'lit\\eral');
  assert.equal(doc.esc, 'a"b\\cé');
  const host = doc.host as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(host), ['https://mirror.example.com', 'http://second:5000']);
  assert.deepEqual(host['https://mirror.example.com']?.capabilities, ['pull', 'resolve']);
  assert.equal(host['https://mirror.example.com']?.skip_verify, true);
  assert.deepEqual(host['https://mirror.example.com']?.header, { 'x-custom': ['a', 'b'] });
  assert.deepEqual(host['http://second:5000']?.inline, { a: 1, b: { c: 'x' } });
  assert.equal(host['http://second:5000']?.n, 1000);
});

test('TOML reader errors carry file and line', () => {
  assert.throws(() => parseHostsToml('a = 1\nb = [1,\n', 'f.toml'), (e: unknown) => e instanceof ConfigError && /^f\.toml:\d+:/.test(e.message));
  assert.throws(() => parseHostsToml('a = "x\nb = 1', 'f.toml'), /f\.toml:1: unterminated string/);
  assert.throws(() => parseHostsToml('a = 1\na = 2', 'f.toml'), /f\.toml:2: duplicate key "a"/);
  assert.throws(() => parseHostsToml('[[x]]', 'f.toml'), /arrays of tables/);
  assert.throws(() => parseHostsToml('a = 1 b', 'f.toml'), /unexpected/);
});

test('localhost, insecure hosts, host dir names', () => {
  for (const h of ['localhost', 'localhost:5000', '127.0.0.1:5000', '127.1.2.3', '[::1]:5000']) assert.ok(isLocalhost(h), h);
  for (const h of ['example.com', '10.0.0.1:5000', 'localhost.example.com']) assert.ok(!isLocalhost(h), h);
  assert.ok(isInsecureHost('reg:5000', ['reg:5000']));
  assert.ok(isInsecureHost('reg:5000', ['reg']));
  assert.ok(!isInsecureHost('reg:5000', ['reg:5001']));
  assert.ok(isInsecureHost('anything', ['*']));
  assert.ok(isInsecureHost('10.1.2.3:5000', ['10.0.0.0/8']));
  assert.ok(!isInsecureHost('11.1.2.3:5000', ['10.0.0.0/8']));
  assert.deepEqual(hostDirNames('myregistry.io:5000'), ['myregistry.io_5000_', 'myregistry.io:5000', '_default']);
  assert.deepEqual(hostDirNames('docker.io'), ['docker.io', '_default']);
});

test('defaults without a hosts directory', async () => {
  const [hub] = await resolveEndpoints('docker.io');
  assert.equal(hub?.url, 'https://registry-1.docker.io/v2');
  assert.equal(hub?.host, 'registry-1.docker.io');
  assert.equal(hub?.mirror, false);
  assert.deepEqual(hub?.capabilities, ['pull', 'resolve', 'push']);
  assert.equal(hub?.tls.insecureSkipVerify, false);
  const [local] = await resolveEndpoints('127.0.0.1:5000');
  assert.equal(local?.url, 'http://127.0.0.1:5000/v2');
  assert.equal(local?.httpFallback, false);
  const [local443] = await resolveEndpoints('localhost:443');
  assert.equal(local443?.url, 'https://localhost/v2'); // URL drops the default port
  const [secure] = await resolveEndpoints('reg.example.com:5000');
  assert.equal(secure?.url, 'https://reg.example.com:5000/v2');
  assert.equal(secure?.httpFallback, false);
  const [insecure] = await resolveEndpoints('reg.example.com:5000', { insecureHosts: ['reg.example.com:5000'] });
  assert.equal(insecure?.url, 'https://reg.example.com:5000/v2');
  assert.equal(insecure?.httpFallback, true);
  assert.equal(insecure?.tls.insecureSkipVerify, true);
});

test('hosts.toml: mirrors in order, then server; paths, capabilities, TLS files', async (t) => {
  const root = await certsDir(t);
  const dir = join(root, 'docker.io');
  await mkdir(dir);
  await writeFile(join(dir, 'mirror.crt'), 'MIRROR-CA');
  await writeFile(join(root, 'abs-ca.pem'), 'ABS-CA');
  await writeFile(join(dir, 'client.cert'), 'CERT');
  await writeFile(join(dir, 'client.key'), 'KEY');
  await writeFile(
    join(dir, 'hosts.toml'),
    [
      'server = "https://registry-1.docker.io"',
      '[host."https://public-mirror.example.com"]',
      '  capabilities = ["pull"]',
      '[host."https://docker-mirror.internal/prefix"]',
      '  capabilities = ["pull", "resolve"]',
      `  ca = ["mirror.crt", "${join(root, 'abs-ca.pem')}"]`,
      '  client = [["client.cert", "client.key"]]',
      '  [host."https://docker-mirror.internal/prefix".header]',
      '    x-token = "abc"',
      '[host."https://non-compliant.example.com/v2/upstream"]',
      '  override_path = true',
      '  skip_verify = true',
    ].join('\n'),
  );
  const eps = await resolveEndpoints('docker.io', { certsDir: root });
  assert.deepEqual(
    eps.map((e) => [e.url, e.capabilities.join(','), e.mirror]),
    [
      ['https://public-mirror.example.com/v2', 'pull', true],
      ['https://docker-mirror.internal/prefix/v2', 'pull,resolve', true],
      ['https://non-compliant.example.com/v2/upstream', 'pull,resolve,push', true],
      ['https://registry-1.docker.io/v2', 'pull,resolve,push', false],
    ],
  );
  const m = eps[1];
  assert.deepEqual(m?.tls.ca?.map((b) => b.toString()), ['MIRROR-CA', 'ABS-CA']);
  assert.equal(m?.tls.cert?.toString(), 'CERT');
  assert.equal(m?.tls.key?.toString(), 'KEY');
  assert.deepEqual(m?.headers, { 'x-token': ['abc'] });
  assert.equal(eps[2]?.overridePath, true);
  assert.equal(eps[2]?.tls.insecureSkipVerify, true);
});

test('hosts.toml with port directory, _default, http hosts with TLS try https first', async (t) => {
  const root = await certsDir(t);
  await mkdir(join(root, 'reg.example.com_5000_'));
  await writeFile(join(root, 'reg.example.com_5000_', 'hosts.toml'), '[host."http://10.0.0.5:5000"]\n  skip_verify = true\n[host."http://plain:8080"]\n');
  const eps = await resolveEndpoints('reg.example.com:5000', { certsDir: root });
  assert.deepEqual(eps.map((e) => [e.url, e.httpFallback]), [
    ['https://10.0.0.5:5000/v2', true],
    ['http://plain:8080/v2', false],
    ['https://reg.example.com:5000/v2', false],
  ]);
  await mkdir(join(root, '_default'));
  await writeFile(join(root, '_default', 'hosts.toml'), 'server = "https://registry.example.com"\n');
  const def = await resolveEndpoints('quay.io', { certsDir: root });
  assert.deepEqual(def.map((e) => [e.url, e.mirror]), [['https://registry.example.com/v2', true]]);
});

test('legacy certs.d layout: *.crt CAs and *.cert/*.key pairs', async (t) => {
  const root = await certsDir(t);
  const dir = join(root, 'reg.example.com');
  await mkdir(dir);
  await writeFile(join(dir, 'ca.crt'), 'CA1');
  await writeFile(join(dir, 'client.cert'), 'C');
  await writeFile(join(dir, 'client.key'), 'K');
  const [ep] = await resolveEndpoints('reg.example.com', { certsDir: [join(root, 'missing'), root] });
  assert.equal(ep?.url, 'https://reg.example.com/v2');
  assert.deepEqual(ep?.tls.ca?.map(String), ['CA1']);
  assert.equal(ep?.tls.cert?.toString(), 'C');
  assert.equal(ep?.tls.key?.toString(), 'K');
});

test('bad hosts.toml values are configuration errors', async (t) => {
  const root = await certsDir(t);
  await mkdir(join(root, 'x.io'));
  await writeFile(join(root, 'x.io', 'hosts.toml'), '[host."https://m"]\n  capabilities = ["pull", "fly"]\n');
  await assert.rejects(resolveEndpoints('x.io', { certsDir: root }), { message: /unknown capability fly/ });
  await writeFile(join(root, 'x.io', 'hosts.toml'), 'ca = "missing.pem"\n');
  await assert.rejects(resolveEndpoints('x.io', { certsDir: root }), (e: unknown) => e instanceof ConfigError && /unable to read CA cert/.test(e.message));
});
