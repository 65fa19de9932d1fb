import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetworking } from '../../../../src/cli/opts/network';

test('parseNetworking: default is the bridge network; user networks in order', () => {
  const d = parseNetworking({});
  assert.equal(d.mode, 'bridge');
  assert.equal(d.networkMode, 'bridge');
  assert.deepEqual(d.networks, ['bridge']);
  const u = parseNetworking({ network: ['a', 'b'], networkAlias: ['x'], ip: '10.9.0.5' });
  assert.deepEqual(u.networks, ['a', 'b']);
  assert.deepEqual(u.aliases, ['x']);
  assert.equal(u.ipv4, '10.9.0.5');
});

test('parseNetworking: host, none and container modes; their conflicts', () => {
  assert.equal(parseNetworking({ network: ['host'] }).mode, 'host');
  assert.deepEqual(parseNetworking({ network: ['none'] }).networks, []);
  const c = parseNetworking({ network: ['container:web'] });
  assert.equal(c.mode, 'container');
  assert.equal(c.container, 'web');
  assert.throws(() => parseNetworking({ network: ['host', 'a'] }), /cannot attach both user-defined and non-user-defined network-modes/);
  assert.throws(() => parseNetworking({ network: ['container:web'], hostname: 'h' }), /conflicting options: hostname and the network mode/);
  assert.throws(() => parseNetworking({ network: ['container:web'], publish: ['80'] }), /port publishing and the container type network mode/);
  assert.throws(() => parseNetworking({ network: ['container:web'], dns: ['1.1.1.1'] }), /dns and the network mode/);
  assert.throws(() => parseNetworking({ network: ['container:web'], addHost: ['a:1.2.3.4'] }), /custom host-to-IP mapping/);
});

test('parseNetworking: alias and --ip need a user-defined network; bad values', () => {
  assert.throws(() => parseNetworking({ networkAlias: ['x'] }), /network-scoped alias is supported only for containers in user defined networks/);
  assert.throws(() => parseNetworking({ network: ['bridge'], ip: '10.0.0.2' }), /user specified IP address is supported on user defined networks only/);
  assert.throws(() => parseNetworking({ network: ['a'], ip: '10.0.0' }), /invalid argument "10.0.0" for "--ip" flag/);
  assert.throws(() => parseNetworking({ macAddress: 'zz' }), /zz is not a valid mac address/);
  assert.throws(() => parseNetworking({ addHost: ['bad'] }), /bad format for add-host/);
  assert.throws(() => parseNetworking({ publish: ['80:80:80:80/xyz'] }), /invalid proto: xyz/);
});

test('parseNetworking: -P publishes exposed ports (image and --expose); host mode drops ports with a warning', () => {
  const p = parseNetworking({ publishAll: true, expose: ['81'], publish: ['8080:80'] }, ['80/tcp', '53/udp']);
  assert.deepEqual(p.exposed.sort(), ['53/udp', '80/tcp', '81/tcp']);
  assert.deepEqual(p.ports.map((m) => `${m.hostPort}:${m.containerPort}/${m.protocol}`).sort(), ['0:53/udp', '0:81/tcp', '8080:80/tcp']);
  const h = parseNetworking({ network: ['host'], publish: ['80'] });
  assert.deepEqual(h.ports, []);
  assert.deepEqual(h.warnings, ['Published ports are discarded when using host network mode']);
});
