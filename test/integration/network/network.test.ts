/**
 * `network create/ls/inspect/rm/prune` against the harness: Docker's output and error messages (compared with
 * dockerd 20.10), networks per containerd namespace, the built-ins, and containers attached by NETWORKS_LABEL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { harnessCtr, loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';
import { statePaths } from '../../../src/state/paths';
import { writeNetState } from '../../../src/state/container-net';

async function ok(args: string[]): Promise<string> {
  const r = await tsctl(args);
  assert.equal(r.exitCode, 0, `tsctl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('create prints the ID; ls lists it with the built-ins sorted by name; inspect shows Docker\'s shape', async (t) => {
  const ns = withNamespace(t, 'netc');
  const name = uniqueName('front');
  const id = (await ok(['-n', ns, 'network', 'create', '--label', 'tier=web', '-o', 'foo=bar', '--subnet', '10.231.7.0/24', '--gateway', '10.231.7.9', '--ip-range', '10.231.7.128/25', '--internal', '--attachable', name])).trim();
  t.after(() => tsctl(['-n', ns, 'network', 'rm', name]));
  assert.match(id, /^[0-9a-f]{64}$/);

  const ls = await ok(['-n', ns, 'network', 'ls']);
  const lines = ls.trimEnd().split('\n');
  assert.match(lines[0]!, /^NETWORK ID {5}NAME {2,}DRIVER {4}SCOPE$/);
  assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/).slice(1)), [['bridge', 'bridge', 'local'], [name, 'bridge', 'local'], ['host', 'host', 'local'], ['none', 'null', 'local']].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
  assert.ok(lines.some((l) => l.startsWith(`${id.slice(0, 12)}   ${name} `)));

  const [obj] = JSON.parse(await ok(['-n', ns, 'network', 'inspect', name])) as Record<string, unknown>[];
  assert.deepEqual(Object.keys(obj!), ['Name', 'Id', 'Created', 'Scope', 'Driver', 'EnableIPv6', 'IPAM', 'Internal', 'Attachable', 'Ingress', 'ConfigFrom', 'ConfigOnly', 'Containers', 'Options', 'Labels']);
  assert.equal(obj!.Id, id);
  assert.deepEqual(obj!.IPAM, { Driver: 'default', Options: {}, Config: [{ Subnet: '10.231.7.0/24', IPRange: '10.231.7.128/25', Gateway: '10.231.7.9' }] });
  assert.equal(obj!.Internal, true);
  assert.equal(obj!.Attachable, true);
  assert.deepEqual(obj!.Options, { foo: 'bar' });
  assert.deepEqual(obj!.Labels, { tier: 'web' });
  assert.deepEqual(obj!.Containers, {});
  assert.equal(await ok(['-n', ns, 'network', 'inspect', '-f', '{{.Name}} {{.Driver}} {{.Internal}}', name, 'host', 'none']), `${name} bridge true\nhost host false\nnone null false\n`);
  // Untyped and typed top-level inspect find networks too.
  assert.equal(await ok(['-n', ns, 'inspect', '-f', '{{.Id}}', name]), `${id}\n`);
  assert.equal(await ok(['-n', ns, 'inspect', '--type', 'network', '-f', '{{.Name}}', id.slice(0, 10)]), `${name}\n`);

  // The conflist is the record: tsctl's keys plus a chain the plugins accept.
  const file = join(loadHarness().cniConfDir, 'tsctl', ns, `tsctl-${name}.conflist`);
  const conf = JSON.parse(await readFile(file, 'utf8')) as { cniVersion: string; tsctlID: string; plugins: { type: string }[] };
  assert.equal(conf.cniVersion, '1.0.0');
  assert.equal(conf.tsctlID, id);
  assert.deepEqual(conf.plugins.map((p) => p.type), ['bridge', 'firewall', 'tuning']);

  // Networks are per namespace: another namespace does not see it (and may reuse the name).
  const other = withNamespace(t, 'neto');
  assert.doesNotMatch(await ok(['-n', other, 'network', 'ls']), new RegExp(name));
  const r = await tsctl(['-n', other, 'network', 'inspect', name]);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, `Error response from daemon: network ${name} not found\n`);
});

test('create errors are Docker\'s', async (t) => {
  const ns = withNamespace(t, 'nete');
  const name = uniqueName('dup');
  await ok(['-n', ns, 'network', 'create', '--subnet', '10.232.0.0/24', name]);
  t.after(() => tsctl(['-n', ns, 'network', 'rm', name]));
  const cases: [string[], string][] = [
    [[name], `Error response from daemon: network with name ${name} already exists`],
    [['bridge'], 'Error response from daemon: network with name bridge already exists'],
    [['-d', 'foo', 'x1'], 'Error response from daemon: plugin "foo" not found'],
    [['-d', 'host', 'x1'], 'Error response from daemon: only one instance of "host" network is allowed'],
    [['--subnet', 'foo', 'x1'], 'Error response from daemon: Invalid subnet foo : invalid CIDR address: foo'],
    [['--subnet', '10.232.0.0/16', 'x1'], 'Error response from daemon: Pool overlaps with other one on this address space'],
    [['--subnet', '10.233.0.0/24', '--gateway', '10.8.0.1', 'x1'], 'no matching subnet for gateway 10.8.0.1'],
    [['--subnet', '10.233.0.0/24', '--ip-range', '10.234.0.0/25', 'x1'], 'no matching subnet for range 10.234.0.0/25'],
    [['--gateway', '10.233.0.1', 'x1'], 'every ip-range or gateway must have a corresponding subnet'],
  ];
  for (const [args, msg] of cases) {
    const r = await tsctl(['-n', ns, 'network', 'create', ...args]);
    assert.equal(r.exitCode, 1, args.join(' '));
    assert.equal(r.stderr, `${msg}\n`, args.join(' '));
    assert.equal(r.stdout, '');
  }
  const none = await tsctl(['-n', ns, 'network', 'create']);
  assert.equal(none.exitCode, 1);
  assert.match(none.stderr, /requires exactly 1 argument/);
});

test('macvlan and ipvlan networks: parent defaults to the default-route interface, -o mode', async (t) => {
  const ns = withNamespace(t, 'netm');
  const mv = uniqueName('mv');
  const iv = uniqueName('iv');
  await ok(['-n', ns, 'network', 'create', '-d', 'macvlan', mv]);
  await ok(['-n', ns, 'network', 'create', '-d', 'ipvlan', '-o', 'parent=lo', '-o', 'mode=l3', iv]);
  t.after(() => tsctl(['-n', ns, 'network', 'rm', mv, iv]));
  assert.equal(await ok(['-n', ns, 'network', 'ls', '-f', 'driver=macvlan', '--format', '{{.Name}} {{.Driver}}']), `${mv} macvlan\n`);
  const dir = join(loadHarness().cniConfDir, 'tsctl', ns);
  const mvConf = JSON.parse(await readFile(join(dir, `tsctl-${mv}.conflist`), 'utf8')) as { plugins: Record<string, unknown>[] };
  const route = (await readFile('/proc/net/route', 'utf8')).split('\n').find((l) => l.split(/\s+/)[1] === '00000000')?.split(/\s+/)[0];
  assert.equal(mvConf.plugins[0]!.master, route);
  assert.equal(mvConf.plugins[0]!.mode, 'bridge');
  const ivConf = JSON.parse(await readFile(join(dir, `tsctl-${iv}.conflist`), 'utf8')) as { plugins: Record<string, unknown>[] };
  assert.deepEqual([ivConf.plugins[0]!.type, ivConf.plugins[0]!.master, ivConf.plugins[0]!.mode], ['ipvlan', 'lo', 'l3']);
  assert.equal(JSON.parse(await ok(['-n', ns, 'network', 'inspect', '-f', '{{json .Options}}', iv])).mode, 'l3');
});

test('ls filters, -q, --no-trunc, --format', async (t) => {
  const ns = withNamespace(t, 'netf');
  const a = uniqueName('alpha');
  const b = uniqueName('beta');
  const ida = (await ok(['-n', ns, 'network', 'create', '--label', 'x=1', a])).trim();
  const idb = (await ok(['-n', ns, 'network', 'create', '--label', 'x=2', b])).trim();
  t.after(() => tsctl(['-n', ns, 'network', 'rm', a, b]));
  const names = async (...f: string[]) => (await ok(['-n', ns, 'network', 'ls', ...f.flatMap((x) => ['-f', x]), '--format', '{{.Name}}'])).trim().split('\n').filter(Boolean);
  assert.deepEqual(await names('type=custom'), [a, b].sort());
  assert.deepEqual(await names('type=builtin'), ['bridge', 'host', 'none']);
  assert.deepEqual(await names('label=x=2'), [b]);
  assert.deepEqual(await names('label=x'), [a, b].sort());
  assert.deepEqual(await names(`name=${a.slice(0, 12)}`), [a]);
  assert.deepEqual(await names(`id=${idb.slice(0, 8)}`), [b]);
  assert.deepEqual(await names('driver=null'), ['none']);
  assert.deepEqual(await names('dangling=true'), [a, b].sort());
  assert.equal(await ok(['-n', ns, 'network', 'ls', '-q', '-f', `name=${a}`]), `${ida.slice(0, 12)}\n`);
  assert.equal(await ok(['-n', ns, 'network', 'ls', '-q', '--no-trunc', '-f', `name=${a}`]), `${ida}\n`);
  const json = JSON.parse(await ok(['-n', ns, 'network', 'ls', '-f', `name=${a}`, '--format', 'json'])) as Record<string, string>;
  assert.deepEqual(Object.keys(json).sort(), ['CreatedAt', 'Driver', 'ID', 'IPv6', 'Internal', 'Labels', 'Name', 'Scope']);
  assert.equal(json.Labels, 'x=1');
  assert.match(json.CreatedAt!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC$/);
  const bad = await tsctl(['-n', ns, 'network', 'ls', '-f', 'foo=bar']);
  assert.equal(bad.exitCode, 1);
  assert.equal(bad.stderr, "Error response from daemon: invalid filter 'foo'\n");
  const badType = await tsctl(['-n', ns, 'network', 'ls', '-f', 'type=x']);
  assert.equal(badType.stderr, "Error response from daemon: invalid filter 'type=x'\n");
});

test('rm: built-ins refused, unknown reported, attached refused; inspect shows attached containers; prune keeps used ones', async (t) => {
  const h = loadHarness();
  const ns = withNamespace(t, 'netr');
  const used = uniqueName('used');
  const idle = uniqueName('idle');
  const labelled = uniqueName('lab');
  const usedId = (await ok(['-n', ns, 'network', 'create', used])).trim();
  await ok(['-n', ns, 'network', 'create', idle]);
  await ok(['-n', ns, 'network', 'create', '--label', 'keep=yes', labelled]);
  t.after(() => tsctl(['-n', ns, 'network', 'rm', used, idle, labelled]));

  // A container attached to `used` (the label create/connect maintain) with the state its hook writes.
  await ok(['-n', ns, 'pull', '-q', h.images.busybox]);
  const cid = 'c'.repeat(64);
  const c = await harnessCtr(['containers', 'create', '--label', `tsctl/networks=["${used}"]`, '--label', 'tsctl/name=web', h.images.busybox, cid], ns);
  assert.equal(c.exitCode, 0, c.stderr);
  await writeNetState(statePaths(h.dataRoot, h.containerdAddress).container(ns, cid), {
    sandboxKey: '/proc/1/ns/net',
    pid: 1,
    endpoints: [{ network: used, networkId: usedId, ifName: 'eth0', ipv4: '10.47.9.2', prefixLen: 24, gateway: '10.47.9.1', mac: '02:42:0a:2f:09:02', aliases: [] }],
    ports: [],
  });
  const containers = JSON.parse(await ok(['-n', ns, 'network', 'inspect', '-f', '{{json .Containers}}', used])) as Record<string, Record<string, string>>;
  assert.deepEqual(Object.keys(containers), [cid]);
  assert.equal(containers[cid]!.Name, 'web');
  assert.equal(containers[cid]!.IPv4Address, '10.47.9.2/24');
  assert.equal(containers[cid]!.MacAddress, '02:42:0a:2f:09:02');
  assert.match(containers[cid]!.EndpointID!, /^[0-9a-f]{64}$/);
  assert.equal(await ok(['-n', ns, 'network', 'ls', '-f', 'dangling=false', '-f', 'type=custom', '--format', '{{.Name}}']), `${used}\n`);

  const rm = await tsctl(['-n', ns, 'network', 'rm', 'bridge', 'host', 'ghost', used]);
  assert.equal(rm.exitCode, 1);
  assert.equal(rm.stdout, '');
  assert.equal(
    rm.stderr,
    'Error response from daemon: bridge is a pre-defined network and cannot be removed\n' +
      'Error response from daemon: host is a pre-defined network and cannot be removed\n' +
      'Error response from daemon: network ghost not found\n' +
      `Error response from daemon: error while removing network: network ${used} id ${usedId} has active endpoints\n`,
  );

  const pruneLabel = await ok(['-n', ns, 'network', 'prune', '-f', '--filter', 'label!=keep']);
  assert.equal(pruneLabel, `Deleted Networks:\n${idle}\n\n`);
  assert.equal(await ok(['-n', ns, 'network', 'prune', '-f', '--filter', 'until=1h']), '');
  assert.equal(await ok(['-n', ns, 'network', 'prune', '-f']), `Deleted Networks:\n${labelled}\n\n`);
  assert.equal(await ok(['-n', ns, 'network', 'ls', '--format', '{{.Name}}', '-f', 'type=custom']), `${used}\n`);

  // Detached: rm works and echoes the reference.
  assert.equal((await harnessCtr(['containers', 'rm', cid], ns)).exitCode, 0);
  assert.equal(await ok(['-n', ns, 'network', 'rm', usedId.slice(0, 12)]), `${usedId.slice(0, 12)}\n`);
  assert.equal(await ok(['-n', ns, 'network', 'ls', '-q', '-f', 'type=custom']), '');
});

test('the default bridge network: shared by namespaces, its own interface name and subnet', async (t) => {
  const ns1 = withNamespace(t, 'netd');
  const ns2 = withNamespace(t, 'netd');
  const a = JSON.parse(await ok(['-n', ns1, 'network', 'inspect', 'bridge'])) as Record<string, unknown>[];
  const b = JSON.parse(await ok(['-n', ns2, 'network', 'inspect', 'bridge'])) as Record<string, unknown>[];
  assert.equal(a[0]!.Id, b[0]!.Id);
  const opts = a[0]!.Options as Record<string, string>;
  // The harness's data root is not the default: the bridge name derives from it (never tsctl0/nerdctl0/docker0).
  assert.match(opts['com.docker.network.bridge.name']!, /^tsctl[0-9a-f]{8}$/);
  const cfg = (a[0]!.IPAM as { Config: { Subnet: string }[] }).Config[0]!;
  assert.match(cfg.Subnet, /^10\.47\.\d+\.0\/24$/);
});
