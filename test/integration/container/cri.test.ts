import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { harnessCtr, loadHarness, tsctl, withNamespace } from '../../harness/env';

// Containers as Kubernetes' CRI plugin leaves them in `k8s.io`: no tsctl/nerdctl labels, only io.kubernetes.*
// ones. The harness containerd runs without CRI, so ctr creates look-alikes (fixtures only; tsctl reads them).
const img = () => loadHarness().images.busybox;
const criId = (): string => randomBytes(32).toString('hex');
const podLabels = (kind: 'sandbox' | 'container', container?: string): string[] =>
  [
    'io.kubernetes.pod.namespace=default',
    'io.kubernetes.pod.name=web-7d4b9c-x2x4q',
    `io.cri-containerd.kind=${kind}`,
    ...(container === undefined ? [] : [`io.kubernetes.container.name=${container}`]),
  ].flatMap((l) => ['--label', l]);

async function ok(ns: string, args: string[]): Promise<string> {
  const r = await tsctl(['-n', ns, ...args]);
  assert.equal(r.exitCode, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('CRI containers: ps shows k8s://ns/pod/container names and their images; inspect works; logs fails like Docker', async (t) => {
  const ns = withNamespace(t, 'k8s-io');
  await ok(ns, ['pull', '-q', img()]);
  const sandbox = criId();
  const app = criId();
  const init = criId();
  for (const [id, labels, cmd] of [
    [sandbox, podLabels('sandbox'), ['sleep', '300']],
    [app, podLabels('container', 'app'), ['sleep', '300']],
  ] as const) {
    const r = await harnessCtr(['run', '-d', ...labels, img(), id, ...cmd], ns);
    assert.equal(r.exitCode, 0, r.stderr);
  }
  const created = await harnessCtr(['containers', 'create', ...podLabels('container', 'init'), img(), init, 'true'], ns);
  assert.equal(created.exitCode, 0, created.stderr);

  // --no-trunc: Docker quotes the command.
  const fmt = '{{.ID}}|{{.Names}}|{{.Image}}|{{.State}}|{{.Command}}';
  const all = (await ok(ns, ['ps', '-a', '--no-trunc', '--format', fmt])).split('\n').filter((l) => l !== '').sort();
  const want = [
    `${app}|k8s://default/web-7d4b9c-x2x4q/app|${img()}|running|"sleep 300"`,
    `${init}|k8s://default/web-7d4b9c-x2x4q/init|${img()}|created|"true"`,
    `${sandbox}|k8s://default/web-7d4b9c-x2x4q|${img()}|running|"sleep 300"`,
  ].sort();
  assert.deepEqual(all, want);
  // The default table: running ones only, short IDs, the names in the NAMES column.
  const table = (await ok(ns, ['ps'])).split('\n');
  assert.match(table[0] ?? '', /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
  const rows = table.slice(1).filter((l) => l !== '').sort();
  assert.equal(rows.length, 2);
  assert.ok(rows.some((l) => l.startsWith(app.slice(0, 12)) && l.endsWith(' k8s://default/web-7d4b9c-x2x4q/app')), rows.join('\n'));
  assert.ok(rows.some((l) => l.startsWith(sandbox.slice(0, 12)) && l.endsWith(' k8s://default/web-7d4b9c-x2x4q')), rows.join('\n'));
  // Filters see the same names and the CRI labels.
  assert.equal(await ok(ns, ['ps', '-aq', '--no-trunc', '--filter', 'name=/app$']), `${app}\n`);
  assert.equal(await ok(ns, ['ps', '-q', '--no-trunc', '--filter', 'label=io.cri-containerd.kind=sandbox']), `${sandbox}\n`);

  // inspect by ID prefix and by the k8s:// name.
  const [obj] = JSON.parse(await ok(ns, ['inspect', app.slice(0, 12)])) as Record<string, unknown>[];
  assert.ok(obj);
  assert.equal(obj.Id, app);
  assert.equal(obj.Name, '/k8s://default/web-7d4b9c-x2x4q/app');
  assert.equal((obj.State as Record<string, unknown>).Status, 'running');
  assert.equal((obj.Config as Record<string, unknown>).Image, img());
  assert.equal((obj.Config as Record<string, Record<string, string>>).Labels?.['io.kubernetes.container.name'], 'app');
  assert.equal(obj.LogPath, '');
  assert.equal(await ok(ns, ['inspect', '-f', '{{.Id}} {{.State.Status}}', 'k8s://default/web-7d4b9c-x2x4q/init']), `${init} created\n`);

  // No tsctl logger wrote their output: Docker's answer for a log driver it cannot read.
  for (const ref of [app, 'k8s://default/web-7d4b9c-x2x4q']) {
    const logs = await tsctl(['-n', ns, 'logs', ref]);
    assert.equal(logs.exitCode, 1);
    assert.equal(logs.stdout, '');
    assert.equal(logs.stderr, 'Error response from daemon: configured logging driver does not support reading\n');
  }
});
