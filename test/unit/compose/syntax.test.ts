import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration, parsePortShort, parseVolumeShort, shellSplit } from '../../../src/compose/syntax';

test('ports: short syntax → long syntax, ranges expanded', () => {
  assert.deepEqual(parsePortShort(80), [{ mode: 'ingress', target: 80, protocol: 'tcp' }]);
  assert.deepEqual(parsePortShort('80'), [{ mode: 'ingress', target: 80, protocol: 'tcp' }]);
  assert.deepEqual(parsePortShort('8080:80/udp'), [{ mode: 'ingress', protocol: 'udp', target: 80, published: '8080' }]);
  assert.deepEqual(parsePortShort('127.0.0.1::80'), [{ mode: 'ingress', host_ip: '127.0.0.1', protocol: 'tcp', target: 80 }]);
  assert.deepEqual(parsePortShort('[::1]:8080:80'), [{ mode: 'ingress', host_ip: '::1', protocol: 'tcp', target: 80, published: '8080' }]);
  assert.deepEqual(parsePortShort('8000-8001:80-81').map((p) => [p.published, p.target]), [['8000', 80], ['8001', 81]]);
  assert.deepEqual(parsePortShort('8000-8010:80'), [{ mode: 'ingress', protocol: 'tcp', target: 80, published: '8000-8010' }]);
  assert.deepEqual(parsePortShort('3000-3002').map((p) => p.target), [3000, 3001, 3002]);
  assert.throws(() => parsePortShort('80/xyz'), /invalid proto: xyz/);
  assert.throws(() => parsePortShort('abc'), /invalid containerPort: abc/);
  assert.throws(() => parsePortShort('x:80'), /invalid hostPort: x/);
  assert.throws(() => parsePortShort('8000-8002:80-81'), /invalid ranges specified for container and host Ports: 80-81 and 8000-8002/);
});

test('volumes: short syntax → bind / named / anonymous with options', () => {
  assert.deepEqual(parseVolumeShort('/data'), { type: 'volume', target: '/data' });
  assert.deepEqual(parseVolumeShort('data:/data:ro,nocopy'), { type: 'volume', source: 'data', target: '/data', read_only: true, volume: { nocopy: true } });
  assert.deepEqual(parseVolumeShort('./src:/src:rw,Z,rshared'), { type: 'bind', source: './src', target: '/src', bind: { create_host_path: true, selinux: 'Z', propagation: 'rshared' } });
  assert.deepEqual(parseVolumeShort('~/x:/x'), { type: 'bind', source: '~/x', target: '/x', bind: { create_host_path: true } });
  assert.throws(() => parseVolumeShort('a:b:c:d'), /too many colons/);
  assert.throws(() => parseVolumeShort('a:/b:bogus'), /unknown option bogus/);
});

test('durations: Go syntax both ways', () => {
  assert.equal(parseDuration('1m30s', 'x'), 90e9);
  assert.equal(parseDuration('1.5h', 'x'), 5400e9);
  assert.equal(parseDuration('500ms', 'x'), 5e8);
  assert.equal(parseDuration('0', 'x'), 0);
  assert.throws(() => parseDuration('10', 'services.web.healthcheck.interval'), /services.web.healthcheck.interval: time: invalid duration "10"/);
  assert.equal(formatDuration(90e9), '1m30s');
  assert.equal(formatDuration(5400e9), '1h30m0s');
  assert.equal(formatDuration(5e8), '500ms');
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(1.5e9), '1.5s');
});

test('command strings split like a shell', () => {
  assert.deepEqual(shellSplit(`sh -c 'echo "a  b"' "x\\"y" a\\ b`), ['sh', '-c', 'echo "a  b"', 'x"y', 'a b']);
  assert.deepEqual(shellSplit('  '), []);
  assert.deepEqual(shellSplit(`echo ''`), ['echo', '']);
  assert.throws(() => shellSplit(`echo 'open`), /invalid command line string/);
});
