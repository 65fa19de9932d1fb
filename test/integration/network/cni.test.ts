/**
 * The CNI layer against the real plugins: network namespaces made by the test (`ip netns add`), ADD/DEL of tsctl's
 * generated conflists, reachability inside a network and isolation between networks, the lock under concurrent
 * ADDs, and the missing-plugin error. Traffic goes only between namespaces the test created. Everything the test
 * creates (netns, bridges, iptables rules/chains, files) is removed at the end.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { loadHarness, uniqueName } from '../../harness/env';
import { cniAdd, cniCheck, cniDel, cniDelAll, cniLockPath, endpointInfo, CniError, type CniEnv, type CniRuntime } from '../../../src/net/cni/index';
import { createNetwork, removeNetwork, type CreateNetworkRequest, type NetworkEnv } from '../../../src/net/store';
import { withLock } from '../../../src/util/lock';
import { loopbackConfList } from '../../../src/net/config';
import type { NetworkRecord } from '../../../src/net/types';

const BUSYBOX = '/bin/busybox';

async function sh(cmd: string, args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const r = await execa(cmd, args, { reject: false });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface Fixture {
  env: NetworkEnv;
  cni: CniEnv;
  netns(t: TestContext): Promise<string>;
  network(t: TestContext, req?: Partial<CreateNetworkRequest>): Promise<NetworkRecord>;
  add(net: NetworkRecord, ns: string, extra?: Partial<CniRuntime>): Promise<ReturnType<typeof endpointInfo> & { hostVeth: string }>;
  del(net: NetworkRecord, ns: string): Promise<void>;
}

async function fixture(t: TestContext): Promise<Fixture> {
  const h = loadHarness();
  const dir = await mkdtemp(join(tmpdir(), 'tsctl-cni-test-'));
  const env: NetworkEnv = { netconfPath: join(dir, 'net.d'), dataRoot: join(dir, 'data'), root: join(dir, 'data', 'root'), namespace: 'cnitest' };
  const cni: CniEnv = { pluginDirs: h.cniPath.split(':'), root: env.root };
  const added: { net: NetworkRecord; ns: string }[] = [];
  const nets: NetworkRecord[] = [];
  const namespaces: string[] = [];
  t.after(async () => {
    for (const a of added) await withLock(cniLockPath(env.root), () => cniDel(a.net.conflist, { containerId: a.ns, netns: `/var/run/netns/${a.ns}`, ifName: 'eth0' }, cni)).catch(() => undefined);
    for (const ns of namespaces) await sh('ip', ['netns', 'del', ns]);
    for (const n of nets) await removeNetwork(env, n).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  return {
    env,
    cni,
    async netns() {
      const name = uniqueName('tsn').slice(0, 30);
      const r = await sh('ip', ['netns', 'add', name]);
      assert.equal(r.exitCode, 0, r.stderr);
      namespaces.push(name);
      return name;
    },
    async network(_t, req = {}) {
      const n = await createNetwork(env, {
        name: uniqueName('cninet'),
        driver: 'bridge',
        subnets: [],
        gateways: [],
        ipRanges: [],
        internal: false,
        attachable: false,
        ipv6: false,
        labels: {},
        options: {},
        ...req,
      });
      nets.push(n);
      return n;
    },
    async add(net, ns, extra = {}) {
      const rt: CniRuntime = { containerId: ns, netns: `/var/run/netns/${ns}`, ifName: 'eth0', ...extra };
      const res = await withLock(cniLockPath(env.root), () => cniAdd(net.conflist, rt, cni));
      added.push({ net, ns });
      const hostVeth = res.interfaces.find((i) => i.sandbox === undefined && i.name !== net.bridge)?.name ?? '';
      return { ...endpointInfo(res, 'eth0'), hostVeth };
    },
    async del(net, ns) {
      await withLock(cniLockPath(env.root), () => cniDel(net.conflist, { containerId: ns, netns: `/var/run/netns/${ns}`, ifName: 'eth0' }, cni));
      const i = added.findIndex((a) => a.net === net && a.ns === ns);
      if (i >= 0) added.splice(i, 1);
    },
  };
}

const ping = (ns: string, ip: string) => sh('ip', ['netns', 'exec', ns, BUSYBOX, 'ping', '-c', '1', '-W', '2', ip]);

test('ADD sets up eth0 with an IP of the network; namespaces on one network reach each other, not across networks; DEL frees it', async (t) => {
  const f = await fixture(t);
  const a = await f.network(t);
  const b = await f.network(t);
  const [a1, a2, b1] = [await f.netns(t), await f.netns(t), await f.netns(t)];

  const e1 = await f.add(a, a1);
  const e2 = await f.add(a, a2);
  const e3 = await f.add(b, b1);
  const subnetA = a.subnets[0]!.subnet.replace(/\.0\/24$/, '.');
  assert.ok(e1.ipv4.startsWith(subnetA), `${e1.ipv4} in ${a.subnets[0]!.subnet}`);
  assert.equal(e1.prefixLen, 24);
  assert.equal(e1.gateway, a.subnets[0]!.gateway);
  assert.notEqual(e1.ipv4, e2.ipv4);
  assert.match(e1.mac, /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);

  const addr = await sh('ip', ['netns', 'exec', a1, 'ip', '-4', '-o', 'addr', 'show', 'eth0']);
  assert.equal(addr.exitCode, 0, addr.stderr);
  assert.match(addr.stdout, new RegExp(`inet ${e1.ipv4.replace(/\./g, '\\.')}/24`));
  const route = await sh('ip', ['netns', 'exec', a1, 'ip', '-4', 'route', 'show', 'default']);
  assert.match(route.stdout, new RegExp(`default via ${e1.gateway.replace(/\./g, '\\.')}`));
  const link = await sh('ip', ['link', 'show', a.bridge!]);
  assert.equal(link.exitCode, 0, `bridge ${a.bridge} exists: ${link.stderr}`);

  const same = await ping(a1, e2.ipv4);
  assert.equal(same.exitCode, 0, `a1 → a2 on one network: ${same.stdout}${same.stderr}`);
  const gw = await ping(a1, e1.gateway);
  assert.equal(gw.exitCode, 0, `a1 → its gateway: ${gw.stdout}${gw.stderr}`);
  assert.notEqual((await ping(a1, e3.ipv4)).exitCode, 0, 'a1 → b1 across networks must fail');
  assert.notEqual((await ping(b1, e1.ipv4)).exitCode, 0, 'b1 → a1 across networks must fail');

  // DEL: the veth pair is gone, the IP is free in host-local's store, the masquerade chain is removed.
  const ipamDir = join(f.env.dataRoot, 'cni', 'ipam', 'ns', f.env.namespace, a.name);
  assert.ok((await readdir(ipamDir)).includes(e1.ipv4));
  await f.del(a, a1);
  assert.notEqual((await sh('ip', ['netns', 'exec', a1, 'ip', 'link', 'show', 'eth0'])).exitCode, 0);
  assert.notEqual((await sh('ip', ['link', 'show', e1.hostVeth])).exitCode, 0, `host veth ${e1.hostVeth} removed`);
  assert.ok(!(await readdir(ipamDir)).includes(e1.ipv4));
  assert.doesNotMatch((await sh('iptables-save', ['-t', 'nat'])).stdout, new RegExp(`-s ${e1.ipv4.replace(/\./g, '\\.')}(/32)? `));
  // DEL again (nothing set up any more) succeeds.
  await f.del(a, a1);
  // cniDelAll tears down what the cache holds for a container (a2's one attachment).
  assert.deepEqual(await withLock(cniLockPath(f.env.root), () => cniDelAll(a2, f.cni)), [a.name]);
  assert.notEqual((await sh('ip', ['netns', 'exec', a2, 'ip', 'link', 'show', 'eth0'])).exitCode, 0);
  assert.deepEqual(await withLock(cniLockPath(f.env.root), () => cniDelAll(a2, f.cni)), []);
  // A DEL after the namespace is gone still removes what the bridge plugin would skip (its NAT chain).
  await sh('ip', ['netns', 'del', b1]);
  await f.del(b, b1);
  assert.doesNotMatch((await sh('iptables-save', ['-t', 'nat'])).stdout, new RegExp(`-s ${e3.ipv4.replace(/\./g, '\\.')}(/32)? `));
});

test('an --internal network has no default route; a static IP and MAC are applied through capabilities', async (t) => {
  const f = await fixture(t);
  const n = await f.network(t, { internal: true });
  const ns = await f.netns(t);
  const base = n.subnets[0]!.subnet.replace(/\.0\/24$/, '');
  const e = await f.add(n, ns, { capabilityArgs: { ips: [`${base}.77/24`], mac: '02:42:0a:2f:00:77' } });
  assert.equal(e.ipv4, `${base}.77`);
  const mac = await sh('ip', ['netns', 'exec', ns, 'cat', '/sys/class/net/eth0/address']);
  assert.equal(mac.stdout.trim(), '02:42:0a:2f:00:77');
  const route = await sh('ip', ['netns', 'exec', ns, 'ip', '-4', 'route', 'show', 'default']);
  assert.equal(route.stdout.trim(), '');
  // CHECK against the cached result passes while the set-up is intact, and names the plugin once it is not.
  const rt = { containerId: ns, netns: `/var/run/netns/${ns}`, ifName: 'eth0' };
  await cniCheck(n.conflist, rt, f.cni);
  await sh('ip', ['netns', 'exec', ns, 'ip', 'link', 'del', 'eth0']);
  await assert.rejects(cniCheck(n.conflist, rt, f.cni), /^CniError: plugin type="bridge" failed \(check\): /);
});

test('portMappings reach the namespace through 127.0.0.1 (portmap capability); DEL removes the DNAT rules', async (t) => {
  const f = await fixture(t);
  const n = await f.network(t);
  const ns = await f.netns(t);
  const hostPort = 30000 + Math.floor(Math.random() * 20000);
  await f.add(n, ns, { capabilityArgs: { portMappings: [{ hostPort, containerPort: 8080, protocol: 'tcp' }] } });
  const server = execa('ip', ['netns', 'exec', ns, BUSYBOX, 'nc', '-ll', '-p', '8080', '-e', BUSYBOX, 'echo', 'hello-from-ns'], { reject: false });
  t.after(() => void server.kill('SIGKILL'));
  let got = '';
  for (let i = 0; i < 50 && got === ''; i++) {
    const r = await sh(BUSYBOX, ['nc', '-w', '2', '127.0.0.1', String(hostPort)]);
    got = r.stdout.trim();
    if (got === '') await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(got, 'hello-from-ns');
  assert.match((await sh('iptables-save', ['-t', 'nat'])).stdout, new RegExp(`--dport ${hostPort} `));
  await f.del(n, ns);
  assert.doesNotMatch((await sh('iptables-save', ['-t', 'nat'])).stdout, new RegExp(`--dport ${hostPort} `));
});

test('the loopback conflist brings lo up in a namespace', async (t) => {
  const f = await fixture(t);
  const ns = await f.netns(t);
  const rt = { containerId: ns, netns: `/var/run/netns/${ns}`, ifName: 'lo' };
  await cniAdd(loopbackConfList(), rt, f.cni);
  const r = await sh('ip', ['netns', 'exec', ns, 'ip', '-o', 'addr', 'show', 'lo']);
  assert.match(r.stdout, /inet 127\.0\.0\.1\/8/);
  await cniDel(loopbackConfList(), rt, f.cni);
});

test('20 concurrent ADDs under the CNI lock get 20 distinct IPs', async (t) => {
  const f = await fixture(t);
  const n = await f.network(t);
  const nss = await Promise.all(Array.from({ length: 20 }, () => f.netns(t)));
  const eps = await Promise.all(nss.map((ns) => f.add(n, ns)));
  const ips = eps.map((e) => e.ipv4);
  assert.equal(new Set(ips).size, 20, ips.join(' '));
  assert.ok(ips.every((ip) => ip !== ''));
});

test('macvlan: a real attachment on the default-route interface', async (t) => {
  const f = await fixture(t);
  const n = await f.network(t, { driver: 'macvlan' });
  const ns = await f.netns(t);
  const e = await f.add(n, ns);
  assert.ok(e.ipv4.startsWith(n.subnets[0]!.subnet.replace(/\.0\/24$/, '.')));
  const link = await sh('ip', ['netns', 'exec', ns, 'ip', '-d', 'link', 'show', 'eth0']);
  assert.match(link.stdout, /macvlan mode bridge/);
  await f.del(n, ns);
  assert.notEqual((await sh('ip', ['netns', 'exec', ns, 'ip', 'link', 'show', 'eth0'])).exitCode, 0);
});

test('a missing plugin binary is one clear error naming the plugin and the directories searched', async (t) => {
  const f = await fixture(t);
  const ns = await f.netns(t);
  const list = { cniVersion: '1.0.0', name: 'missing', plugins: [{ type: 'tsctl-no-such-plugin' }] };
  await assert.rejects(
    cniAdd(list, { containerId: ns, netns: `/var/run/netns/${ns}`, ifName: 'eth0' }, { ...f.cni, pluginDirs: ['/nonexistent/cni'] }),
    (e: unknown) => {
      assert.ok(e instanceof CniError);
      assert.equal(e.message, 'failed to find CNI plugin "tsctl-no-such-plugin" in path [/nonexistent/cni /opt/cni/bin /usr/lib/cni /usr/libexec/cni]');
      return true;
    },
  );
  // A plugin's own error object becomes the message.
  await assert.rejects(
    cniAdd({ cniVersion: '1.0.0', name: 'bad', plugins: [{ type: 'bridge', bridge: 'tsctlbadtest0', ipam: { type: 'host-local', ranges: [[{ subnet: 'nonsense' }]] } }] }, { containerId: ns, netns: `/var/run/netns/${ns}`, ifName: 'eth0' }, f.cni),
    /^CniError: plugin type="bridge" failed \(add\): .*nonsense/,
  );
  await sh('ip', ['link', 'del', 'tsctlbadtest0']);
});
