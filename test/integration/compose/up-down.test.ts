import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { harnessEnv, loadHarness, TSCTL_BIN } from '../../harness/env';
import { composeProject } from '../../harness/compose';
import { pollUntil } from '../../harness/wait';

const ok = (r: { exitCode: number; stderr: string; stdout?: string }) => assert.equal(r.exitCode, 0, `${r.stderr}${r.stdout ?? ''}`);
const img = () => loadHarness().images.busybox;

interface PsRow { Name: string; Service: string; State: string; Status: string; ID: string }

async function psRows(p: { compose(a: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> }, all = true): Promise<PsRow[]> {
  const r = await p.compose(['ps', ...(all ? ['-a'] : []), '--format', 'json']);
  ok(r);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as PsRow);
}

test('up -d: healthy dependency first, aliases on a named network, ports, env_file, secrets and configs, named volume; down -v removes it all', async (t) => {
  const p = await composeProject(t, {
    'compose.yaml': `
services:
  db:
    image: ${img()}
    command: ["sh", "-c", "echo db-ready; touch /tmp/ok; exec sleep 300"]
    healthcheck: {test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s, retries: 5}
    networks: {back: {aliases: [database]}, default: {aliases: [store]}}
    volumes: [data:/data]
  other:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
  web:
    image: ${img()}
    command: ["sh", "-c", "exec sleep 300"]
    depends_on: {db: {condition: service_healthy}}
    networks: [back]
    ports: ["80"]
    env_file: [web.env]
    environment: {FROM_FILE_OVERRIDE: compose}
    secrets: [token]
    configs: [{source: greeting, target: /etc/greeting}]
networks:
  back: {}
volumes:
  data: {}
secrets:
  token: {file: ./token.txt}
configs:
  greeting: {content: "hello from config"}
`,
    'web.env': 'FROM_FILE=file\nFROM_FILE_OVERRIDE=file\n',
    'token.txt': 'tok-123',
  });
  const up = await p.compose(['up', '-d']);
  ok(up);
  // Compose's plain progress: the network first, the healthy wait before web starts.
  const events = up.stderr.split('\n').filter((l) => l.startsWith(' '));
  const at = (s: string) => events.indexOf(s);
  assert.ok(at(` Network ${p.name}_back  Created`) >= 0, up.stderr);
  assert.ok(at(` Volume "${p.name}_data"  Created`) >= 0, up.stderr);
  assert.ok(at(` Container ${p.name}-db-1  Healthy`) < at(` Container ${p.name}-web-1  Starting`), up.stderr);

  const rows = await psRows(p);
  assert.deepEqual(rows.map((r) => [r.Name, r.Service, r.State]), [[`${p.name}-db-1`, 'db', 'running'], [`${p.name}-other-1`, 'other', 'running'], [`${p.name}-web-1`, 'web', 'running']]);
  assert.match(rows[0]!.Status, /\(healthy\)/);
  const table = await p.compose(['ps']);
  assert.match(table.stdout.split('\n')[0]!, /^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS$/);

  const web = `${p.name}-web-1`;
  const exec = async (cmd: string) => {
    const r = await p.tsctl(['exec', web, 'sh', '-c', cmd]);
    ok(r);
    return r.stdout;
  };
  // The service name and the alias resolve on the shared network.
  assert.equal(await exec('ping -c1 -W2 db >/dev/null && ping -c1 -W2 database >/dev/null && echo reachable'), 'reachable\n');
  assert.equal(await exec('echo $FROM_FILE $FROM_FILE_OVERRIDE'), 'file compose\n');
  // Aliases are per network: \`store\` is db's alias on the default network only, which web is not on.
  assert.equal(await exec('grep -c store /etc/hosts || true'), '0\n');
  const other = await p.tsctl(['exec', `${p.name}-other-1`, 'sh', '-c', 'ping -c1 -W2 store >/dev/null && ping -c1 -W2 db >/dev/null && echo ok; grep -c database /etc/hosts || true']);
  assert.equal(other.stdout, 'ok\n0\n', other.stderr);
  assert.equal(await exec('cat /run/secrets/token; echo; cat /etc/greeting'), 'tok-123\nhello from config');
  const port = await p.compose(['ps', '--format', '{{.Ports}}', 'web']);
  assert.match(port.stdout, /0\.0\.0\.0:\d+->80\/tcp/);
  const logs = await p.compose(['logs', 'db']);
  ok(logs);
  assert.equal(logs.stdout, 'db-1  | db-ready\n');

  const down = await p.compose(['down', '-v']);
  ok(down);
  assert.ok(down.stderr.includes(` Network ${p.name}_back  Removed`), down.stderr);
  assert.deepEqual(await psRows(p), []);
  assert.equal((await p.tsctl(['network', 'ls', '-q', '--filter', `name=${p.name}`])).stdout, '');
  assert.equal((await p.tsctl(['volume', 'ls', '-q'])).stdout, '');
  assert.equal((await p.tsctl(['ps', '-aq'])).stdout, '');
});

