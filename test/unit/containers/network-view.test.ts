/** Port display, ps filters and NetworkSettings from net.json / net-state.json fixtures (fixtures/net/). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerNetSpec, ContainerNetState } from '../../../src/net/types';
import { displayablePorts, portLines } from '../../../src/compat/ports';
import { DockerContainerInspect, DockerNetworkSettings } from '../../../src/compat/inspect-container';
import {
  containerNetworks, hostNetworkOf, networkModeOf, networkSettingsOf, portMapOf, psPorts, type NetFiles,
} from '../../../src/services/containers/network-view';
import { containerPorts, parsePrivatePort } from '../../../src/services/containers/port';
import { checkPsFilters, selectContainers, type PsCandidate } from '../../../src/services/containers/ps-filter';
import { parseFilterFlags } from '../../../src/services/images/list';
import type { ContainerRecord, ContainersPort, TaskControl, TaskRecord } from '../../../src/containerd/ports';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'net', name), 'utf8')) as T;
const bridge: NetFiles = { spec: fixture<ContainerNetSpec>('bridge.net.json'), state: fixture<ContainerNetState>('bridge.net-state.json') };
const user: NetFiles = { spec: fixture<ContainerNetSpec>('user.net.json'), state: fixture<ContainerNetState>('user.net-state.json') };
const ID = '7cd2003ea602d469dcdec8adc915b43101c6352388dcd61903a889da14bf23e1';
const USER_ID = 'd3f6dbc5e2402882274524179d83c18a2e9188065982c37de1cd6cb6725b25d6';

test('ps PORTS of a running container: Docker 28\'s text for the same -p flags, without the [::] twins', () => {
  assert.equal(
    displayablePorts(psPorts(bridge, true)),
    '7000/tcp, 0.0.0.0:8000-8001->8000-8001/tcp, 0.0.0.0:9999->53/udp, 127.0.0.1:32768->80/tcp, 0.0.0.0:8100->81/tcp, 0.0.0.0:8101->82/tcp, 0.0.0.0:8090->90/tcp',
  );
  assert.equal(displayablePorts(psPorts(user, true)), '80/tcp');
});

test('ps PORTS is empty when the container is not running or has no network state', () => {
  assert.equal(displayablePorts(psPorts(bridge, false)), '');
  assert.equal(displayablePorts(psPorts({ spec: bridge.spec }, true)), '');
  assert.equal(displayablePorts(psPorts({}, true)), '');
  for (const mode of ['host', 'none', 'container'] as const) {
    assert.equal(displayablePorts(psPorts({ ...bridge, spec: { ...(bridge.spec as ContainerNetSpec), mode } }, true)), '', mode);
  }
});

test('docker port lines from net-state.json, natural order', () => {
  assert.deepEqual(portLines(portMapOf(bridge, true)), [
    '53/udp -> 0.0.0.0:9999',
    '80/tcp -> 127.0.0.1:32768',
    '81/tcp -> 0.0.0.0:8100',
    '82/tcp -> 0.0.0.0:8101',
    '90/tcp -> 0.0.0.0:8090',
    '8000/tcp -> 0.0.0.0:8000',
    '8001/tcp -> 0.0.0.0:8001',
  ]);
  assert.deepEqual(portLines(portMapOf(bridge, true), parsePrivatePort('80')), ['127.0.0.1:32768']);
  assert.deepEqual(portLines(portMapOf(bridge, true), parsePrivatePort('53/udp')), ['0.0.0.0:9999']);
  assert.equal(portLines(portMapOf(bridge, true), parsePrivatePort('7000')), undefined);
});

test('port argument errors as docker/cli 28', () => {
  assert.deepEqual(parsePrivatePort('80/'), { port: '80', proto: 'tcp' });
  assert.throws(() => parsePrivatePort('abc'), { message: 'Error: invalid port (abc): strconv.ParseUint: parsing "abc": invalid syntax' });
  assert.throws(() => parsePrivatePort('70000/udp'), { message: 'Error: invalid port (70000): strconv.ParseUint: parsing "70000": value out of range' });
});

function portDeps(status: TaskRecord['status'] | undefined, files: NetFiles) {
  const rec = { id: ID, labels: { 'tsctl/name': 'web' } } as unknown as ContainerRecord;
  const list: ContainersPort = { list: () => Promise.resolve([rec]) } as unknown as ContainersPort;
  const tasks = { get: () => Promise.resolve(status === undefined ? undefined : ({ id: ID, pid: 1, status } as TaskRecord)) } as unknown as TaskControl;
  return { list, tasks, netFiles: () => Promise.resolve(files) };
}

test('containerPorts: a running container\'s lines; stopped prints nothing; an unpublished port is Docker\'s error', async () => {
  assert.equal((await containerPorts(portDeps('running', bridge), 'web')).length, 7);
  assert.deepEqual(await containerPorts(portDeps('running', bridge), 'web', '90/tcp'), ['0.0.0.0:8090']);
  assert.deepEqual(await containerPorts(portDeps('stopped', bridge), 'web'), []);
  assert.deepEqual(await containerPorts(portDeps(undefined, bridge), 'web'), []);
  await assert.rejects(containerPorts(portDeps('running', bridge), 'web', '7000'), { message: "Error: No public port '7000' published for web" });
  await assert.rejects(containerPorts(portDeps('stopped', bridge), 'web', '80'), { message: "Error: No public port '80' published for web" });
  await assert.rejects(containerPorts(portDeps('running', bridge), 'nope'), { message: 'Error response from daemon: No such container: nope' });
});

// ps filters over the fixtures: newest first.
const cands: PsCandidate[] = [
  { id: ID, name: 'a', labels: {}, state: 'running', running: true, exitCode: 0, started: true, imageId: undefined, ports: psPorts(bridge, true), networks: containerNetworks({}, bridge.spec) },
  { id: USER_ID, name: 'b', labels: {}, state: 'running', running: true, exitCode: 0, started: true, imageId: undefined, ports: psPorts(user, true), networks: containerNetworks({}, user.spec) },
  { id: 'c'.repeat(64), name: 'c', labels: {}, state: 'exited', running: false, exitCode: 0, started: true, imageId: undefined, ports: psPorts(bridge, false), networks: containerNetworks({}, bridge.spec) },
  { id: 'd'.repeat(64), name: 'd', labels: { 'tsctl/networks': '["n1","n2"]' }, state: 'created', running: false, exitCode: 0, started: false, imageId: undefined, ports: [], networks: containerNetworks({ 'tsctl/networks': '["n1","n2"]' }, undefined) },
];

function select(flags: string[], all = true): string[] {
  const filters = parseFilterFlags(flags, '--filter');
  const checked = checkPsFilters(filters);
  return selectContainers(cands, { filters, exited: checked.exited, before: undefined, since: undefined, ancestors: undefined, publish: checked.publish, expose: checked.expose }, { all, limit: 0 })
    .map((c) => c.name);
}

test('ps --filter publish= / expose=: host or container port of a running container, ranges and protocols', () => {
  assert.deepEqual(select(['publish=8090']), ['a']);
  assert.deepEqual(select(['publish=9999/udp']), ['a']);
  assert.deepEqual(select(['publish=9999/tcp']), []);
  assert.deepEqual(select(['publish=8000-8001/tcp']), ['a']);
  assert.deepEqual(select(['publish=80']), []);
  assert.deepEqual(select(['expose=80']), ['a', 'b']);
  assert.deepEqual(select(['expose=7000/tcp']), ['a']);
  assert.deepEqual(select(['expose=79-81']), ['a', 'b']);
  assert.deepEqual(select(['expose=53']), []);
  assert.deepEqual(select(['expose=80/']), ['a', 'b']);
  assert.deepEqual(select(['expose=1', 'publish=8090']), ['a']);
});

test('ps --filter publish/expose values fail with moby\'s text', () => {
  assert.throws(() => select(['publish=80:80']), { message: "Error response from daemon: filter for 'publish' should not contain ':': 80:80" });
  assert.throws(() => select(['publish=abc']), { message: 'Error response from daemon: error while looking up for publish abc: strconv.ParseUint: parsing "abc": invalid syntax' });
  assert.throws(() => select(['expose=80-70']), { message: 'Error response from daemon: error while looking up for expose 80-70: invalid range specified for port: 80-70' });
  assert.throws(() => select(['publish=/tcp']), { message: 'Error response from daemon: error while looking up for publish /tcp: empty string specified for ports' });
  assert.throws(() => select(['expose=99999']), /value out of range/);
});

test('ps --filter network=: name or network ID prefix, stopped and created containers too', () => {
  assert.deepEqual(select(['network=bridge']), ['a', 'c']);
  assert.deepEqual(select(['network=bridge'], false), ['a']);
  assert.deepEqual(select(['network=disp-net']), ['b']);
  assert.deepEqual(select(['network=cc30284e']), ['b']);
  assert.deepEqual(select(['network=98498e0c23fec69dedb0af786016e524dac29f85e869ca4eae1f3ebb5994f638']), ['a', 'c']);
  assert.deepEqual(select(['network=n2']), ['d']);
  assert.deepEqual(select(['network=n1', 'network=disp-net']), ['b', 'd']);
  assert.deepEqual(select(['network=nope']), []);
});

const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

test('inspect NetworkSettings, running on the default bridge: top-level fields mirror the bridge endpoint', () => {
  const ns = networkSettingsOf({ id: ID, name: 'a', files: bridge, running: true, created: false });
  assert.ok(ns);
  const out = json(new DockerNetworkSettings(ns)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out), [
    'Bridge', 'SandboxID', 'SandboxKey', 'Ports', 'HairpinMode', 'LinkLocalIPv6Address', 'LinkLocalIPv6PrefixLen', 'SecondaryIPAddresses',
    'SecondaryIPv6Addresses', 'EndpointID', 'Gateway', 'GlobalIPv6Address', 'GlobalIPv6PrefixLen', 'IPAddress', 'IPPrefixLen', 'IPv6Gateway',
    'MacAddress', 'Networks',
  ]);
  assert.match(out['SandboxID'] as string, /^[0-9a-f]{64}$/);
  assert.equal(out['SandboxKey'], '/proc/4242/ns/net');
  assert.equal(out['IPAddress'], '172.17.0.2');
  assert.equal(out['IPPrefixLen'], 16);
  assert.equal(out['Gateway'], '172.17.0.1');
  assert.equal(out['MacAddress'], '02:42:ac:11:00:02');
  assert.deepEqual(Object.keys(out['Ports'] as object), ['53/udp', '7000/tcp', '80/tcp', '8000/tcp', '8001/tcp', '81/tcp', '82/tcp', '90/tcp']);
  assert.deepEqual((out['Ports'] as Record<string, unknown>)['80/tcp'], [{ HostIp: '127.0.0.1', HostPort: '32768' }]);
  assert.equal((out['Ports'] as Record<string, unknown>)['7000/tcp'], null);
  const nets = out['Networks'] as Record<string, Record<string, unknown>>;
  const ep = nets['bridge'] ?? {};
  assert.deepEqual(Object.keys(ep), [
    'IPAMConfig', 'Links', 'Aliases', 'MacAddress', 'DriverOpts', 'GwPriority', 'NetworkID', 'EndpointID', 'Gateway', 'IPAddress', 'IPPrefixLen',
    'IPv6Gateway', 'GlobalIPv6Address', 'GlobalIPv6PrefixLen', 'DNSNames',
  ]);
  assert.equal(ep['EndpointID'], out['EndpointID']);
  assert.match(ep['EndpointID'] as string, /^[0-9a-f]{64}$/);
  assert.deepEqual([ep['IPAMConfig'], ep['Links'], ep['Aliases'], ep['DriverOpts'], ep['DNSNames']], [null, null, null, null, null]);
  assert.equal(ep['NetworkID'], '98498e0c23fec69dedb0af786016e524dac29f85e869ca4eae1f3ebb5994f638');
});

test('inspect NetworkSettings on a user network: top-level fields empty, aliases, DNS names, IPAM config', () => {
  const ns = networkSettingsOf({ id: USER_ID, name: 'b', files: user, running: true, created: false });
  assert.ok(ns);
  const out = json(new DockerNetworkSettings(ns)) as Record<string, unknown>;
  assert.equal(out['IPAddress'], '');
  assert.equal(out['EndpointID'], '');
  assert.deepEqual(out['Ports'], { '80/tcp': null });
  const ep = (out['Networks'] as Record<string, Record<string, unknown>>)['disp-net'] ?? {};
  assert.deepEqual(ep['IPAMConfig'], { IPv4Address: '172.24.0.9' });
  assert.deepEqual(ep['Aliases'], ['web']);
  assert.deepEqual(ep['DNSNames'], ['b', 'web', 'd3f6dbc5e240', 'hh']);
  assert.equal(ep['IPAddress'], '172.24.0.9');
  assert.equal(ep['MacAddress'], '02:42:ac:18:00:09');
});

test('inspect NetworkSettings stopped: sandbox and ports gone, networks keep IDs and names, operational fields empty', () => {
  const ns = networkSettingsOf({ id: USER_ID, name: 'b', files: user, running: false, created: false });
  assert.ok(ns);
  const out = json(new DockerNetworkSettings(ns)) as Record<string, unknown>;
  assert.equal(out['SandboxID'], '');
  assert.equal(out['SandboxKey'], '');
  assert.deepEqual(out['Ports'], {});
  const ep = (out['Networks'] as Record<string, Record<string, unknown>>)['disp-net'] ?? {};
  assert.equal(ep['NetworkID'], 'cc30284efca33917fae4fac8c208fc31fdbed27dcbe548e1f3240b2dd2c28e45');
  assert.deepEqual([ep['EndpointID'], ep['IPAddress'], ep['Gateway'], ep['MacAddress'], ep['IPPrefixLen']], ['', '', '', '', 0]);
  assert.deepEqual(ep['Aliases'], ['web']);
  // A stale net-state.json of a stopped task is ignored.
  const created = json(new DockerNetworkSettings(networkSettingsOf({ id: ID, name: 'a', files: bridge, running: false, created: true }))) as Record<string, unknown>;
  const cep = (created['Networks'] as Record<string, Record<string, unknown>>)['bridge'] ?? {};
  assert.equal(cep['NetworkID'], '');
  assert.equal(created['IPAddress'], '');
});

test('host / none show one entry of that name; container: none; no net.json: no networks', () => {
  const base = { ...(user.spec as ContainerNetSpec), networks: [], ports: [], exposed: [] };
  const host = networkSettingsOf({ id: ID, name: 'h', files: { spec: { ...base, mode: 'host' } }, running: true, created: false });
  assert.deepEqual(host?.networks.map(([n]) => n), ['host']);
  const joined = networkSettingsOf({ id: ID, name: 'j', files: { spec: { ...base, mode: 'container', joinContainer: USER_ID } }, running: true, created: false });
  assert.deepEqual(joined?.networks, []);
  assert.equal(networkSettingsOf({ id: ID, name: 'x', files: {}, running: true, created: false }), undefined);
  assert.equal(networkModeOf({}, { ...base, mode: 'container', joinContainer: USER_ID }), `container:${USER_ID}`);
  assert.equal(networkModeOf({}, bridge.spec), 'bridge');
  assert.equal(networkModeOf({}, user.spec), 'disp-net');
  assert.equal(networkModeOf({ 'tsctl/network-mode': 'default' }, user.spec), 'default');
  assert.equal(networkModeOf({}, undefined), undefined);
});

test('inspect HostConfig and Config networking fields from net.json', () => {
  const c = new DockerContainerInspect({
    id: USER_ID, created: undefined, path: 'sleep', args: [], image: '', logPath: '', name: 'b', driver: 'overlayfs',
    state: { status: 'running', pid: 1, exitCode: 0, startedAt: undefined, finishedAt: undefined },
    hostConfig: {
      networkMode: 'disp-net', logType: 'json-file', privileged: false, readonlyRootfs: false, capAdd: [], capDrop: [], securityOpt: [], tmpfs: {},
      shmSize: 0, sysctls: {}, init: null, memory: 0, memorySwap: 0, nanoCpus: 0, cpuShares: 0, cpuQuota: 0, cpuPeriod: 0, pidsLimit: null, ulimits: [],
      network: hostNetworkOf(bridge.spec as ContainerNetSpec),
    },
    config: {
      hostname: 'hh', domainname: 'example.org', user: '', tty: false, env: [], cmd: undefined, entrypoint: undefined, image: 'busybox', workingDir: '',
      labels: {}, exposedPorts: { '80/tcp': {} }, stopSignal: '', stopTimeout: undefined,
    },
  });
  const out = json(c) as { HostConfig: Record<string, unknown>; Config: Record<string, unknown>; NetworkSettings: Record<string, unknown> };
  assert.equal(out.HostConfig['NetworkMode'], 'disp-net');
  assert.deepEqual(Object.keys(out.HostConfig['PortBindings'] as object), ['53/udp', '80/tcp', '8000/tcp', '8001/tcp', '81/tcp', '82/tcp', '90/tcp']);
  assert.deepEqual((out.HostConfig['PortBindings'] as Record<string, unknown>)['80/tcp'], [{ HostIp: '127.0.0.1', HostPort: '' }]);
  assert.deepEqual((out.HostConfig['PortBindings'] as Record<string, unknown>)['90/tcp'], [{ HostIp: '', HostPort: '8090' }]);
  assert.equal(out.HostConfig['PublishAllPorts'], false);
  assert.deepEqual([out.HostConfig['Dns'], out.HostConfig['DnsSearch'], out.HostConfig['DnsOptions'], out.HostConfig['ExtraHosts']], [[], [], [], null]);
  assert.equal(out.Config['Domainname'], 'example.org');
  assert.deepEqual(out.Config['ExposedPorts'], { '80/tcp': {} });
  // No net.json: a container without networks (as before).
  assert.deepEqual(out.NetworkSettings['Networks'], {});
  const dns = hostNetworkOf(user.spec as ContainerNetSpec);
  assert.deepEqual([dns.dns, dns.dnsSearch, dns.dnsOptions, dns.extraHosts], [['1.1.1.1'], ['example.org'], ['ndots:2'], ['foo:1.2.3.4']]);
});
