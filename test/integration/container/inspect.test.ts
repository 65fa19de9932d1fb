import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHarness, tsctl, withNamespace } from '../../harness/env';

const img = () => loadHarness().images.busybox;

async function ok(ns: string, args: string[]): Promise<string> {
  const r = await tsctl(['-n', ns, ...args]);
  assert.equal(r.exitCode, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('container inspect: state of running, created and exited containers; ExitCode after stop; Env and Labels', async (t) => {
  const ns = withNamespace(t, 'cinspect');
  await ok(ns, ['pull', '-q', img()]);
  await ok(ns, ['run', '-d', '--name', 'web', '-e', 'FOO=bar', '--label', 'a=1', '--label', 'b=two', img(), 'sleep', '300']);
  await ok(ns, ['create', '--name', 'fresh', img(), 'true']);
  await ok(ns, ['run', '-d', '--name', 'quick', img(), 'sh', '-c', 'exit 3']);
  assert.equal(await ok(ns, ['wait', 'quick']), '3\n');

  const fmt = '{{.State.Status}} {{.State.Running}} {{.Name}}';
  assert.equal(await ok(ns, ['container', 'inspect', '-f', fmt, 'web', 'fresh', 'quick']), 'running true /web\ncreated false /fresh\nexited false /quick\n');
  assert.equal(await ok(ns, ['inspect', '-f', '{{.State.ExitCode}} {{.State.FinishedAt}}', 'quick']).then((s) => s.split(' ')[0]), '3');
  assert.match(await ok(ns, ['inspect', '-f', '{{.Config.Env}}', 'web']), /^\[.*FOO=bar.*\]\n$/);
  assert.equal(await ok(ns, ['inspect', '-f', '{{json .Config.Labels}}', 'web']), '{"a":"1","b":"two"}\n');

  const [obj] = JSON.parse(await ok(ns, ['container', 'inspect', 'web'])) as Record<string, unknown>[];
  assert.ok(obj);
  assert.match(String(obj.Id), /^[a-f0-9]{64}$/);
  assert.match(String(obj.Image), /^sha256:[a-f0-9]{64}$/);
  assert.equal(obj.Path, 'sleep');
  assert.deepEqual(obj.Args, ['300']);
  assert.equal(obj.Name, '/web');
  const state = obj.State as Record<string, unknown>;
  assert.equal(state.Running, true);
  assert.ok(Number(state.Pid) > 0);
  assert.notEqual(state.StartedAt, '0001-01-01T00:00:00Z');
  assert.equal(state.FinishedAt, '0001-01-01T00:00:00Z');
  const config = obj.Config as Record<string, unknown>;
  assert.equal(config.Image, img());
  assert.deepEqual(config.Cmd, ['sleep', '300']);
  assert.deepEqual((obj.HostConfig as Record<string, unknown>).RestartPolicy, { Name: 'no', MaximumRetryCount: 0 });

  await ok(ns, ['stop', '-t', '1', 'web']);
  assert.equal(await ok(ns, ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}} {{.State.Pid}}', 'web']), 'exited 137 0\n');

  const parseErr = await tsctl(['-n', ns, 'container', 'inspect', '-f', '{{.State', 'web']);
  assert.equal(parseErr.exitCode, 64);
});

test('top-level inspect: images and containers in one call, unknown refs, --type', async (t) => {
  const ns = withNamespace(t, 'inspect');
  await ok(ns, ['pull', '-q', img()]);
  await ok(ns, ['run', '-d', '--name', 'box', img(), 'sleep', '300']);

  const both = await ok(ns, ['inspect', '-f', '{{.Id}}', img(), 'box']);
  const [imageId, containerId] = both.trimEnd().split('\n');
  assert.match(imageId ?? '', /^sha256:[a-f0-9]{64}$/);
  assert.match(containerId ?? '', /^[a-f0-9]{64}$/);
  assert.equal(await ok(ns, ['inspect', '-f', '{{.Image}}', 'box']), `${imageId}\n`);

  const missing = await tsctl(['-n', ns, 'inspect', '-f', '{{.Name}}', 'box', 'ghost']);
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.stdout, '/box\n');
  assert.equal(missing.stderr, 'Error: No such object: ghost\n');

  const typedContainer = await tsctl(['-n', ns, 'container', 'inspect', 'ghost']);
  assert.equal(typedContainer.exitCode, 1);
  assert.equal(typedContainer.stdout, '[]\n');
  assert.equal(typedContainer.stderr, 'Error response from daemon: No such container: ghost\n');

  const asImage = await tsctl(['-n', ns, 'inspect', '--type', 'image', '-f', '{{.Id}}', img(), 'box']);
  assert.equal(asImage.exitCode, 1);
  assert.equal(asImage.stdout, `${imageId}\n`);
  assert.equal(asImage.stderr, 'Error response from daemon: No such image: box:latest\n');

  const asContainer = await tsctl(['-n', ns, 'inspect', '--type', 'container', '-f', '{{.Name}}', 'box']);
  assert.equal(asContainer.stdout, '/box\n');
  const badType = await tsctl(['-n', ns, 'inspect', '--type', 'bogus', 'box']);
  assert.equal(badType.exitCode, 1);
  assert.equal(badType.stderr, '"bogus" is not a valid value for --type\n');
});

test('inspect -s: SizeRw is the writable layer, SizeRootFs adds the image; without -s both are absent', async (t) => {
  const ns = withNamespace(t, 'inspect-size');
  assert.equal((await tsctl(['-n', ns, 'run', '--name', 'sized', img(), 'sh', '-c', 'head -c 300000 /dev/zero > /big'])).exitCode, 0);
  const [rw, root] = (await tsctl(['-n', ns, 'inspect', '-s', '-f', '{{.SizeRw}} {{.SizeRootFs}}', 'sized'])).stdout.trim().split(' ').map(Number);
  assert.ok((rw ?? 0) >= 300000, `SizeRw ${rw}`);
  assert.ok((root ?? 0) > (rw ?? 0) + 500000, `SizeRootFs ${root} includes busybox`);
  assert.equal((await tsctl(['-n', ns, 'inspect', '-f', '{{json .SizeRw}}', 'sized'])).stdout, 'null\n');
  assert.equal((await tsctl(['-n', ns, 'rm', 'sized'])).exitCode, 0);
});
