import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerResolvConf, hostsFile, parseExtraHost, PEERS_BEGIN, selfNames } from '../../../src/net/etc-files';

test('hostsFile: Docker defaults, --add-host, own address, then peers', () => {
  const text = hostsFile({
    extraHosts: [{ ip: '10.0.0.9', names: ['db'] }],
    self: [{ ip: '10.47.1.2', names: selfNames('web', '') }],
    peers: [{ ip: '10.47.1.3', names: ['api', 'api-host', 'alias1'] }],
  });
  const lines = text.trimEnd().split('\n');
  assert.equal(lines[0], '127.0.0.1\tlocalhost');
  assert.equal(lines[1], '::1\tlocalhost ip6-localhost ip6-loopback');
  assert.equal(lines[6], '10.0.0.9\tdb');
  assert.equal(lines[7], '10.47.1.2\tweb');
  assert.equal(lines[8], PEERS_BEGIN);
  assert.equal(lines[9], '10.47.1.3\tapi api-host alias1');
  assert.ok(text.endsWith('\n'));
});

test('hostsFile: no peers block without peers; domainname gives the FQDN first', () => {
  const text = hostsFile({ extraHosts: [], self: [{ ip: '10.1.0.2', names: selfNames('h', 'example.com') }], peers: [] });
  assert.ok(!text.includes(PEERS_BEGIN));
  assert.match(text, /^10\.1\.0\.2\th\.example\.com h$/m);
});

test('parseExtraHost: name:ip, name=ip, [v6], host-gateway, errors', () => {
  assert.deepEqual(parseExtraHost('db:10.0.0.1'), { ip: '10.0.0.1', names: ['db'] });
  assert.deepEqual(parseExtraHost('db=10.0.0.1'), { ip: '10.0.0.1', names: ['db'] });
  assert.deepEqual(parseExtraHost('v6:[::1]'), { ip: '::1', names: ['v6'] });
  assert.deepEqual(parseExtraHost('host.docker.internal:host-gateway', '10.47.0.1'), { ip: '10.47.0.1', names: ['host.docker.internal'] });
  assert.throws(() => parseExtraHost('nocolon'), /bad format for add-host: "nocolon"/);
  assert.throws(() => parseExtraHost('db:999.1.1.1'), /invalid IP address in add-host: "999.1.1.1"/);
});

test('containerResolvConf: drops localhost servers, falls back to Google, flags replace their part', () => {
  const host = '# comment\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nsearch corp.example\noptions ndots:2\n';
  assert.equal(containerResolvConf(host, { dns: [], dnsSearch: [], dnsOptions: [] }), 'nameserver 10.0.0.2\nsearch corp.example\noptions ndots:2\n');
  assert.equal(containerResolvConf('nameserver 127.0.0.1\n', { dns: [], dnsSearch: [], dnsOptions: [] }), 'nameserver 8.8.8.8\nnameserver 8.8.4.4\n');
  assert.equal(
    containerResolvConf(host, { dns: ['1.1.1.1'], dnsSearch: ['a.test', 'b.test'], dnsOptions: ['timeout:1'] }),
    'nameserver 1.1.1.1\nsearch a.test b.test\noptions timeout:1\n',
  );
  assert.equal(containerResolvConf(host, { dns: [], dnsSearch: ['.'], dnsOptions: [] }), 'nameserver 10.0.0.2\noptions ndots:2\n');
  assert.match(containerResolvConf(host, { dns: [], dnsSearch: [], dnsOptions: [] }, true), /^nameserver 127\.0\.0\.53$/m);
});