test('up again: unchanged containers keep running, a changed service is recreated, --force-recreate / --no-recreate, scale and orphans', async (t) => {
  const file = (env: string) => `
services:
  a:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    environment: {V: "${env}"}
  b:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
`;
  const p = await composeProject(t, { 'compose.yaml': file('1') });
  ok(await p.compose(['up', '-d']));
  const ids = async () => Object.fromEntries((await psRows(p)).map((r) => [r.Name, r.ID]));
  const first = await ids();
  const again = await p.compose(['up', '-d']);
  ok(again);
  assert.ok(again.stderr.includes(` Container ${p.name}-a-1  Running`), again.stderr);
  assert.deepEqual(await ids(), first);

  await p.write('compose.yaml', file('2'));
  const changed = await p.compose(['up', '-d']);
  ok(changed);
  assert.ok(changed.stderr.includes(` Container ${p.name}-a-1  Recreated`), changed.stderr);
  const second = await ids();
  assert.notEqual(second[`${p.name}-a-1`], first[`${p.name}-a-1`]);
  assert.equal(second[`${p.name}-b-1`], first[`${p.name}-b-1`]);
  assert.equal((await p.tsctl(['exec', `${p.name}-a-1`, 'sh', '-c', 'echo $V'])).stdout, '2\n');

  ok(await p.compose(['up', '-d', '--no-recreate']));
  assert.deepEqual(await ids(), second);
  ok(await p.compose(['up', '-d', '--force-recreate', 'b']));
  assert.notEqual((await ids())[`${p.name}-b-1`], second[`${p.name}-b-1`]);

  ok(await p.compose(['up', '-d', '--scale', 'b=3']));
  assert.deepEqual((await psRows(p)).map((r) => r.Name), [`${p.name}-a-1`, `${p.name}-b-1`, `${p.name}-b-2`, `${p.name}-b-3`]);
  ok(await p.compose(['up', '-d', '--scale', 'b=1']));
  assert.deepEqual((await psRows(p)).map((r) => r.Name), [`${p.name}-a-1`, `${p.name}-b-1`]);

  // b leaves the file: an orphan, reported, then removed with --remove-orphans.
  await p.write('compose.yaml', file('2').replace(/ {2}b:[\s\S]*$/, ''));
  const orphan = await p.compose(['up', '-d']);
  ok(orphan);
  assert.match(orphan.stderr, new RegExp(`Found orphan containers \\(\\[${p.name}-b-1\\]\\) for this project`));
  ok(await p.compose(['up', '-d', '--remove-orphans']));
  assert.deepEqual((await psRows(p)).map((r) => r.Name), [`${p.name}-a-1`]);
});

test('attached up: prefixed output of every service, `exited with code`, --exit-code-from returns that code', async (t) => {
  const p = await composeProject(t, {
    'compose.yaml': `
services:
  init:
    image: ${img()}
    command: ["sh", "-c", "echo init done"]
  app:
    image: ${img()}
    command: ["sh", "-c", "echo app starts; sleep 1; echo app ends; exit 3"]
    depends_on: {init: {condition: service_completed_successfully}}
`,
  });
  const r = await p.compose(['up', '--exit-code-from', 'app']);
  assert.equal(r.exitCode, 3, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], 'Attaching to app-1, init-1');
  assert.ok(lines.includes('init-1  | init done'), r.stdout);
  assert.ok(lines.includes('app-1   | app starts'), r.stdout);
  assert.ok(lines.indexOf('app-1   | app ends') < lines.indexOf('app-1 exited with code 3'), r.stdout);
  assert.ok(lines.includes('init-1 exited with code 0'), r.stdout);
  // The one-shot dependency completed before app was started.
  assert.ok(r.stderr.indexOf(` Container ${p.name}-init-1  Exited`) < r.stderr.indexOf(` Container ${p.name}-app-1  Starting`), r.stderr);
  const states = (await psRows(p)).map((x) => [x.Service, x.State]);
  assert.deepEqual(states, [['app', 'exited'], ['init', 'exited']]);
});

