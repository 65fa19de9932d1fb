import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, InvalidOptionError } from '../../../../src/errors/index';
import {
  parseExpose, parsePortSpec, parsePublish, portKey, publishAll, toPortBindings, toStandardNotation, type PortMapping,
} from '../../../../src/cli/opts/publish';

const m = (hostIP: string, hostPort: number, containerPort: number, protocol: PortMapping['protocol'] = 'tcp', hostPortEnd = hostPort): PortMapping =>
  ({ hostIP, hostPort, hostPortEnd, containerPort, protocol });

test('parsePortSpec: every short form', () => {
  assert.deepEqual(parsePortSpec('80'), [m('', 0, 80)]);
  assert.deepEqual(parsePortSpec('8080:80'), [m('', 8080, 80)]);
  assert.deepEqual(parsePortSpec('127.0.0.1:8080:80'), [m('127.0.0.1', 8080, 80)]);
  assert.deepEqual(parsePortSpec('127.0.0.1::80'), [m('127.0.0.1', 0, 80)]);
  assert.deepEqual(parsePortSpec('8080:80/udp'), [m('', 8080, 80, 'udp')]);
  assert.deepEqual(parsePortSpec('8080:80/UDP'), [m('', 8080, 80, 'udp')]);
  assert.deepEqual(parsePortSpec('53/sctp'), [m('', 0, 53, 'sctp')]);
  assert.deepEqual(parsePortSpec('[::1]:8080:80'), [m('::1', 8080, 80)]);
  assert.deepEqual(parsePortSpec('[::1]::80'), [m('::1', 0, 80)]);
  assert.deepEqual(parsePortSpec('::1:8080:80'), [m('::1', 8080, 80)]);
  assert.deepEqual(parsePortSpec('[1.2.3.4]:1:2'), [m('1.2.3.4', 1, 2)]);
  assert.deepEqual(parsePortSpec('0.0.0.0:0:80'), [m('0.0.0.0', 0, 80)]);
  assert.deepEqual(parsePortSpec('8000-8002:80-82'), [m('', 8000, 80), m('', 8001, 81), m('', 8002, 82)]);
  assert.deepEqual(parsePortSpec('80-81'), [m('', 0, 80), m('', 0, 81)]);
  assert.deepEqual(parsePortSpec('8000-8010:80'), [m('', 8000, 80, 'tcp', 8010)]);
  assert.deepEqual(parsePortSpec('80-80:80-80'), [m('', 80, 80)]);
});

test('parsePortSpec errors as go-connections nat', () => {
  const cases: [string, string][] = [
    ['', 'no port specified: <empty>'],
    ['8080:', 'no port specified: 8080:<empty>'],
    ['8080:/tcp', 'no port specified: 8080:/tcp<empty>'],
    ['80/xyz', 'invalid proto: xyz'],
    ['80/TCPX', 'invalid proto: tcpx'],
    ['abc', 'invalid containerPort: abc'],
    ['8080:abc', 'invalid containerPort: abc'],
    ['70000', 'invalid containerPort: 70000'],
    ['90-80', 'invalid containerPort: 90-80'],
    ['abc:80', 'invalid hostPort: abc'],
    ['8000-80:80', 'invalid hostPort: 8000-80'],
    ['localhost:8080:80', 'invalid IP address: localhost'],
    ['1.2.3:8080:80', 'invalid IP address: 1.2.3'],
    ['fe80::1%eth0:1:2', 'invalid IP address: fe80::1%eth0'],
    ['8000-8001:80-90', 'invalid ranges specified for container and host Ports: 80-90 and 8000-8001'],
    ['8000:80-81', 'invalid ranges specified for container and host Ports: 80-81 and 8000'],
    ['[::1:8080:80', "invalid IP address [::1: address [::1:: missing ']' in address"],
    ['[::1]x:8080:80', 'invalid IP address [::1]x: address [::1]x:: missing port in address'],
  ];
  for (const [input, msg] of cases) {
    assert.throws(() => parsePortSpec(input), (e: unknown) => e instanceof InvalidOptionError && e.message === msg, input);
  }
});

test('long syntax and parsePublish', () => {
  assert.equal(toStandardNotation('target=80,published=8080,protocol=udp'), '8080:80/udp');
  assert.equal(toStandardNotation('target=80'), ':80/tcp');
  assert.equal(toStandardNotation('8080:80'), '8080:80');
  assert.throws(() => toStandardNotation('target=80,bogus'), { message: "invalid publish opts format (should be name=value but got 'bogus')" });
  assert.throws(() => toStandardNotation('=80'), { message: "invalid publish opts format (should be name=value but got '=80')" });
  assert.deepEqual(parsePublish(['8080:80', 'published=53,target=53,protocol=udp', 'target=443,mode=host']), [
    m('', 8080, 80), m('', 53, 53, 'udp'), m('', 0, 443),
  ]);
  assert.throws(() => parsePublish(['0']), (e: unknown) =>
    e instanceof InvalidArgumentError && e.message === 'Error response from daemon: invalid port specification: "0/tcp"');
  assert.throws(() => parsePublish(['published=1']), { message: 'no port specified: 1:/tcp<empty>' });
});

test('parseExpose: port keys as moby ParsePortRange', () => {
  assert.deepEqual(parseExpose(['80', '53/udp', '8000-8002', '9/SCTP', '7-7']), ['80/tcp', '53/udp', '8000/tcp', '8001/tcp', '8002/tcp', '9/sctp', '7/tcp']);
  const cases: [string, string][] = [
    ['', 'invalid port range: value is empty'],
    ['abc', "invalid start port 'abc': invalid syntax"],
    ['+80', "invalid start port '+80': invalid syntax"],
    ['70000', "invalid start port '70000': value out of range"],
    ['80-', "invalid end port '': value is empty"],
    ['-80', "invalid start port '': value is empty"],
    ['90-80', 'invalid port range: 90-80'],
  ];
  for (const [input, msg] of cases) assert.throws(() => parseExpose([input]), { message: `invalid range format for --expose: ${msg}` }, input);
});

test('publishAll (-P) adds random ports for unbound exposed ports', () => {
  const bound = [m('', 8080, 80)];
  assert.deepEqual(publishAll(['80/tcp', '443/tcp', '53/udp', '443/tcp', '80/udp'], bound), [
    m('', 8080, 80), m('', 0, 443), m('', 0, 53, 'udp'), m('', 0, 80, 'udp'),
  ]);
  assert.deepEqual(publishAll([], []), []);
  assert.equal(portKey(80, 'tcp'), '80/tcp');
});

test('toPortBindings gives HostConfig.PortBindings', () => {
  assert.deepEqual(toPortBindings([m('', 8080, 80), m('::1', 8081, 80), m('', 0, 53, 'udp'), m('127.0.0.1', 8000, 90, 'tcp', 8010)]), {
    '80/tcp': [{ HostIp: '', HostPort: '8080' }, { HostIp: '::1', HostPort: '8081' }],
    '53/udp': [{ HostIp: '', HostPort: '' }],
    '90/tcp': [{ HostIp: '127.0.0.1', HostPort: '8000-8010' }],
  });
});
