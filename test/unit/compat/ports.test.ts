import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  displayablePorts, dockerPortBindings, dockerPortMap, joinHostPort, naturalCompare, naturalLess, portLines, portSummaries, type PortSummary,
} from '../../../src/compat/ports';

const p = (ip: string, privatePort: number, publicPort: number, type = 'tcp'): PortSummary => ({ ip, privatePort, publicPort, type });

test('DisplayablePorts: exposed-only ports and same-number bindings collapse into ranges, others follow one by one', () => {
  assert.equal(displayablePorts([]), '');
  assert.equal(displayablePorts([p('', 80, 0)]), '80/tcp');
  assert.equal(displayablePorts([p('', 81, 0), p('', 80, 0), p('', 82, 0), p('', 90, 0)]), '80-82/tcp, 90/tcp');
  assert.equal(displayablePorts([p('0.0.0.0', 80, 8080)]), '0.0.0.0:8080->80/tcp');
  assert.equal(displayablePorts([p('0.0.0.0', 8001, 8001), p('0.0.0.0', 8000, 8000)]), '0.0.0.0:8000-8001->8000-8001/tcp');
  // Published on other numbers: not grouped (docker/cli groups only when host port == container port).
  assert.equal(displayablePorts([p('0.0.0.0', 81, 8001), p('0.0.0.0', 80, 8000)]), '0.0.0.0:8000->80/tcp, 0.0.0.0:8001->81/tcp');
  assert.equal(displayablePorts([p('::1', 80, 8080)]), '[::1]:8080->80/tcp');
  assert.equal(displayablePorts([p('::', 80, 80)]), '[::]:80->80/tcp');
  assert.equal(displayablePorts([p('', 53, 0, 'udp'), p('', 53, 0, 'tcp')]), '53/tcp, 53/udp');
});

test('DisplayablePorts: a gap closes the run at once; the new run keeps the key\'s first place (docker/cli\'s order)', () => {
  assert.equal(displayablePorts([p('', 80, 0), p('', 82, 0), p('', 53, 0, 'udp')]), '80/tcp, 53/udp, 82/tcp');
  assert.equal(displayablePorts([p('', 1, 0), p('', 2, 0), p('', 4, 0), p('', 5, 0, 'udp')]), '1-2/tcp, 4/tcp, 5/udp');
});

test('the port map: bindings per container port, exposed-only ports null, keys sorted, all-interfaces as 0.0.0.0', () => {
  const map = dockerPortMap(
    [{ hostIP: '', hostPort: 8080, containerPort: 80, protocol: 'tcp' }, { hostIP: '127.0.0.1', hostPort: 9000, containerPort: 80, protocol: 'tcp' }],
    ['80/tcp', '7000/tcp', '53/udp'],
  );
  assert.deepEqual(Object.keys(map), ['53/udp', '7000/tcp', '80/tcp']);
  assert.deepEqual(map, {
    '53/udp': null,
    '7000/tcp': null,
    '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '127.0.0.1', HostPort: '9000' }],
  });
  assert.deepEqual(portSummaries(map), [p('', 53, 0, 'udp'), p('', 7000, 0), p('0.0.0.0', 80, 8080), p('127.0.0.1', 80, 9000)]);
});

test('HostConfig.PortBindings: random port "", ranges, host IP as given', () => {
  const m = (hostIP: string, hostPort: number, containerPort: number, protocol = 'tcp', hostPortEnd = hostPort) => ({ hostIP, hostPort, hostPortEnd, containerPort, protocol });
  assert.deepEqual(dockerPortBindings([m('127.0.0.1', 0, 80), m('', 8000, 90, 'tcp', 8010), m('', 53, 53, 'udp')]), {
    '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
    '90/tcp': [{ HostIp: '', HostPort: '8000-8010' }],
    '53/udp': [{ HostIp: '', HostPort: '53' }],
  });
});

test('natural order as fvbommel/sortorder', () => {
  assert.equal(naturalLess('80/tcp', '8000/tcp'), true);
  assert.equal(naturalLess('9/tcp', '10/tcp'), true);
  assert.equal(naturalLess('a', 'a1'), true);
  assert.equal(naturalLess('1', 'a'), true);
  assert.equal(naturalLess('01', '1'), false);
  assert.equal(naturalLess('1', '01'), true);
  assert.deepEqual(['8001/tcp', '53/udp', '80/tcp', '8000/tcp', '81/tcp'].sort(naturalCompare), ['53/udp', '80/tcp', '81/tcp', '8000/tcp', '8001/tcp']);
});

test('docker port lines: all bindings, or one port\'s host:port; undefined when that port has none', () => {
  const map = dockerPortMap(
    [{ hostIP: '', hostPort: 8080, containerPort: 80, protocol: 'tcp' }, { hostIP: '::1', hostPort: 9000, containerPort: 9000, protocol: 'udp' }],
    ['7000/tcp'],
  );
  assert.deepEqual(portLines(map), ['80/tcp -> 0.0.0.0:8080', '9000/udp -> [::1]:9000']);
  assert.deepEqual(portLines(map, { port: '80', proto: 'tcp' }), ['0.0.0.0:8080']);
  assert.deepEqual(portLines(map, { port: '9000', proto: 'udp' }), ['[::1]:9000']);
  assert.equal(portLines(map, { port: '7000', proto: 'tcp' }), undefined);
  assert.equal(portLines(map, { port: '80', proto: 'udp' }), undefined);
  assert.equal(joinHostPort('::', 1), '[::]:1');
});
