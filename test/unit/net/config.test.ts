import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConfList, recordFromConfList, type NetworkDefinition } from '../../../src/net/config';
import { endpointInfo, parseCniResult, pluginConf } from '../../../src/net/cni/index';
import { cniChainName } from '../../../src/net/cni/ipmasq';

const base: NetworkDefinition = {
  id: 'a'.repeat(64),
  name: 'front',
  driver: 'bridge',
  subnets: [{ subnet: '10.47.3.0/24', gateway: '10.47.3.1', ipRange: '10.47.3.128/25' }],
  ipamConfig: [{ Subnet: '10.47.3.0/24', IPRange: '10.47.3.128/25' }],
  internal: false,
  attachable: false,
  labels: { a: 'b' },
  options: { 'com.docker.network.driver.mtu': '1400' },
  created: '2026-01-01T00:00:00.000Z',
  isDefault: false,
  namespace: 'default',
  bridge: 'br-aaaaaaaaaaaa',
  ipamDataDir: '/var/lib/tsctl/cni/ipam/ns/default',
};

test('bridge conflist: bridge+host-local → portmap → firewall(same-bridge) → tuning; tsctl keys round-trip', () => {
  const list = buildConfList(base);
  assert.equal(list.cniVersion, '1.0.0');
  assert.deepEqual(list.plugins.map((p) => p.type), ['bridge', 'portmap', 'firewall', 'tuning']);
  const br = list.plugins[0]!;
  assert.equal(br.bridge, 'br-aaaaaaaaaaaa');
  assert.equal(br.isGateway, true);
  assert.equal(br.ipMasq, true);
  assert.equal(br.hairpinMode, true);
  assert.equal(br.mtu, 1400);
  assert.deepEqual(br.ipam, {
    type: 'host-local',
    dataDir: '/var/lib/tsctl/cni/ipam/ns/default',
    ranges: [[{ subnet: '10.47.3.0/24', gateway: '10.47.3.1', rangeStart: '10.47.3.129', rangeEnd: '10.47.3.254' }]],
    routes: [{ dst: '0.0.0.0/0' }],
  });
  assert.deepEqual(list.plugins[1], { type: 'portmap', capabilities: { portMappings: true } });
  assert.deepEqual(list.plugins[2], { type: 'firewall', ingressPolicy: 'same-bridge' });
  const rec = recordFromConfList(JSON.parse(JSON.stringify(list)), '/x/tsctl-front.conflist');
  assert.ok(rec);
  assert.equal(rec.id, base.id);
  assert.equal(rec.name, 'front');
  assert.equal(rec.bridge, 'br-aaaaaaaaaaaa');
  assert.equal(rec.namespace, 'default');
  assert.deepEqual(rec.labels, { a: 'b' });
  assert.deepEqual(rec.subnets, base.subnets);
  assert.deepEqual(rec.ipamConfig, base.ipamConfig);
  assert.equal(recordFromConfList({ cniVersion: '1.0.0', name: 'foreign', plugins: [] }, '/x'), undefined);
});

test('internal bridge: no gateway, masquerade, default route or portmap', () => {
  const list = buildConfList({ ...base, internal: true });
  assert.deepEqual(list.plugins.map((p) => p.type), ['bridge', 'firewall', 'tuning']);
  assert.equal(list.plugins[0]!.isGateway, false);
  assert.equal(list.plugins[0]!.ipMasq, false);
  assert.equal((list.plugins[0]!.ipam as Record<string, unknown>).routes, undefined);
});

test('macvlan/ipvlan: parent as master, Docker default modes, -o mode', () => {
  const mac = buildConfList({ ...base, driver: 'macvlan', bridge: undefined, parent: 'eth0', options: {} });
  assert.deepEqual(mac.plugins.map((p) => [p.type, p.master, p.mode]), [['macvlan', 'eth0', 'bridge'], ['tuning', undefined, undefined]]);
  const ipv = buildConfList({ ...base, driver: 'ipvlan', bridge: undefined, parent: 'eth1', options: { mode: 'l3' } });
  assert.equal(ipv.plugins[0]!.mode, 'l3');
  assert.equal(ipv.plugins[0]!.master, 'eth1');
});

test('pluginConf: name/cniVersion, runtimeConfig only for declared capabilities, prevResult', () => {
  const list = buildConfList(base);
  const caps = { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }], mac: '02:00:00:00:00:01' };
  const pm = pluginConf(list, list.plugins[1]!, caps, { cniVersion: '1.0.0' });
  assert.equal(pm.name, 'front');
  assert.equal(pm.cniVersion, '1.0.0');
  assert.deepEqual(pm.runtimeConfig, { portMappings: caps.portMappings });
  assert.deepEqual(pm.prevResult, { cniVersion: '1.0.0' });
  const fw = pluginConf(list, list.plugins[2]!, caps);
  assert.equal(fw.runtimeConfig, undefined);
  assert.equal(fw.prevResult, undefined);
  assert.deepEqual(pluginConf(list, list.plugins[3]!, caps).runtimeConfig, { mac: '02:00:00:00:00:01' });
  assert.equal(pluginConf(list, list.plugins[0]!, caps).runtimeConfig, undefined);
});

test('CNI result parsing and the endpoint summary', () => {
  const r = parseCniResult(JSON.stringify({
    cniVersion: '1.0.0',
    interfaces: [{ name: 'br-x', mac: 'aa:aa:aa:aa:aa:aa' }, { name: 'veth1', mac: 'bb:bb:bb:bb:bb:bb' }, { name: 'eth0', mac: 'cc:cc:cc:cc:cc:cc', sandbox: '/proc/1/ns/net' }],
    ips: [{ address: 'fd00::2/64', interface: 2 }, { address: '10.47.3.130/24', gateway: '10.47.3.1', interface: 2 }],
    routes: [{ dst: '0.0.0.0/0' }],
    dns: { nameservers: ['10.0.0.53'] },
  }));
  assert.equal(r.interfaces.length, 3);
  assert.equal(r.interfaces[2]!.sandbox, '/proc/1/ns/net');
  assert.deepEqual(r.routes, [{ dst: '0.0.0.0/0' }]);
  assert.deepEqual(r.dns, { nameservers: ['10.0.0.53'] });
  assert.deepEqual(endpointInfo(r, 'eth0'), { ifName: 'eth0', ipv4: '10.47.3.130', prefixLen: 24, gateway: '10.47.3.1', mac: 'cc:cc:cc:cc:cc:cc' });
  assert.deepEqual(parseCniResult({}).ips, []);
});

test('cniChainName matches the plugins\' utils.FormatChainName', () => {
  assert.equal(cniChainName('trynet', 'c1'), 'CNI-1f311db33f32671e64737c71');
});
