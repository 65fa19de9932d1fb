/** compose create, exec and run (one-off containers). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHarness } from '../../harness/env';
import { composeProject } from '../../harness/compose';

const ok = (r: { exitCode: number; stderr: string; stdout?: string }) => assert.equal(r.exitCode, 0, `${r.stderr}${r.stdout ?? ''}`);
const img = () => loadHarness().images.busybox;

const YAML = () => `
services:
  db:
    image: ${img()}
    command: ["sh", "-c", "touch /ready; exec sleep 300"]
    stop_signal: SIGKILL
    healthcheck: {test: ["CMD", "test", "-f", "/ready"], interval: 500ms, retries: 20}
  web:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    environment: {A: one}
    ports: ["127.0.0.1::80"]
    deploy: {replicas: 2}
    depends_on: {db: {condition: service_healthy}}
`;

test('create makes the containers without starting them; exec runs in the service container (--index, -e, -w, -u, exit code)', async (t) => {
  const p = await composeProject(t, { 'compose.yaml': YAML() });
  ok(await p.compose(['create']));
  const rows = (await p.compose(['ps', '-a', '--format', '{{.Name}} {{.State}}'])).stdout;
  assert.equal(rows, `${p.name}-db-1 created\n${p.name}-web-1 created\n${p.name}-web-2 created\n`);
  const notRunning = await p.compose(['exec', 'web', 'true']);
  assert.equal(notRunning.exitCode, 1);
  assert.match(notRunning.stderr, /service "web" is not running/);
  ok(await p.compose(['up', '-d']));
  const e = await p.compose(['exec', '-T', 'web', 'sh', '-c', 'echo $A $B; pwd; id -u; hostname']);
  ok(e);
  const id1 = (await p.tsctl(['inspect', '-f', '{{.Config.Hostname}}', `${p.name}-web-1`])).stdout.trim();
  const id2 = (await p.tsctl(['inspect', '-f', '{{.Config.Hostname}}', `${p.name}-web-2`])).stdout.trim();
  assert.equal(e.stdout, `one\n/\n0\n${id1}\n`);
  const second = await p.compose(['exec', '--index', '2', '-e', 'B=two', '-w', '/tmp', '-u', '1000', 'web', 'sh', '-c', 'echo $A $B; pwd; id -u; hostname']);
  ok(second);
  assert.equal(second.stdout, `one two\n/tmp\n1000\n${id2}\n`);
  const code = await p.compose(['exec', 'web', 'sh', '-c', 'echo out; echo err >&2; exit 7']);
  assert.equal(code.exitCode, 7);
  assert.equal(code.stdout, 'out\n');
  assert.equal(code.stderr, 'err\n');
  // stdin reaches the process (`compose exec -T db psql < dump.sql`).
  const piped = await p.compose(['exec', '-T', 'db', 'sh', '-c', 'cat | wc -l'], { input: 'a\nb\nc\n' });
  ok(piped);
  assert.equal(piped.stdout.trim(), '3');
});

test('run: a one-off container after its dependencies, command and entrypoint overrides, exit code, --rm, -d, ports only with --service-ports; down removes one-offs', async (t) => {
  const p = await composeProject(t, { 'compose.yaml': YAML() });
  const r = await p.compose(['run', '--rm', 'web', 'sh', '-c', 'echo run $A $B; exit 4'], { env: {} });
  assert.equal(r.exitCode, 4, r.stderr);
  assert.equal(r.stdout, 'run one\n');
  // The dependency was started and waited for; the service's own containers were not created.
  assert.match(r.stderr, new RegExp(` Container ${p.name}-db-1  Healthy`));
  const after = (await p.compose(['ps', '-a', '--format', '{{.Name}} {{.State}}'])).stdout;
  assert.equal(after, `${p.name}-db-1 running\n`);
  const e = await p.compose(['run', '--rm', '-e', 'B=two', '--entrypoint', 'echo', 'web', 'hello']);
  ok(e);
  assert.equal(e.stdout, 'hello\n');
  const d = await p.compose(['run', '-d', '--name', 'oneoff-x', 'web', 'sleep', '300']);
  ok(d);
  assert.equal(d.stdout, 'oneoff-x\n');
  const labels = await p.tsctl(['inspect', '-f', '{{index .Config.Labels "com.docker.compose.oneoff"}} {{index .Config.Labels "com.docker.compose.service"}} {{.NetworkSettings.Ports}}', 'oneoff-x']);
  assert.equal(labels.stdout, 'True web map[]\n');
  // Default ps leaves one-offs out; -a shows them.
  assert.doesNotMatch((await p.compose(['ps', '--format', '{{.Name}}'])).stdout, /oneoff-x/);
  assert.match((await p.compose(['ps', '-a', '--format', '{{.Name}}'])).stdout, /oneoff-x/);
  const ports = await p.compose(['run', '-d', '--service-ports', '--name', 'oneoff-p', 'web', 'sleep', '300']);
  ok(ports);
  assert.match((await p.tsctl(['port', 'oneoff-p'])).stdout, /^80\/tcp -> 127\.0\.0\.1:\d+$/m);
  const noDeps = await p.compose(['run', '--rm', '--no-deps', 'db', 'echo', 'alone']);
  ok(noDeps);
  assert.equal(noDeps.stdout, 'alone\n');
  ok(await p.compose(['down', '-t', '0']));
  assert.equal((await p.tsctl(['ps', '-aq'])).stdout, '');
});
