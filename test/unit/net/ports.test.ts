import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocatePorts, cniPortMappings, PortAllocationError } from '../../../src/net/ports';
import type { PortMapping } from '../../../src/cli/opts/publish';

const m = (hostIP: string, hostPort: number, containerPort: number, hostPortEnd = hostPort): PortMapping => ({ hostIP, hostPort, hostPortEnd, containerPort, protocol: 'tcp' });
const free = async () => true;

test('allocatePorts: fixed ports pass through; clashes with another container are refused', async () => {
  assert.deepEqual(await allocatePorts([m('', 8080, 80)], [], free), [{ hostIP: '', hostPort: 8080, containerPort: 80, protocol: 'tcp' }]);
  await assert.rejects(allocatePorts([m('', 8080, 80)], [{ hostIP: '127.0.0.1', hostPort: 8080, containerPort: 81, protocol: 'tcp' }], free), (e: unknown) => e instanceof PortAllocationError && /Bind for 0\.0\.0\.0:8080 failed: port is already allocated/.test((e as Error).message));
  // Different IPs or protocols do not clash.
  const ok = await allocatePorts([m('127.0.0.1', 8080, 80)], [{ hostIP: '127.0.0.2', hostPort: 8080, containerPort: 81, protocol: 'tcp' }, { hostIP: '', hostPort: 8080, containerPort: 81, protocol: 'udp' }], free);
  assert.equal(ok[0]?.hostPort, 8080);
});

test('allocatePorts: a host socket on the port is refused with the address-in-use text', async () => {
  await assert.rejects(allocatePorts([m('', 8080, 80)], [], async () => false), /failed to bind host port for 0\.0\.0\.0:8080: address already in use/);
});

test('allocatePorts: random ports come from the range, skip taken ones and never repeat within one call', async () => {
  const used = [{ hostIP: '', hostPort: 40000, containerPort: 1, protocol: 'tcp' as const }];
  const probe = async (_ip: string, p: number) => p !== 40001;
  const out = await allocatePorts([m('', 0, 80), m('', 0, 81)], used, probe, [40000, 40003]);
  assert.deepEqual(out.map((b) => b.hostPort).sort(), [40002, 40003]);
  await assert.rejects(allocatePorts([m('', 0, 80), m('', 0, 81), m('', 0, 82)], used, probe, [40000, 40003]), /all ports are allocated/);
});

test('allocatePorts: a host range takes its first free port', async () => {
  const out = await allocatePorts([m('', 8000, 80, 8002)], [{ hostIP: '', hostPort: 8000, containerPort: 1, protocol: 'tcp' }], free);
  assert.equal(out[0]?.hostPort, 8001);
});

test('cniPortMappings: hostIP only when specific', () => {
  assert.deepEqual(cniPortMappings([{ hostIP: '', hostPort: 1, containerPort: 2, protocol: 'udp' }, { hostIP: '127.0.0.1', hostPort: 3, containerPort: 4, protocol: 'tcp' }]), [
    { hostPort: 1, containerPort: 2, protocol: 'udp' },
    { hostPort: 3, containerPort: 4, protocol: 'tcp', hostIP: '127.0.0.1' },
  ]);
});

test('pluginNeeded: portmap only with mappings, capability-only tuning only with a MAC; others always', async () => {
  const { pluginNeeded } = await import('../../../src/net/cni/index');
  const portmap = { type: 'portmap', capabilities: { portMappings: true } };
  const tuning = { type: 'tuning', capabilities: { mac: true } };
  assert.equal(pluginNeeded(portmap, {}, []), false);
  assert.equal(pluginNeeded(portmap, { portMappings: [{ hostPort: 1, containerPort: 2, protocol: 'tcp' }] }, []), true);
  assert.equal(pluginNeeded(tuning, {}, [['IgnoreUnknown', '1']]), false);
  assert.equal(pluginNeeded(tuning, {}, [['MAC', '92:d0:c6:0a:29:33']]), true);
  assert.equal(pluginNeeded(tuning, { mac: '92:d0:c6:0a:29:33' }, []), true);
  assert.equal(pluginNeeded({ type: 'tuning', sysctl: { 'net.core.somaxconn': '500' } }, {}, []), true);
  assert.equal(pluginNeeded({ type: 'bridge' }, {}, []), true);
  assert.equal(pluginNeeded({ type: 'firewall' }, {}, []), true);
});
