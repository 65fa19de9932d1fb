/**
 * Containers on real CNI networks (harness containerd + the CNI plugins + iptables): published ports from the
 * host, name resolution on user networks (not across networks, not on the default bridge), connect/disconnect
 * on a running container, parallel runs with distinct addresses and nothing left after removal, bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { addressHash } from '../../../src/state/paths';
import { harnessCtr, loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';
import { pollUntil } from '../../harness/wait';
import { ctrList } from '../../harness/ctr';

const h = () => loadHarness();
const root = () => join(h().dataRoot, addressHash(h().containerdAddress));

async function ok(ns: string, args: string[], timeoutMs?: number): Promise<string> {
  const r = await tsctl(['-n', ns, ...args], timeoutMs === undefined ? {} : { timeoutMs });
  assert.equal(r.exitCode, 0, `tsctl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function netState(ns: string, id: string): Promise<{ endpoints: { network: string; ipv4: string }[]; ports: { hostPort: number; containerPort: number }[] } | undefined> {
  const text = await readFile(join(root(), 'containers', ns, id, 'net-state.json'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : JSON.parse(text);
}

async function httpBody(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
  return res.text();
}

/** Addresses host-local still holds for `networkName` (files named by IP in its data dir). */
async function leases(networkDirHint: string): Promise<string[]> {
  const base = join(root(), 'cni');
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (p.includes(networkDirHint) && /^\d+\.\d+\.\d+\.\d+$/.test(e.name)) found.push(e.name);
    }
  };
  await walk(base);
  await walk(join(h().dataRoot, 'cni', 'ipam')).catch(() => undefined);
  return found;
}

