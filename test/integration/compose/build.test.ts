import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';
import { composeProject } from '../../harness/compose';

const ok = (r: { exitCode: number; stderr: string; stdout?: string }): void => assert.equal(r.exitCode, 0, `${r.stderr}${r.stdout ?? ''}`);
const img = (): string => loadHarness().images.busybox;

test('build (--build-arg, image named <project>-<service> or image:), up runs the built CMD; push sends image: to the registry, another namespace pulls and runs it', async (t) => {
  const pushed = `${loadHarness().registryHost}/tsctl-test/${uniqueName('cpush')}:v1`;
  const p = await composeProject(t, {
    'compose.yaml': `
services:
  app:
    build:
      context: ./app
      args: {GREETING: from-file}
  pub:
    build: ./app
    image: ${pushed}
  plain:
    image: ${img()}
    command: ["true"]
  unbuilt:
    build: ./app
    image: ${loadHarness().registryHost}/tsctl-test/${uniqueName('unbuilt')}:v1
    profiles: [extra]
`,
    'app/Dockerfile': [`FROM ${img()}`, 'ARG GREETING=default', 'RUN echo "built $GREETING" > /msg', 'CMD ["cat", "/msg"]', ''].join('\n'),
  }, 'cbuild');
  const build = await p.compose(['build', '--build-arg', 'GREETING=from-cli', 'app']);
  ok(build);
  assert.match(build.stderr, / Service app {2}Built/);
  const built = await p.tsctl(['image', 'inspect', '-f', '{{index .RepoTags 0}}', `${p.name}-app`]);
  ok(built);
  assert.equal(built.stdout.trim(), `${p.name}-app:latest`);
  assert.equal((await p.tsctl(['image', 'inspect', `${p.name}-pub`])).exitCode, 1, 'only the named service is built');

  ok(await p.compose(['build', '-q', 'pub']));
  ok(await p.tsctl(['image', 'inspect', pushed]));

  // up uses the built images (no rebuild) and runs their CMD.
  const up = await p.compose(['up', 'app', 'pub']);
  ok(up);
  assert.doesNotMatch(up.stderr, /Building/);
  assert.match(up.stdout, /app-1 +\| built from-cli\n/);
  assert.match(up.stdout, /pub-1 +\| built default\n/);

  // push: only services with build and image; then a fresh namespace pulls it from the registry and runs it.
  const push = await p.compose(['push']);
  ok(push);
  const lines = push.stderr.split('\n');
  assert.ok(lines.includes(' app Skipped '), push.stderr);
  assert.ok(lines.includes(' plain Skipped '), push.stderr);
  assert.ok(lines.some((l) => l.startsWith(` Pushing ${pushed}: `) && l.endsWith(' Pushed ')), push.stderr);
  const other = withNamespace(t, 'cpull');
  ok(await tsctl(['-n', other, 'pull', '-q', pushed]));
  const run = await tsctl(['-n', other, 'run', '--rm', pushed]);
  ok(run);
  assert.equal(run.stdout, 'built default\n');

  // An image never built: the push fails, unless --ignore-push-failures (then Compose's `Pushing <service>: <error>`).
  const failed = await p.compose(['--profile', 'extra', 'push', 'unbuilt']);
  assert.equal(failed.exitCode, 1);
  assert.match(failed.stderr, /An image does not exist locally with the tag: /);
  const ignored = await p.compose(['--profile', 'extra', 'push', '--ignore-push-failures', 'unbuilt']);
  ok(ignored);
  assert.match(ignored.stderr, /^Pushing unbuilt: An image does not exist locally with the tag: /m);
});

test('up builds a missing image itself; up --build after a change rebuilds and recreates the container, up without it keeps it', async (t) => {
  const dockerfile = (v: string) => [`FROM ${img()}`, `RUN echo "version ${v}" > /msg`, 'CMD ["sh", "-c", "cat /msg; exec sleep 300"]', ''].join('\n');
  const p = await composeProject(t, {
    'compose.yaml': 'services:\n  app:\n    build: ./app\n    stop_signal: SIGKILL\n',
    'app/Dockerfile': dockerfile('1'),
  }, 'cbuild2');
  const up = await p.compose(['up', '-d']);
  ok(up);
  assert.match(up.stderr, / Service app {2}Built/);
  const logs = async () => (await p.compose(['logs', '--no-log-prefix', 'app'])).stdout;
  const id = async () => (await p.compose(['ps', '-q', 'app'])).stdout.trim();
  const first = await id();
  assert.equal(await logs(), 'version 1\n');
  await p.write('app/Dockerfile', dockerfile('2'));
  const again = await p.compose(['up', '-d']);
  ok(again);
  assert.doesNotMatch(again.stderr, /Building/);
  assert.equal(await id(), first);
  const rebuilt = await p.compose(['up', '-d', '--build']);
  ok(rebuilt);
  assert.match(rebuilt.stderr, new RegExp(` Container ${p.name}-app-1  Recreated`));
  assert.notEqual(await id(), first);
  assert.equal(await logs(), 'version 2\n');
  // down --rmi local removes the image compose named itself.
  ok(await p.compose(['down', '--rmi', 'local', '-t', '0']));
  assert.equal((await p.tsctl(['image', 'inspect', `${p.name}-app`])).exitCode, 1);
});
