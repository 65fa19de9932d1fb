/**
 * `port`, ps PORTS / network-publish-expose filters and inspect NetworkSettings. The fixture-based tests write
 * net.json / net-state.json (src/net/types.ts) into a running container's state dir by hand, so they test the
 * reading side whether or not networking is set up; the last test is the real thing (`run -p`, the OCI hook).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';
import { pollUntil } from '../../harness/wait';
import { statePaths } from '../../../src/state/paths';
import type { ContainerNetSpec, ContainerNetState } from '../../../src/net/types';

const img = () => loadHarness().images.busybox;
const BRIDGE_ID = 'f'.repeat(64);
const USER_NET_ID = 'e0'.repeat(32);

function containerDir(ns: string, id: string): string {
  const h = loadHarness();
  return statePaths(h.dataRoot, h.containerdAddress).container(ns, id);
}

async function writeNetFiles(ns: string, id: string, spec: ContainerNetSpec, state?: ContainerNetState): Promise<void> {
  const dir = containerDir(ns, id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'net.json'), JSON.stringify(spec));
  if (state) await writeFile(join(dir, 'net-state.json'), JSON.stringify(state));
}

function spec(over: Partial<ContainerNetSpec>): ContainerNetSpec {
  return {
    mode: 'bridge', networks: [{ network: 'bridge', networkId: BRIDGE_ID, aliases: [] }], ports: [], exposed: [], publishAll: false,
    hostname: '', domainname: '', dns: [], dnsSearch: [], dnsOptions: [], extraHosts: [], ...over,
  };
}

async function runDetached(ns: string, name: string, extra: string[] = []): Promise<{ id: string; pid: number }> {
  const r = await tsctl(['-n', ns, 'run', '-d', '--name', name, ...extra, img(), 'sleep', '300']);
  assert.equal(r.exitCode, 0, r.stderr);
  const id = r.stdout.trim();
  const pid = Number((await tsctl(['-n', ns, 'inspect', '-f', '{{.State.Pid}}', name])).stdout.trim());
  assert.ok(pid > 0);
  return { id, pid };
}

async function inspectJson(ns: string, name: string): Promise<{ NetworkSettings: Record<string, unknown>; HostConfig: Record<string, unknown>; Config: Record<string, unknown> }> {
  const r = await tsctl(['-n', ns, 'container', 'inspect', name]);
  assert.equal(r.exitCode, 0, r.stderr);
  return (JSON.parse(r.stdout) as [{ NetworkSettings: Record<string, unknown>; HostConfig: Record<string, unknown>; Config: Record<string, unknown> }])[0];
}

test('fixture-based (net.json/net-state.json written by hand): port, ps PORTS and filters, inspect while running and stopped', async (t) => {
  const ns = withNamespace(t, 'port');
  const web = uniqueName('web');
  const other = uniqueName('other');
  const { id, pid } = await runDetached(ns, web);
  // `other` has no CNI network (real files from run; `web`'s are replaced by the fixtures below).
  await runDetached(ns, other, ['--network', 'none']);
  const m = (hostIP: string, hostPort: number, containerPort: number, protocol: 'tcp' | 'udp' = 'tcp') => ({ hostIP, hostPort, hostPortEnd: hostPort, containerPort, protocol });
  await writeNetFiles(ns, id, spec({
    ports: [m('127.0.0.1', 0, 80), m('', 8090, 90), m('', 8000, 8000), m('', 8001, 8001), m('', 9999, 53, 'udp')],
    exposed: ['80/tcp', '90/tcp', '8000/tcp', '8001/tcp', '53/udp', '7000/tcp'],
    hostname: 'webhost', dns: ['1.1.1.1'], extraHosts: ['foo:1.2.3.4'],
  }), {
    sandboxKey: `/proc/${pid}/ns/net`, pid,
    endpoints: [{ network: 'bridge', networkId: BRIDGE_ID, ifName: 'eth0', ipv4: '10.4.0.2', prefixLen: 24, gateway: '10.4.0.1', mac: '02:42:0a:04:00:02', aliases: [] }],
    ports: [
      { hostIP: '127.0.0.1', hostPort: 32768, containerPort: 80, protocol: 'tcp' }, { hostIP: '', hostPort: 8090, containerPort: 90, protocol: 'tcp' },
      { hostIP: '', hostPort: 8000, containerPort: 8000, protocol: 'tcp' }, { hostIP: '', hostPort: 8001, containerPort: 8001, protocol: 'tcp' },
      { hostIP: '', hostPort: 9999, containerPort: 53, protocol: 'udp' },
    ],
  });

  const all = await tsctl(['-n', ns, 'port', web]);
  assert.equal(all.exitCode, 0, all.stderr);
  assert.equal(all.stdout, '53/udp -> 0.0.0.0:9999\n80/tcp -> 127.0.0.1:32768\n90/tcp -> 0.0.0.0:8090\n8000/tcp -> 0.0.0.0:8000\n8001/tcp -> 0.0.0.0:8001\n');
  const one = await tsctl(['-n', ns, 'container', 'port', web, '80']);
  assert.equal(one.stdout, '127.0.0.1:32768\n');
  assert.equal((await tsctl(['-n', ns, 'port', web, '53/udp'])).stdout, '0.0.0.0:9999\n');
  const none = await tsctl(['-n', ns, 'port', web, '7000/tcp']);
  assert.equal(none.exitCode, 1);
  assert.equal(none.stderr, `Error: No public port '7000/tcp' published for ${web}\n`);
  const bad = await tsctl(['-n', ns, 'port', web, 'abc']);
  assert.equal(bad.exitCode, 1);
  assert.equal(bad.stderr, 'Error: invalid port (abc): strconv.ParseUint: parsing "abc": invalid syntax\n');
  const noArgs = await tsctl(['-n', ns, 'port']);
  assert.equal(noArgs.exitCode, 1);
  assert.equal((await tsctl(['-n', ns, 'port', other])).stdout, '', 'no net-state.json: nothing published');

  const ps = await tsctl(['-n', ns, 'ps', '--format', '{{.Names}}|{{.Ports}}', '--filter', `name=${web}`]);
  assert.equal(ps.stdout, `${web}|7000/tcp, 0.0.0.0:8000-8001->8000-8001/tcp, 0.0.0.0:9999->53/udp, 127.0.0.1:32768->80/tcp, 0.0.0.0:8090->90/tcp\n`);
  const table = await tsctl(['-n', ns, 'ps', '--filter', `name=${web}`]);
  assert.match(table.stdout.split('\n')[1] ?? '', /Up .+\s{3}7000\/tcp, 0\.0\.0\.0:8000-8001->8000-8001\/tcp, .+->90\/tcp\s{3}web-/);
  const names = async (filter: string): Promise<string> => {
    const r = await tsctl(['-n', ns, 'ps', '-a', '--format', '{{.Names}}', '--filter', filter]);
    assert.equal(r.exitCode, 0, r.stderr);
    return r.stdout;
  };
  assert.equal(await names('publish=8090'), `${web}\n`);
  assert.equal(await names('publish=9999/udp'), `${web}\n`);
  assert.equal(await names('publish=8000-8001/tcp'), `${web}\n`);
  assert.equal(await names('publish=80'), '');
  assert.equal(await names('expose=7000'), `${web}\n`);
  assert.equal(await names('network=bridge'), `${web}\n`);
  assert.equal(await names(`network=${BRIDGE_ID.slice(0, 6)}`), `${web}\n`);
  const badFilter = await tsctl(['-n', ns, 'ps', '--filter', 'publish=80:80']);
  assert.equal(badFilter.exitCode, 1);
  assert.equal(badFilter.stderr, "Error response from daemon: filter for 'publish' should not contain ':': 80:80\n");

  const running = await inspectJson(ns, web);
  const nsRun = running.NetworkSettings;
  assert.equal(nsRun['SandboxKey'], `/proc/${pid}/ns/net`);
  assert.match(nsRun['SandboxID'] as string, /^[0-9a-f]{64}$/);
  assert.equal(nsRun['IPAddress'], '10.4.0.2');
  assert.equal(nsRun['IPPrefixLen'], 24);
  assert.equal(nsRun['Gateway'], '10.4.0.1');
  assert.equal(nsRun['MacAddress'], '02:42:0a:04:00:02');
  assert.deepEqual((nsRun['Ports'] as Record<string, unknown>)['80/tcp'], [{ HostIp: '127.0.0.1', HostPort: '32768' }]);
  assert.equal((nsRun['Ports'] as Record<string, unknown>)['7000/tcp'], null);
  const ep = (nsRun['Networks'] as Record<string, Record<string, unknown>>)['bridge'];
  assert.ok(ep);
  assert.equal(ep['NetworkID'], BRIDGE_ID);
  assert.equal(ep['IPAddress'], '10.4.0.2');
  assert.deepEqual(running.HostConfig['PortBindings'], {
    '53/udp': [{ HostIp: '', HostPort: '9999' }], '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }], '8000/tcp': [{ HostIp: '', HostPort: '8000' }],
    '8001/tcp': [{ HostIp: '', HostPort: '8001' }], '90/tcp': [{ HostIp: '', HostPort: '8090' }],
  });
  assert.deepEqual(running.HostConfig['Dns'], ['1.1.1.1']);
  assert.deepEqual(running.HostConfig['ExtraHosts'], ['foo:1.2.3.4']);
  assert.deepEqual(Object.keys(running.Config['ExposedPorts'] as object), ['53/udp', '7000/tcp', '80/tcp', '8000/tcp', '8001/tcp', '90/tcp']);
  const tmpl = await tsctl(['-n', ns, 'inspect', '-f', '{{.NetworkSettings.IPAddress}} {{(index (index .NetworkSettings.Ports "90/tcp") 0).HostPort}}', web]);
  assert.equal(tmpl.stdout, '10.4.0.2 8090\n');

  // Stopped: nothing published (the stale net-state.json is not read), networks kept without operational data.
  assert.equal((await tsctl(['-n', ns, 'stop', '-t', '0', web])).exitCode, 0);
  await pollUntil('stopped', async () => (await tsctl(['-n', ns, 'inspect', '-f', '{{.State.Status}}', web])).stdout === 'exited\n', { timeoutMs: 20_000 });
  const stoppedPort = await tsctl(['-n', ns, 'port', web]);
  assert.equal(stoppedPort.exitCode, 0);
  assert.equal(stoppedPort.stdout, '');
  assert.equal((await tsctl(['-n', ns, 'port', web, '80'])).stderr, `Error: No public port '80' published for ${web}\n`);
  assert.equal((await tsctl(['-n', ns, 'ps', '-a', '--format', '{{.Names}}|{{.Ports}}', '--filter', `name=${web}`])).stdout, `${web}|\n`);
  assert.equal(await names('publish=8090'), '');
  assert.equal(await names('network=bridge'), `${web}\n`);
  const stopped = (await inspectJson(ns, web)).NetworkSettings;
  assert.deepEqual([stopped['SandboxID'], stopped['SandboxKey'], stopped['IPAddress']], ['', '', '']);
  assert.deepEqual(stopped['Ports'], {});
  const sep = (stopped['Networks'] as Record<string, Record<string, unknown>>)['bridge'];
  assert.ok(sep);
  assert.deepEqual([sep['NetworkID'], sep['IPAddress'], sep['EndpointID'], sep['MacAddress']], [BRIDGE_ID, '', '', '']);
  assert.equal((await tsctl(['-n', ns, 'rm', '-f', other])).exitCode, 0);
});

test('fixture-based (net.json/net-state.json written by hand): a user network\'s endpoint in inspect', async (t) => {
  const ns = withNamespace(t, 'portu');
  const name = uniqueName('u');
  const { id, pid } = await runDetached(ns, name);
  await writeNetFiles(ns, id, spec({ networks: [{ network: 'appnet', networkId: USER_NET_ID, aliases: ['api'] }], exposed: ['80/tcp'], hostname: 'apihost' }), {
    sandboxKey: `/proc/${pid}/ns/net`, pid, ports: [],
    endpoints: [{ network: 'appnet', networkId: USER_NET_ID, ifName: 'eth0', ipv4: '10.9.0.5', prefixLen: 24, gateway: '10.9.0.1', mac: '02:42:0a:09:00:05', aliases: ['api'] }],
  });
  const j = (await inspectJson(ns, name)).NetworkSettings;
  assert.equal(j['IPAddress'], '', 'top-level fields are for the default bridge only');
  assert.deepEqual(j['Ports'], { '80/tcp': null });
  const ep = (j['Networks'] as Record<string, Record<string, unknown>>)['appnet'];
  assert.ok(ep);
  assert.deepEqual(ep['Aliases'], ['api']);
  assert.deepEqual(ep['DNSNames'], [name, 'api', id.slice(0, 12), 'apihost']);
  assert.equal(ep['IPAddress'], '10.9.0.5');
  assert.equal((await tsctl(['-n', ns, 'ps', '--format', '{{.Ports}}', '--filter', 'network=appnet'])).stdout, '80/tcp\n');
  assert.equal((await tsctl(['-n', ns, 'ps', '--format', '{{.Names}}', '--filter', 'expose=80/tcp'])).stdout, `${name}\n`);
});

test('run -p 127.0.0.1::80: port, ps and inspect show the random host port, and it answers (needs the networking hook)', async (t) => {
  const ns = withNamespace(t, 'portp');
  const name = uniqueName('httpd');
  const r = await tsctl(['-n', ns, 'run', '-d', '--name', name, '-p', '127.0.0.1::80', img(), 'httpd', '-f', '-p', '80']);
  assert.equal(r.exitCode, 0, r.stderr);
  let line = '';
  await pollUntil('port published', async () => {
    line = (await tsctl(['-n', ns, 'port', name])).stdout;
    return line !== '';
  }, { timeoutMs: 20_000 });
  const m = /^80\/tcp -> 127\.0\.0\.1:(\d+)\n$/.exec(line);
  assert.ok(m, line);
  const hostPort = Number(m[1]);
  assert.equal((await tsctl(['-n', ns, 'port', name, '80/tcp'])).stdout, `127.0.0.1:${hostPort}\n`);
  assert.equal((await tsctl(['-n', ns, 'ps', '--format', '{{.Ports}}', '--filter', `name=${name}`])).stdout, `127.0.0.1:${hostPort}->80/tcp\n`);
  assert.equal((await tsctl(['-n', ns, 'ps', '--format', '{{.Names}}', '--filter', `publish=${hostPort}`])).stdout, `${name}\n`);
  const j = await inspectJson(ns, name);
  assert.deepEqual((j.NetworkSettings['Ports'] as Record<string, unknown>)['80/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }]);
  assert.deepEqual(j.HostConfig['PortBindings'], { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
  assert.match(j.NetworkSettings['IPAddress'] as string, /^\d+\.\d+\.\d+\.\d+$/);
  await new Promise<void>((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port: hostPort }, () => {
      s.end();
      resolve();
    });
    s.on('error', reject);
  });
});