test('a failed dependency stops up: service_completed_successfully with exit 1, and an unhealthy one', async (t) => {
  const p = await composeProject(t, {
    'compose.yaml': `
services:
  setup:
    image: ${img()}
    command: ["sh", "-c", "exit 1"]
  sick:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    healthcheck: {test: ["CMD", "false"], interval: 500ms, retries: 1}
  app:
    image: ${img()}
    command: ["sleep", "300"]
    depends_on: {setup: {condition: service_completed_successfully}}
  other:
    image: ${img()}
    command: ["sleep", "300"]
    depends_on: {sick: {condition: service_healthy}}
`,
  });
  const a = await p.compose(['up', '-d', 'app']);
  assert.equal(a.exitCode, 1);
  assert.match(a.stderr, /service "setup" didn't complete successfully: exit 1/);
  const b = await p.compose(['up', '-d', 'other']);
  assert.equal(b.exitCode, 1);
  assert.match(b.stderr, new RegExp(`dependency failed to start: container ${p.name}-sick-1 is unhealthy`));
  const states = Object.fromEntries((await psRows(p)).map((x) => [x.Service, x.State]));
  assert.equal(states.app, 'created');
  assert.equal(states.other, 'created');
});

test('stop, start, restart, pause, unpause, kill and rm act on the selected services', async (t) => {
  const p = await composeProject(t, {
    'compose.yaml': `
services:
  a:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
  b:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    depends_on: [a]
`,
  });
  ok(await p.compose(['up', '-d']));
  const state = async () => Object.fromEntries((await psRows(p)).map((x) => [x.Service, x.State]));
  ok(await p.compose(['stop', 'b']));
  assert.deepEqual(await state(), { a: 'running', b: 'exited' });
  // Default ps shows running containers only; --status picks states.
  assert.deepEqual((await psRows(p, false)).map((x) => x.Service), ['a']);
  assert.equal((await p.compose(['ps', '--status', 'exited', '--format', '{{.Service}}'])).stdout, 'b\n');
  assert.equal((await p.compose(['ps', '--services', '--filter', 'status=running'])).stdout, 'a\n');
  ok(await p.compose(['start']));
  assert.deepEqual(await state(), { a: 'running', b: 'running' });
  ok(await p.compose(['pause', 'a']));
  assert.deepEqual(await state(), { a: 'paused', b: 'running' });
  ok(await p.compose(['unpause', 'a']));
  const before = (await p.tsctl(['inspect', '-f', '{{.State.StartedAt}}', `${p.name}-a-1`])).stdout;
  const restart = await p.compose(['restart', 'a']);
  ok(restart);
  assert.notEqual((await p.tsctl(['inspect', '-f', '{{.State.StartedAt}}', `${p.name}-a-1`])).stdout, before);
  const kill = await p.compose(['kill', 'b']);
  ok(kill);
  assert.ok(kill.stderr.includes(` Container ${p.name}-b-1  Killed`), kill.stderr);
  await pollUntil('b exited', async () => (await state()).b === 'exited', { timeoutMs: 10_000, intervalMs: 100 });
  const rm = await p.compose(['rm', '-f']);
  ok(rm);
  assert.deepEqual(await state(), { a: 'running' });
  ok(await p.compose(['rm', '-f', '-s']));
  assert.deepEqual(await state(), {});
});

test('up --wait fails on an unhealthy service; bad input gets clear errors', async (t) => {
  const p = await composeProject(t, {
    'compose.yaml': `
services:
  s:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    healthcheck: {test: ["CMD", "false"], interval: 500ms, retries: 1}
`,
  });
  const w = await p.compose(['up', '-d', '--wait']);
  assert.equal(w.exitCode, 1);
  assert.match(w.stderr, new RegExp(`container ${p.name}-s-1 is unhealthy`));
  const unknown = await p.compose(['up', '-d', 'nope']);
  assert.equal(unknown.exitCode, 1);
  assert.match(unknown.stderr, /no such service: nope/);
  const incompatible = await p.compose(['up', '-d', '--abort-on-container-exit']);
  assert.notEqual(incompatible.exitCode, 0);
  assert.match(incompatible.stderr, /--abort-on-container-exit and --detach are incompatible/);
  const scale = await p.compose(['up', '-d', '--scale', 's']);
  assert.notEqual(scale.exitCode, 0);
  assert.match(scale.stderr, /invalid --scale option "s"/);
  // `-f` before the verb is the project file, after `logs` it is --follow.
  const logs = await p.tsctl(['compose', '-p', p.name, '-f', `${p.dir}/compose.yaml`, 'logs', '--no-log-prefix', '-f', '--tail', '0'], { timeoutMs: 5000 }).catch((e: Error) => ({ exitCode: -2, stdout: '', stderr: e.message }));
  // Following a running container does not end by itself: the timeout shows -f was taken as --follow.
  assert.match(logs.stderr, /timed out/);
  const down = await p.compose(['down', '-t', '0']);
  ok(down);
  const none = await p.compose(['down']);
  ok(none);
  assert.match(none.stderr, new RegExp(`No resource found to remove for project "${p.name}"`));
  const missing = await p.tsctl(['compose', '-p', p.name, 'ps'], { cwd: '/' });
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stderr, /no configuration file provided: not found/);
});