test('published ports answer from the host (0.0.0.0 and 127.0.0.1 bindings), random ports resolved', async (t) => {
  const ns = withNamespace(t, 'pub');
  const img = h().images.busybox;
  const id = (await ok(ns, ['run', '-d', '-p', '127.0.0.1::80', '-p', '0.0.0.0::81', img, 'sh', '-c', 'mkdir -p /www && echo hello > /www/index.html && httpd -p 80 -h /www && httpd -f -p 81 -h /www'])).trim();
  t.after(() => tsctl(['-n', ns, 'rm', '-f', id]));
  const st = await netState(ns, id);
  assert.ok(st, 'net-state.json written by the hook');
  const p80 = st.ports.find((p) => p.containerPort === 80)?.hostPort;
  const p81 = st.ports.find((p) => p.containerPort === 81)?.hostPort;
  assert.ok(p80 && p81 && p80 > 0 && p81 > 0);
  await pollUntil('httpd on the published port', async () => (await httpBody(`http://127.0.0.1:${p80}/`)) === 'hello\n', { timeoutMs: 15_000, intervalMs: 200 });
  assert.equal(await httpBody(`http://127.0.0.1:${p81}/`), 'hello\n');
  // The container has an address on the default network; inspect-free check through its own view.
  const ip = (await ok(ns, ['exec', id, 'ip', '-4', '-o', 'addr', 'show', 'eth0'])).match(/inet (\d+\.\d+\.\d+\.\d+)\//)?.[1];
  assert.equal(ip, st.endpoints[0]?.ipv4);
  // Every other -p form: udp, a host range for one port, a range to a range, and -P for --expose'd ports.
  const forms = (await ok(ns, ['run', '-d', '-p', '127.0.0.1::53/udp', '-p', '127.0.0.1:40100-40110:82', '-p', '127.0.0.1:40120-40121:83-84', '--expose', '85', '-P', img, 'sleep', '300'])).trim();
  t.after(() => tsctl(['-n', ns, 'rm', '-f', forms]));
  const fs = await netState(ns, forms);
  const byPort = new Map(fs?.ports.map((p) => [`${p.containerPort}/${(p as { protocol?: string }).protocol}`, p.hostPort]));
  assert.ok((byPort.get('53/udp') ?? 0) > 0);
  assert.ok((byPort.get('82/tcp') ?? 0) >= 40100 && (byPort.get('82/tcp') ?? 0) <= 40110);
  assert.equal(byPort.get('83/tcp'), 40120);
  assert.equal(byPort.get('84/tcp'), 40121);
  assert.ok((byPort.get('85/tcp') ?? 0) > 0, '-P publishes the --expose port');
  assert.match(await ok(ns, ['port', forms, '84']), /^127\.0\.0\.1:40121\n$/);
  // Stopping releases the port at once (Docker's behaviour): the same fixed port can be published again.
  await ok(ns, ['stop', '-t', '0', id]);
  assert.equal(await netState(ns, id), undefined);
});

test('a fixed host port taken by a host process or another container: one line, exit 125, nothing left', async (t) => {
  const ns = withNamespace(t, 'busy');
  const img = h().images.busybox;
  await ok(ns, ['pull', '-q', img]);
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '0.0.0.0', () => r()));
  t.after(() => srv.close());
  const port = (srv.address() as { port: number }).port;
  const r = await tsctl(['-n', ns, 'run', '-d', '--name', 'clash', '-p', `${port}:80`, img, 'sleep', '100']);
  assert.equal(r.exitCode, 125);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`address already in use`));
  assert.deepEqual(await ctrList(h().containerdAddress, ['containers', 'ls'], ns), []);
  assert.equal((await tsctl(['-n', ns, 'ps', '-a', '-q'])).stdout, '');
  const { execFileSync } = await import('node:child_process');
  assert.doesNotMatch(execFileSync('iptables-save', ['-t', 'nat'], { encoding: 'utf8' }), new RegExp(`--dport ${port}\\b`), 'no DNAT rule left');

  const free = await new Promise<number>((res) => {
    const s = createServer();
    s.listen(0, '0.0.0.0', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
  const first = (await ok(ns, ['run', '-d', '-p', `${free}:80`, img, 'sleep', '100'])).trim();
  t.after(() => tsctl(['-n', ns, 'rm', '-f', first]));
  const second = await tsctl(['-n', ns, 'run', '-d', '-p', `${free}:80`, img, 'sleep', '100']);
  assert.equal(second.exitCode, 125);
  assert.match(second.stderr, new RegExp(`Bind for 0\\.0\\.0\\.0:${free} failed: port is already allocated`));
  assert.equal((await tsctl(['-n', ns, 'ps', '-a', '-q'])).stdout.trim().split('\n').length, 1);
});

test('user network: resolution by name, hostname and alias in any start order; not across networks; not on bridge', async (t) => {
  const ns = withNamespace(t, 'dns');
  const img = h().images.busybox;
  const n1 = uniqueName('n1');
  const n2 = uniqueName('n2');
  await ok(ns, ['network', 'create', n1]);
  await ok(ns, ['network', 'create', n2]);
  t.after(async () => {
    await tsctl(['-n', ns, 'rm', '-f', 'web', 'late', 'other', 'plain1', 'plain2']);
    await tsctl(['-n', ns, 'network', 'rm', n1, n2]);
  });
  await ok(ns, ['run', '-d', '--name', 'web', '--hostname', 'webhost', '--network', n1, '--network-alias', 'www', img, 'sleep', '300']);
  // A container started later is known to the earlier one and vice versa.
  await ok(ns, ['run', '-d', '--name', 'late', '--network', n1, img, 'sleep', '300']);
  for (const name of ['web', 'webhost', 'www']) await ok(ns, ['exec', 'late', 'ping', '-c', '1', '-W', '2', name]);
  await ok(ns, ['exec', 'web', 'ping', '-c', '1', '-W', '2', 'late']);
  // Another network sees neither the names nor the address.
  await ok(ns, ['run', '-d', '--name', 'other', '--network', n2, img, 'sleep', '300']);
  const webIp = (await netState(ns, (await ok(ns, ['inspect', '-f', '{{.Id}}', 'web'])).trim()))?.endpoints[0]?.ipv4;
  assert.ok(webIp);
  const byName = await tsctl(['-n', ns, 'exec', 'other', 'ping', '-c', '1', '-W', '1', 'web']);
  assert.notEqual(byName.exitCode, 0);
  const byIp = await tsctl(['-n', ns, 'exec', 'other', 'ping', '-c', '1', '-W', '1', webIp]);
  assert.notEqual(byIp.exitCode, 0, 'containers on different networks must not reach each other');
  // The default bridge has no name resolution (Docker's behaviour).
  await ok(ns, ['run', '-d', '--name', 'plain1', img, 'sleep', '300']);
  await ok(ns, ['run', '-d', '--name', 'plain2', img, 'sleep', '300']);
  assert.notEqual((await tsctl(['-n', ns, 'exec', 'plain2', 'ping', '-c', '1', '-W', '1', 'plain1'])).exitCode, 0);
  // Entries vanish when a container goes.
  await ok(ns, ['rm', '-f', 'late']);
  const hosts = await ok(ns, ['exec', 'web', 'cat', '/etc/hosts']);
  assert.doesNotMatch(hosts, /\blate\b/);
});

test('connect / disconnect a running container', async (t) => {
  const ns = withNamespace(t, 'conn');
  const img = h().images.busybox;
  const n = uniqueName('cn');
  await ok(ns, ['network', 'create', n]);
  t.after(async () => {
    await tsctl(['-n', ns, 'rm', '-f', 'ca', 'cb']);
    await tsctl(['-n', ns, 'network', 'rm', n]);
  });
  await ok(ns, ['run', '-d', '--name', 'ca', '--network', n, img, 'sleep', '300']);
  await ok(ns, ['run', '-d', '--name', 'cb', img, 'sleep', '300']);
  assert.notEqual((await tsctl(['-n', ns, 'exec', 'cb', 'ping', '-c', '1', '-W', '1', 'ca'])).exitCode, 0);
  await ok(ns, ['network', 'connect', '--alias', 'bee', n, 'cb']);
  assert.match(await ok(ns, ['exec', 'cb', 'ip', '-o', 'addr']), /eth1/);
  await ok(ns, ['exec', 'cb', 'ping', '-c', '1', '-W', '2', 'ca']);
  await ok(ns, ['exec', 'ca', 'ping', '-c', '1', '-W', '2', 'bee']);
  const again = await tsctl(['-n', ns, 'network', 'connect', n, 'cb']);
  assert.equal(again.exitCode, 1);
  assert.match(again.stderr, /already exists in network/);
  await ok(ns, ['network', 'disconnect', n, 'cb']);
  assert.doesNotMatch(await ok(ns, ['exec', 'cb', 'ip', '-o', 'addr']), /eth1/);
  assert.notEqual((await tsctl(['-n', ns, 'exec', 'cb', 'ping', '-c', '1', '-W', '1', 'ca'])).exitCode, 0);
  const notOn = await tsctl(['-n', ns, 'network', 'disconnect', n, 'cb']);
  assert.equal(notOn.exitCode, 1);
  assert.match(notOn.stderr, /is not connected to network/);
});

test('20 parallel run -d on one network get distinct addresses; none left after removal or exit', async (t) => {
  const ns = withNamespace(t, 'par');
  const img = h().images.busybox;
  const n = uniqueName('par');
  await ok(ns, ['network', 'create', n]);
  t.after(() => tsctl(['-n', ns, 'network', 'rm', n]));
  const ids = await Promise.all(Array.from({ length: 20 }, () => ok(ns, ['run', '-d', '--network', n, img, 'sleep', '300'], 300_000).then((s) => s.trim())));
  const ips = await Promise.all(ids.map(async (id) => (await netState(ns, id))?.endpoints[0]?.ipv4));
  assert.equal(ips.filter(Boolean).length, 20);
  assert.equal(new Set(ips).size, 20, `duplicate addresses: ${ips.join(' ')}`);
  await ok(ns, ['rm', '-f', ...ids], 300_000);
  assert.deepEqual(await leases(n), []);
  // run --rm gives its address back, and a container can start on two networks at once.
  const two = uniqueName('two');
  await ok(ns, ['network', 'create', two]);
  t.after(() => tsctl(['-n', ns, 'network', 'rm', two]));
  const links = await ok(ns, ['run', '--rm', '--network', n, '--network', two, img, 'ip', '-4', '-o', 'addr']);
  assert.match(links, /eth0/);
  assert.match(links, /eth1/);
  assert.deepEqual(await leases(n), []);
  assert.deepEqual(await leases(two), []);
  // A container that exits on its own gives its address back too (its exit hook).
  const quick = (await ok(ns, ['run', '-d', '--network', n, img, 'sh', '-c', 'sleep 1; exit 3'])).trim();
  t.after(() => tsctl(['-n', ns, 'rm', '-f', quick]));
  await pollUntil('address released after exit', async () => (await netState(ns, quick)) === undefined && (await leases(n)).length === 0, { timeoutMs: 20_000, intervalMs: 200 });
});

test('run flags: --network none/host, --dns*, --add-host incl. host-gateway, --hostname, --ip; bad input', async (t) => {
  const ns = withNamespace(t, 'flags');
  const img = h().images.busybox;
  await ok(ns, ['pull', '-q', img]);
  const none = await ok(ns, ['run', '--rm', '--network', 'none', img, 'ip', '-o', 'link']);
  assert.doesNotMatch(none, /eth0/);
  assert.match(none, /lo/);
  const resolv = await ok(ns, ['run', '--rm', '--dns', '10.9.9.9', '--dns-search', 'corp.test', '--dns-option', 'ndots:3', img, 'cat', '/etc/resolv.conf']);
  assert.equal(resolv, 'nameserver 10.9.9.9\nsearch corp.test\noptions ndots:3\n');
  const hosts = await ok(ns, ['run', '--rm', '--hostname', 'myhost', '--add-host', 'db:10.1.2.3', '--add-host', 'host.docker.internal:host-gateway', img, 'sh', '-c', 'hostname; cat /etc/hosts']);
  assert.match(hosts, /^myhost\n/);
  assert.match(hosts, /^10\.1\.2\.3\tdb$/m);
  assert.match(hosts, /^\d+\.\d+\.\d+\.1\thost\.docker\.internal$/m);
  assert.match(hosts, /^\d+\.\d+\.\d+\.\d+\tmyhost$/m);
  const mac = await ok(ns, ['run', '--rm', '--mac-address', '92:d0:c6:0a:29:33', img, 'ip', '-o', 'link', 'show', 'eth0']);
  assert.match(mac, /link\/ether 92:d0:c6:0a:29:33/);
  const host = await ok(ns, ['run', '--rm', '--network', 'host', img, 'cat', '/etc/hostname']);
  assert.equal(host.trim(), (await import('node:os')).hostname());
  const n = uniqueName('ipn');
  await ok(ns, ['network', 'create', '--subnet', '10.213.7.0/24', n]);
  t.after(() => tsctl(['-n', ns, 'network', 'rm', n]));
  const ip = await ok(ns, ['run', '--rm', '--network', n, '--ip', '10.213.7.77', img, 'ip', '-4', '-o', 'addr', 'show', 'eth0']);
  assert.match(ip, /inet 10\.213\.7\.77\/24/);

  const bad: [string[], RegExp][] = [
    [['-p', '80:80:80:80'], /invalid/],
    [['-p', '8080:80/xyz'], /invalid proto: xyz/],
    [['--network', 'no-such-net'], /network no-such-net not found/],
    [['--network-alias', 'x'], /network-scoped alias is supported only for containers in user defined networks/],
    [['--add-host', 'bad'], /bad format for add-host/],
  ];
  for (const [flags, re] of bad) {
    const r = await tsctl(['-n', ns, 'run', '--rm', ...flags, img, 'true']);
    assert.equal(r.exitCode, 125, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
  }
  assert.equal((await tsctl(['-n', ns, 'ps', '-a', '-q'])).stdout, '');
});

test('a task started by another containerd client (as the restart monitor does) gets its network from the hooks', async (t) => {
  const ns = withNamespace(t, 'hook');
  const img = h().images.busybox;
  await ok(ns, ['pull', '-q', img]);
  const id = (await ok(ns, ['create', '-p', '127.0.0.1::80', img, 'sh', '-c', 'mkdir -p /www && echo via-ctr > /www/index.html && httpd -f -p 80 -h /www'])).trim();
  t.after(() => tsctl(['-n', ns, 'rm', '-f', id]));
  const r = await harnessCtr(['tasks', 'start', '-d', '--null-io', id], ns);
  assert.equal(r.exitCode, 0, r.stderr);
  const st = await netState(ns, id);
  assert.ok(st?.ports[0]?.hostPort, 'the createRuntime hook set up the network');
  await pollUntil('httpd behind the hook-made port', async () => (await httpBody(`http://127.0.0.1:${st.ports[0]?.hostPort}/`)) === 'via-ctr\n', { timeoutMs: 15_000, intervalMs: 200 });
  // Killed and deleted by ctr: the poststop hook releases the address and the port.
  await harnessCtr(['tasks', 'kill', '-s', 'SIGKILL', id], ns);
  await pollUntil('task stopped', async () => !(await harnessCtr(['tasks', 'ls'], ns)).stdout.includes('RUNNING'), { timeoutMs: 10_000 });
  assert.equal((await harnessCtr(['tasks', 'delete', id], ns)).exitCode, 0);
  assert.equal(await netState(ns, id), undefined);
});

test('a tsctl run killed at any point leaves no address behind once its containers are removed', async (t) => {
  const ns = withNamespace(t, 'kill');
  const img = h().images.busybox;
  await ok(ns, ['pull', '-q', img]);
  const n = uniqueName('kl');
  await ok(ns, ['network', 'create', n]);
  t.after(() => tsctl(['-n', ns, 'network', 'rm', n]));
  const { spawn } = await import('node:child_process');
  const { harnessEnv, TSCTL_BIN } = await import('../../harness/env');
  // Kill the CLI at different moments of a run (creation, the hook's ADD, start).
  for (const delayMs of [150, 300, 450, 600, 800, 1100]) {
    const child = spawn(process.execPath, [TSCTL_BIN, '-n', ns, 'run', '-d', '--network', n, '-p', '127.0.0.1::80', img, 'sleep', '300'], { env: { ...process.env, ...harnessEnv() }, stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, delayMs));
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  const all = (await ok(ns, ['ps', '-a', '-q', '--no-trunc'])).trim().split('\n').filter(Boolean);
  if (all.length > 0) await ok(ns, ['rm', '-f', ...all]);
  assert.deepEqual(await leases(n), []);
  const cache = await readdir(join(root(), 'cni', 'results')).catch(() => [] as string[]);
  assert.deepEqual(cache.filter((f) => f.includes(ns)), []);
});

test('a network whose CNI plugin is missing: run fails with one line, exit 125, nothing left; --internal has no way out', async (t) => {
  const ns = withNamespace(t, 'miss');
  const img = h().images.busybox;
  await ok(ns, ['pull', '-q', img]);
  const n = uniqueName('miss');
  await ok(ns, ['network', 'create', n]);
  t.after(() => tsctl(['-n', ns, 'network', 'rm', n]));
  // Break the network's plugin chain: a plugin after bridge whose binary exists nowhere.
  const conf = join(h().cniConfDir, 'tsctl', ns, `tsctl-${n}.conflist`);
  const list = JSON.parse(await readFile(conf, 'utf8')) as { plugins: Record<string, unknown>[] };
  list.plugins.push({ type: 'tsctl-no-such-plugin' });
  await (await import('node:fs/promises')).writeFile(conf, JSON.stringify(list));
  const r = await tsctl(['-n', ns, 'run', '-d', '--network', n, img, 'sleep', '100']);
  assert.equal(r.exitCode, 125);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /failed to set up container networking: .*tsctl-no-such-plugin/);
  assert.equal((await tsctl(['-n', ns, 'ps', '-a', '-q'])).stdout, '');
  assert.deepEqual(await leases(n), []);

  const internal = uniqueName('int');
  await ok(ns, ['network', 'create', '--internal', internal]);
  t.after(() => tsctl(['-n', ns, 'network', 'rm', internal]));
  await ok(ns, ['run', '-d', '--name', 'in1', '--network', internal, img, 'sleep', '300']);
  t.after(() => tsctl(['-n', ns, 'rm', '-f', 'in1']));
  const routes = await ok(ns, ['run', '--rm', '--network', internal, img, 'sh', '-c', 'ip route; ping -c 1 -W 2 in1 >/dev/null && echo peer-ok']);
  assert.doesNotMatch(routes, /^default/m, 'no default route on an --internal network');
  assert.match(routes, /peer-ok/);
});

test('--network container:<ref> shares the netns and /etc files; a stopped one cannot be joined', async (t) => {
  const ns = withNamespace(t, 'join');
  const img = h().images.busybox;
  await ok(ns, ['pull', '-q', img]);
  const id = (await ok(ns, ['run', '-d', '--name', 'owner', '--hostname', 'ownerhost', img, 'sleep', '300'])).trim();
  t.after(() => tsctl(['-n', ns, 'rm', '-f', 'owner', 'guest']));
  const ip = (await netState(ns, id))?.endpoints[0]?.ipv4;
  assert.ok(ip);
  const seen = await ok(ns, ['run', '--rm', '--network', 'container:owner', img, 'sh', '-c', 'ip -4 -o addr show eth0; hostname; cat /etc/hosts']);
  assert.match(seen, new RegExp(`inet ${ip.replace(/\./g, '\\.')}/`));
  assert.match(seen, /^ownerhost$/m);
  assert.match(seen, new RegExp(`^${ip.replace(/\./g, '\\.')}\\townerhost$`, 'm'));
  await ok(ns, ['create', '--name', 'guest', '--network', 'container:owner', img, 'sleep', '300']);
  await ok(ns, ['stop', '-t', '0', 'owner']);
  const r = await tsctl(['-n', ns, 'start', 'guest']);
  assert.equal(r.exitCode, 1);
  assert.match(r.stderr, /cannot join network of a non running container/);
  // The owner runs again (new task, new pid): the guest joins its current netns.
  await ok(ns, ['start', 'owner']);
  await ok(ns, ['start', 'guest']);
  const newIp = (await netState(ns, id))?.endpoints[0]?.ipv4 ?? '';
  assert.match(await ok(ns, ['exec', 'guest', 'ip', '-4', '-o', 'addr', 'show', 'eth0']), new RegExp(`inet ${newIp.replace(/\./g, '\\.')}/`));
  const bad = await tsctl(['-n', ns, 'run', '--rm', '--network', 'container:owner', '-p', '80', img, 'true']);
  assert.equal(bad.exitCode, 125);
  assert.match(bad.stderr, /conflicting options: port publishing and the container type network mode/);
});

test('a container that exits on its own (kill) is released by its exit hook: no NAT rule, address or published port is left', async (t) => {
  const ns = withNamespace(t, 'exitrel');
  const { execa } = await import('execa');
  await ok(ns, ['pull', '-q', h().images.busybox]);
  const id = (await ok(ns, ['run', '-d', '-p', '127.0.0.1::80', h().images.busybox, 'sleep', '300'])).trim();
  const rules = async () => (await execa('iptables-save', ['-t', 'nat'])).stdout.split('\n').filter((l) => l.includes(`${ns}-${id}`));
  assert.ok((await rules()).length > 0, 'the masquerade and port rules exist while it runs');
  await ok(ns, ['kill', id]);
  // The exit hook runs without a PATH from the shim; it must still reach iptables.
  await pollUntil('the exit hook released the network', async () => (await netState(ns, id)) === undefined && (await rules()).length === 0, { timeoutMs: 15_000, intervalMs: 100 });
  await ok(ns, ['rm', id]);
  assert.deepEqual(await rules(), []);
});
