import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText, resolveSettings, normalizeAddress, configFilePath } from '../../../src/config/settings';
import { parseToml } from '../../../src/config/toml';
import { ConfigError } from '../../../src/errors/index';

test('defaults apply when nothing is set', () => {
  const s = resolveSettings({}, {}, {}, undefined);
  assert.equal(s.address, '/run/containerd/containerd.sock');
  assert.equal(s.namespace, 'default');
  assert.equal(s.snapshotter, 'overlayfs');
  assert.equal(s.dataRoot, '/var/lib/tsctl');
  assert.deepEqual(s.cniPath, ['/opt/cni/bin', '/usr/lib/cni', '/usr/libexec/cni']);
  assert.equal(s.cniNetconfPath, '/etc/cni/net.d');
  assert.equal(s.debug, false);
  assert.equal(s.buildkitHost, undefined);
});

test('precedence is flag > env > file > default', () => {
  const file = { namespace: 'from-file', address: '/file.sock', snapshotter: 'native', data_root: '/file-root' };
  const env = { CONTAINERD_NAMESPACE: 'from-env', CONTAINERD_ADDRESS: 'unix:///env.sock' };
  const s = resolveSettings({ namespace: 'from-flag' }, env, file, '/etc/tsctl/tsctl.toml');
  assert.equal(s.namespace, 'from-flag');
  assert.equal(s.address, '/env.sock');
  assert.equal(s.snapshotter, 'native');
  assert.equal(s.dataRoot, '/file-root');
  assert.equal(s.configFile, '/etc/tsctl/tsctl.toml');
});

test('environment variables of nerdctl are honoured', () => {
  const s = resolveSettings({}, {
    CONTAINERD_SNAPSHOTTER: 'native', CNI_PATH: '/a:/b', NETCONFPATH: '/n', BUILDKIT_HOST: 'unix:///bk.sock',
  }, {}, undefined);
  assert.equal(s.snapshotter, 'native');
  assert.deepEqual(s.cniPath, ['/a', '/b']);
  assert.equal(s.cniNetconfPath, '/n');
  assert.equal(s.buildkitHost, 'unix:///bk.sock');
});

test('an empty environment variable counts as unset', () => {
  assert.equal(resolveSettings({}, { CONTAINERD_NAMESPACE: '' }, { namespace: 'f' }, undefined).namespace, 'f');
});

test('TOML config files are parsed and validated', async () => {
  const v = await parseConfigText(
    '# tsctl\naddress = "unix:///x.sock" # trailing\nnamespace = \'k8s\'\ndebug = true\ninsecure_registry = ["a:5000", "b"]\n',
    '/etc/tsctl/tsctl.toml',
  );
  assert.deepEqual(v, { address: 'unix:///x.sock', namespace: 'k8s', debug: true, insecure_registry: ['a:5000', 'b'] });
  const s = resolveSettings({}, {}, v, 'f');
  assert.equal(s.address, '/x.sock');
  assert.deepEqual(s.insecureRegistries, ['a:5000', 'b']);
  assert.equal(s.debug, true);
});

test('insecure_registry = true means every registry (nerdctl compatibility)', async () => {
  const v = await parseConfigText('insecure_registry = true', 'c.toml');
  assert.deepEqual(resolveSettings({}, {}, v, 'c.toml').insecureRegistries, ['*']);
});

test('YAML config files are accepted', async () => {
  const v = await parseConfigText('namespace: y\ndata_root: /d\n', '/etc/tsctl/tsctl.yaml');
  assert.deepEqual(v, { namespace: 'y', data_root: '/d' });
});

test('unknown keys and wrong types are clear errors', async () => {
  await assert.rejects(parseConfigText('adress = "x"', 'c.toml'), (e: unknown) => e instanceof ConfigError && /unknown key "adress"/.test(e.message));
  await assert.rejects(parseConfigText('debug = "yes"', 'c.toml'), /"debug" must be a boolean/);
  await assert.rejects(parseConfigText('[section]\n', 'c.toml'), /tables are not supported/);
  await assert.rejects(parseConfigText('a b', 'c.toml'), /c.toml:1: expected "key = value"/);
});

test('TOML strings handle escapes and # inside quotes', () => {
  assert.deepEqual(parseToml('a = "x#y\\n\\u0041"\nb = 12\nc = []'), { a: 'x#y\nA', b: 12, c: [] });
  assert.throws(() => parseToml('a = "open'), /unterminated string/);
  assert.throws(() => parseToml('a = 1\na = 2'), /duplicate key/);
});

test('addresses accept unix:// and refuse other schemes', () => {
  assert.equal(normalizeAddress('unix:///run/c.sock'), '/run/c.sock');
  assert.equal(normalizeAddress('/run/c.sock'), '/run/c.sock');
  assert.throws(() => normalizeAddress('tcp://1.2.3.4:1'), /only unix sockets/);
});

test('TSCTL_CONFIG chooses the config file', () => {
  assert.deepEqual(configFilePath({}), { path: '/etc/tsctl/tsctl.toml', explicit: false });
  assert.deepEqual(configFilePath({ TSCTL_CONFIG: '/x.yaml' }), { path: '/x.yaml', explicit: true });
});