test('attached up: Ctrl-C stops every container gracefully and exits 130', async (t) => {
  const p = await composeProject(t, {
    'compose.yaml': `
services:
  a:
    image: ${img()}
    command: ["sh", "-c", "trap 'echo got term; exit 0' TERM; echo a up; while true; do sleep 0.2; done"]
  b:
    image: ${img()}
    command: ["sh", "-c", "echo b up; exec sleep 300"]
    stop_grace_period: 1s
`,
  });
  const child = execa(process.execPath, [TSCTL_BIN, '-n', p.ns, 'compose', '-p', p.name, 'up'], { cwd: p.dir, env: harnessEnv(), reject: false, stdin: 'ignore' });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await pollUntil('both services print', async () => out.includes('a-1  | a up') && out.includes('b-1  | b up'), { timeoutMs: 30_000, intervalMs: 50 });
  child.kill('SIGINT');
  const r = await child;
  assert.equal(r.exitCode, 130, r.stderr);
  assert.match(out, /Gracefully stopping\.\.\. \(press Ctrl\+C again to force\)\n/);
  assert.match(out, /a-1  \| got term\n/);
  assert.deepEqual((await psRows(p)).map((x) => [x.Service, x.State]), [['a', 'exited'], ['b', 'exited']]);
});

test('recreate keeps anonymous volumes (Compose), -V renews them, down -v removes them', async (t) => {
  const file = (v: string) => `
services:
  s:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    environment: {V: "${v}"}
    volumes: [/keep]
`;
  const p = await composeProject(t, { 'compose.yaml': file('1') });
  ok(await p.compose(['up', '-d']));
  const c = `${p.name}-s-1`;
  ok(await p.tsctl(['exec', c, 'sh', '-c', 'echo precious > /keep/f']));
  await p.write('compose.yaml', file('2'));
  ok(await p.compose(['up', '-d']));
  assert.equal((await p.tsctl(['exec', c, 'cat', '/keep/f'])).stdout, 'precious\n');
  assert.equal((await p.tsctl(['volume', 'ls', '-q'])).stdout.split('\n').filter(Boolean).length, 1);
  await p.write('compose.yaml', file('3'));
  ok(await p.compose(['up', '-d', '-V']));
  const gone = await p.tsctl(['exec', c, 'ls', '/keep']);
  assert.equal(gone.stdout, '');
  assert.equal((await p.tsctl(['volume', 'ls', '-q'])).stdout.split('\n').filter(Boolean).length, 1);
  ok(await p.compose(['down', '-v', '-t', '0']));
  assert.equal((await p.tsctl(['volume', 'ls', '-q'])).stdout, '');
});

test('depends_on restart: true restarts the dependent when its dependency is recreated or restarted', async (t) => {
  const file = (v: string) => `
services:
  db:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    environment: {V: "${v}"}
  app:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    depends_on: {db: {condition: service_started, restart: true}}
`;
  const p = await composeProject(t, { 'compose.yaml': file('1') });
  ok(await p.compose(['up', '-d']));
  const app = `${p.name}-app-1`;
  const started = async () => (await p.tsctl(['inspect', '-f', '{{.Id}} {{.State.StartedAt}}', app])).stdout;
  const first = await started();
  await p.write('compose.yaml', file('2'));
  ok(await p.compose(['up', '-d']));
  const second = await started();
  assert.equal(second.split(' ')[0], first.split(' ')[0], 'same container');
  assert.notEqual(second, first, 'started again');
  ok(await p.compose(['restart', 'db']));
  assert.notEqual(await started(), second);
});
