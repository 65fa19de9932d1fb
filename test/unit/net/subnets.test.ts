import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocateSubnet, defaultRouteInterface, formatCidr, overlaps, parseCidr, parseProcRoutes, within } from '../../../src/net/subnets';
import { validateIpam } from '../../../src/net/store';

const c = (s: string) => {
  const v = parseCidr(s);
  assert.ok(v, s);
  return v;
};

test('parseCidr masks the network and rejects what is not IPv4 CIDR', () => {
  assert.equal(formatCidr(c('10.10.0.1/24')), '10.10.0.0/24');
  assert.equal(formatCidr(c('0.0.0.0/0')), '0.0.0.0/0');
  for (const bad of ['foo', '10.0.0.0', '10.0.0.256/24', '10.0.0.0/33', 'fd00::/64']) assert.equal(parseCidr(bad), undefined, bad);
});

test('overlaps and within', () => {
  assert.ok(overlaps(c('10.9.0.0/24'), c('10.9.0.0/16')));
  assert.ok(overlaps(c('10.9.0.0/16'), c('10.9.200.0/24')));
  assert.ok(!overlaps(c('10.9.0.0/24'), c('10.9.1.0/24')));
  assert.ok(within(c('10.12.0.128/25'), c('10.12.0.0/24')));
  assert.ok(!within(c('10.11.0.0/25'), c('10.10.0.0/24')));
  assert.ok(!within(c('10.12.0.0/23'), c('10.12.0.0/24')));
});

test('allocateSubnet takes the first free /24 of 10.47.0.0/16 from the start offset, skipping used ones', () => {
  assert.equal(formatCidr(allocateSubnet([])!), '10.47.0.0/24');
  assert.equal(formatCidr(allocateSubnet([c('10.47.0.0/24'), c('10.47.1.0/24')])!), '10.47.2.0/24');
  assert.equal(formatCidr(allocateSubnet([c('10.47.0.0/23')])!), '10.47.2.0/24');
  assert.equal(formatCidr(allocateSubnet([], 7)!), '10.47.7.0/24');
  assert.equal(formatCidr(allocateSubnet([c('10.47.255.0/24')], 255)!), '10.47.0.0/24');
  assert.equal(allocateSubnet([c('10.0.0.0/8')]), undefined);
});

test('parseProcRoutes reads little-endian hex and finds the default route interface', () => {
  const text = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
`;
  const routes = parseProcRoutes(text);
  assert.deepEqual(routes.map((r) => `${r.iface} ${formatCidr(r.cidr)}`), ['eth0 0.0.0.0/0', 'docker0 172.17.0.0/16', 'eth0 192.0.2.0/24']);
  assert.equal(defaultRouteInterface(routes), 'eth0');
});

test('validateIpam: Docker\'s errors for --subnet/--gateway/--ip-range', () => {
  const none = { subnets: [] as string[], gateways: [] as string[], ipRanges: [] as string[] };
  assert.equal(validateIpam(none), undefined);
  assert.throws(() => validateIpam({ ...none, gateways: ['10.9.0.1'] }), { message: 'every ip-range or gateway must have a corresponding subnet' });
  assert.throws(() => validateIpam({ ...none, subnets: ['foo'] }), { message: 'Error response from daemon: Invalid subnet foo : invalid CIDR address: foo' });
  assert.throws(() => validateIpam({ ...none, subnets: ['10.9.0.0/24'], gateways: ['10.8.0.1'] }), { message: 'no matching subnet for gateway 10.8.0.1' });
  assert.throws(() => validateIpam({ ...none, subnets: ['10.10.0.0/24'], ipRanges: ['10.11.0.0/25'] }), { message: 'no matching subnet for range 10.11.0.0/25' });
  const ok = validateIpam({ subnets: ['10.12.0.0/24'], gateways: ['10.12.0.9'], ipRanges: ['10.12.0.128/25'] });
  assert.equal(ok?.gateway, '10.12.0.9');
  assert.equal(ok?.ipRange, '10.12.0.128/25');
});
