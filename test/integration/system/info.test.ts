import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { harnessCtr, loadHarness, tsctl, uniqueName } from '../../harness/env';

interface Info {
  ServerVersion: string;
  Namespace: string;
  Address: string;
  Driver: string;
  Snapshotters: string[];
  CgroupVersion: string;
  DockerRootDir: string;
  CNI: { PluginDir: string; Plugins: string[] };
  BuildKit: { Host: string; Available: boolean };
  Runtimes: Record<string, { path: string }>;
}

async function info(args: string[] = [], env?: Record<string, string>): Promise<Info> {
  const r = await tsctl([...args, 'info', '--format', '{{json .}}'], env ? { env } : {});
  assert.equal(r.exitCode, 0, r.stderr);
  return JSON.parse(r.stdout) as Info;
}

test('info reports the real server, snapshotters, CNI and BuildKit', async () => {
  const h = loadHarness();
  const i = await info();
  const v = await harnessCtr(['version']);
  assert.ok(v.stdout.includes(i.ServerVersion), `${i.ServerVersion} not in ${v.stdout}`);
  assert.equal(i.Address, `unix://${h.containerdAddress}`);
  assert.equal(i.Namespace, 'default');
  assert.equal(i.Driver, 'overlayfs');
  assert.ok(i.Snapshotters.includes('overlayfs'));
  assert.ok(['1', '2'].includes(i.CgroupVersion));
  assert.ok(i.CNI.Plugins.includes('bridge'), `CNI plugins: ${i.CNI.Plugins.join(',')}`);
  assert.equal(i.BuildKit.Available, true);
  assert.equal(i.BuildKit.Host, h.buildkitHost);
  assert.ok(i.Runtimes['io.containerd.runc.v2']);
});

test('info in the default layout', async () => {
  const r = await tsctl(['info']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^Client:\n Version:\s+0\.1\.0\n/);
  assert.match(r.stdout, /\nServer:\n Server Version:\s+\S+\n Namespace:\s+default\n/);
  assert.match(r.stdout, / Storage Driver:\s+overlayfs\n/);
  assert.match(r.stdout, / Cgroup Version:\s+[12]\n/);
});

test('settings precedence: flag > env > config file > default', async () => {
  const h = loadHarness();
  const cfg = join(h.dir, `${uniqueName('cfg')}.toml`);
  await writeFile(cfg, `namespace = "from-file"\ndata_root = "/tmp/tsctl-file-root"\nsnapshotter = "native"\n`);
  const fromFile = await info([], { TSCTL_CONFIG: cfg });
  assert.equal(fromFile.Namespace, 'from-file');
  assert.equal(fromFile.DockerRootDir, '/tmp/tsctl-file-root');
  assert.equal(fromFile.Driver, 'native');
  const fromEnv = await info([], { TSCTL_CONFIG: cfg, CONTAINERD_NAMESPACE: 'from-env' });
  assert.equal(fromEnv.Namespace, 'from-env');
  const fromFlag = await info(['--namespace', 'from-flag', '--data-root', '/tmp/flag-root'], { TSCTL_CONFIG: cfg, CONTAINERD_NAMESPACE: 'from-env' });
  assert.equal(fromFlag.Namespace, 'from-flag');
  assert.equal(fromFlag.DockerRootDir, '/tmp/flag-root');
  const yaml = join(h.dir, `${uniqueName('cfg')}.yaml`);
  await writeFile(yaml, 'namespace: from-yaml\n');
  assert.equal((await info([], { TSCTL_CONFIG: yaml })).Namespace, 'from-yaml');
});

test('a bad config file is one clear error', async () => {
  const h = loadHarness();
  const cfg = join(h.dir, `${uniqueName('bad')}.toml`);
  await writeFile(cfg, 'namespce = "x"\n');
  const r = await tsctl(['info'], { env: { TSCTL_CONFIG: cfg } });
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, `${cfg}: unknown key "namespce" (known: address, namespace, snapshotter, data_root, cni_path, cni_netconfpath, insecure_registry, buildkit_host, debug)\n`);
});
