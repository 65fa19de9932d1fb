import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNetwork, defaultBridgeName, ensureDefaultNetwork, findNetwork, listNetworks, removeNetwork, type CreateNetworkRequest, type NetworkEnv } from '../../../src/net/store';

/** /proc/net/route with a default route via eth0 and 10.47.<third>.0/24 on eth1. */
const routes = (third: number): string => `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
eth1\t00${third.toString(16).padStart(2, '0').toUpperCase()}2F0A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
`;

const req = (name: string, extra: Partial<CreateNetworkRequest> = {}): CreateNetworkRequest => ({
  name, driver: 'bridge', subnets: [], gateways: [], ipRanges: [], internal: false, attachable: false, ipv6: false, labels: {}, options: {}, ...extra,
});

async function envs(t: { after: (fn: () => Promise<void>) => void }): Promise<[NetworkEnv, NetworkEnv]> {
  const dir = await mkdtemp(join(tmpdir(), 'tsctl-store-test-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const base = { netconfPath: join(dir, 'net.d'), // A fixed, never created data root: its hash (and so the pool offset) is the same on every run.
    dataRoot: '/nonexistent/tsctl-store-test', root: join(dir, 'data', 'abcd1234'), procRoutes: routes(255) };
  return [{ ...base, namespace: 'one' }, { ...base, namespace: 'two' }];
}

test('default network: created once, shared by namespaces, tsctl0 only for the default data root', async (t) => {
  const [one, two] = await envs(t);
  const [a, b] = await Promise.all([ensureDefaultNetwork(one), ensureDefaultNetwork(two)]);
  assert.equal(a.id, b.id);
  assert.equal(a.name, 'bridge');
  assert.equal(a.isDefault, true);
  assert.equal(a.bridge, defaultBridgeName(one.dataRoot));
  assert.match(a.bridge!, /^tsctl[0-9a-f]{8}$/);
  assert.equal(defaultBridgeName('/var/lib/tsctl'), 'tsctl0');
  assert.equal(defaultBridgeName('/var/lib/tsctl/'), 'tsctl0');
  assert.ok((await readdir(join(one.netconfPath, 'tsctl'))).some((f) => /^tsctl-bridge-[0-9a-f]{8}\.conflist$/.test(f)));
});

test('automatic subnets skip other networks (all namespaces) and host routes; --subnet overlap is refused', async (t) => {
  const [one, two] = await envs(t);
  const def = await ensureDefaultNetwork(one);
  // A data root other than the default starts somewhere in the pool; the next /24 is routed on the host.
  const k = Number(/^10\.47\.(\d+)\.0\/24$/.exec(def.subnets[0]!.subnet)?.[1]);
  assert.ok(k >= 1 && k <= 252, def.subnets[0]!.subnet);
  one.procRoutes = two.procRoutes = routes(k + 1);
  const a = await createNetwork(one, req('a'));
  assert.equal(a.subnets[0]!.subnet, `10.47.${k + 2}.0/24`, 'the routed /24 is skipped');
  assert.equal(a.subnets[0]!.gateway, `10.47.${k + 2}.1`);
  assert.equal(a.bridge, `br-${a.id.slice(0, 12)}`);
  assert.equal(a.namespace, 'one');
  const b = await createNetwork(two, req('a'));
  assert.equal(b.subnets[0]!.subnet, `10.47.${k + 3}.0/24`, 'the same name in another namespace, its own subnet');
  await assert.rejects(createNetwork(one, req('a')), { message: 'Error response from daemon: network with name a already exists' });
  await assert.rejects(createNetwork(two, req('c', { subnets: [`10.47.${k + 2}.128/25`] })), { message: 'Error response from daemon: Pool overlaps with other one on this address space' });
  await assert.rejects(createNetwork(one, req('c', { driver: 'overlay' })), { message: 'Error response from daemon: plugin "overlay" not found' });
  await assert.rejects(createNetwork(one, req('a b')), /invalid network name "a b"/);
  const c = await createNetwork(one, req('c', { subnets: ['10.90.0.1/24'] }));
  assert.deepEqual(c.subnets, [{ subnet: '10.90.0.0/24', gateway: '10.90.0.1' }]);
  assert.deepEqual(c.ipamConfig, [{ Subnet: '10.90.0.1/24' }]);
  const mv = await createNetwork(one, req('mv', { driver: 'macvlan' }));
  assert.equal(mv.conflist.plugins[0]!.master, 'eth0');
  assert.deepEqual((await listNetworks(one)).map((n) => n.name), ['bridge', 'a', 'c', 'mv']);
  assert.equal((await findNetwork(one, a.id.slice(0, 6))).name, 'a');
  await removeNetwork(one, a);
  assert.deepEqual((await listNetworks(one)).map((n) => n.name), ['bridge', 'c', 'mv']);
  // Its subnet is free again.
  assert.equal((await createNetwork(one, req('d'))).subnets[0]!.subnet, `10.47.${k + 2}.0/24`);
});
