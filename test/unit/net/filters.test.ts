import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterNetworks, networkRow, resolveNetwork, type NetworkView } from '../../../src/services/networks/networks';
import { parseFilterFlags } from '../../../src/services/images/list';
import { renderNetworkList, renderNetworkPrune } from '../../../src/output/views/network';

const view = (name: string, id: string, extra: Partial<NetworkView> = {}): NetworkView => ({ id: id.padEnd(64, '0'), name, driver: 'bridge', builtin: false, created: '2026-11-22T06:41:37.248Z', internal: false, labels: {}, ...extra });
const views: NetworkView[] = [
  view('bridge', 'aa11', { builtin: true }),
  view('front', 'bb22', { labels: { tier: 'web' } }),
  view('back', 'bb33', { labels: { tier: 'db' }, internal: true }),
  view('host', 'cc44', { builtin: true, driver: 'host' }),
  view('none', 'dd55', { builtin: true, driver: 'null' }),
  view('mv', 'ee66', { driver: 'macvlan' }),
];
const names = (f: string[], attached: { id: string; name: string; networks: string[] }[] = []) => filterNetworks(views, parseFilterFlags(f, '--filter'), attached).map((v) => v.name);

test('ls filters: name/id as regexps (moby Match), id prefix, label, driver, type, dangling (built-ins never dangle)', () => {
  assert.deepEqual(names([]), views.map((v) => v.name));
  assert.deepEqual(names(['name=o']), ['front', 'host', 'none']);
  assert.deepEqual(names(['name=front', 'name=back']), ['front', 'back']);
  assert.deepEqual(names(['id=bb']), ['front', 'back']);
  assert.deepEqual(names(['label=tier']), ['front', 'back']);
  assert.deepEqual(names(['label=tier=db']), ['back']);
  assert.deepEqual(names(['label!=tier=db', 'type=custom']), ['front', 'mv']);
  assert.deepEqual(names(['driver=macvlan']), ['mv']);
  assert.deepEqual(names(['type=builtin']), ['bridge', 'host', 'none']);
  assert.deepEqual(names(['scope=local', 'type=custom']), ['front', 'back', 'mv']);
  assert.deepEqual(names(['scope=swarm']), []);
  const attached = [{ id: 'c1', name: 'web', networks: ['front'] }];
  assert.deepEqual(names(['dangling=true'], attached), ['back', 'mv']);
  assert.deepEqual(names(['dangling=false'], attached), ['bridge', 'front', 'host', 'none']);
  assert.deepEqual(names(['name=^f']), ['front']);
  assert.deepEqual(names(['name=(']), []);
  assert.throws(() => names(['foo=bar']), { message: "Error response from daemon: invalid filter 'foo'" });
  assert.throws(() => names(['type=x']), { message: "Error response from daemon: invalid filter 'type=x'" });
  assert.throws(() => names(['dangling=maybe']), { message: "Error response from daemon: invalid filter 'dangling=[maybe]'" });
});

test('resolveNetwork: full ID, name, unique prefix; Docker\'s not-found', () => {
  assert.equal(resolveNetwork(views, 'front').id, 'bb22'.padEnd(64, '0'));
  assert.equal(resolveNetwork(views, 'ee6').name, 'mv');
  assert.throws(() => resolveNetwork(views, 'bb'), /ambiguous/);
  assert.throws(() => resolveNetwork(views, 'zz'), { message: 'Error response from daemon: network zz not found' });
});

test('ls rendering: default table, -q, --no-trunc, rows as docker/cli', () => {
  const rows = views.slice(0, 2).map(networkRow);
  assert.equal(rows[1]!.Labels, 'tier=web');
  assert.equal(rows[1]!.CreatedAt, '2026-11-22 06:41:37.248 +0000 UTC');
  assert.equal(renderNetworkList(rows, {}), 'NETWORK ID     NAME      DRIVER    SCOPE\naa1100000000   bridge    bridge    local\nbb2200000000   front     bridge    local\n');
  assert.equal(renderNetworkList(rows, { quiet: true }), 'aa1100000000\nbb2200000000\n');
  assert.equal(renderNetworkList(rows, { quiet: true, noTrunc: true }), `${'aa11'.padEnd(64, '0')}\n${'bb22'.padEnd(64, '0')}\n`);
  assert.equal(renderNetworkPrune([]), '');
  assert.equal(renderNetworkPrune(['a', 'b']), 'Deleted Networks:\na\nb\n\n');
});
