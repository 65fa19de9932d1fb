/** Whole projects: a health-gated chain fed by a one-shot job, a port answering on the host, concurrency, bad input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { loadHarness } from '../../harness/env';
import { composeProject } from '../../harness/compose';

const ok = (r: { exitCode: number; stderr: string; stdout?: string }) => assert.equal(r.exitCode, 0, `${r.stderr}${r.stdout ?? ''}`);
const img = () => loadHarness().images.busybox;

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/index.html', timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a one-shot job fills a named volume, a healthy db gates the web server, whose published port answers from the host', async (t) => {
  const p = await composeProject(t, {
    'compose.yaml': `
services:
  seed:
    image: ${img()}
    command: ["sh", "-c", "echo 'hello from the volume' > /www/index.html"]
    volumes: [site:/www]
  db:
    image: ${img()}
    command: ["sh", "-c", "sleep 1; touch /ready; exec sleep 300"]
    stop_signal: SIGKILL
    healthcheck: {test: ["CMD", "test", "-f", "/ready"], interval: 500ms, retries: 20}
  web:
    image: ${img()}
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    stop_signal: SIGKILL
    volumes: [site:/www:ro]
    ports: ["127.0.0.1::8080"]
    depends_on:
      seed: {condition: service_completed_successfully}
      db: {condition: service_healthy}
volumes:
  site: {}
`,
  });
  const up = await p.compose(['up', '-d', '--wait']);
  ok(up);
  const at = (s: string) => up.stderr.indexOf(s);
  assert.ok(at(` Container ${p.name}-seed-1  Exited`) > 0 && at(` Container ${p.name}-db-1  Healthy`) > 0, up.stderr);
  assert.ok(at(` Container ${p.name}-web-1  Starting`) > Math.max(at(` Container ${p.name}-seed-1  Exited`), at(` Container ${p.name}-db-1  Healthy`)), up.stderr);
  const port = await p.compose(['port', 'web', '8080']);
  ok(port);
  const m = /^127\.0\.0\.1:(\d+)\n$/.exec(port.stdout);
  assert.ok(m, port.stdout);
  assert.equal(await httpGet(Number(m[1])), 'hello from the volume\n');
  ok(await p.compose(['down', '-v']));
  assert.equal((await p.tsctl(['volume', 'ls', '-q'])).stdout, '');
});

test('concurrency: the same project twice at once makes each container once; two projects at once both come up', async (t) => {
  const yaml = `
services:
  a: {image: ${img()}, command: ["sleep", "300"], stop_signal: SIGKILL}
  b: {image: ${img()}, command: ["sleep", "300"], stop_signal: SIGKILL, deploy: {replicas: 2}}
`;
  const p = await composeProject(t, { 'compose.yaml': yaml });
  ok(await p.tsctl(['pull', '-q', img()]));
  const [one, two] = await Promise.all([p.compose(['up', '-d']), p.compose(['up', '-d'])]);
  ok(one);
  ok(two);
  const names = (await p.compose(['ps', '-a', '--format', '{{.Name}}'])).stdout.split('\n').filter(Boolean);
  assert.deepEqual(names, [`${p.name}-a-1`, `${p.name}-b-1`, `${p.name}-b-2`]);
  const q = await composeProject(t, { 'compose.yaml': yaml });
  const r = await composeProject(t, { 'compose.yaml': yaml });
  const [x, y] = await Promise.all([q.tsctl(['compose', '-p', q.name, 'up', '-d'], { cwd: q.dir }), q.tsctl(['compose', '-p', r.name, 'up', '-d'], { cwd: r.dir })]);
  ok(x);
  ok(y);
  assert.equal((await q.tsctl(['compose', '-p', r.name, 'ps', '-q'], { cwd: r.dir })).stdout.split('\n').filter(Boolean).length, 3);
  assert.equal((await q.tsctl(['compose', '-p', q.name, 'ps', '-q'], { cwd: q.dir })).stdout.split('\n').filter(Boolean).length, 3);
  await q.tsctl(['compose', '-p', r.name, 'down', '-t', '0'], { cwd: r.dir });
});

test('bad input: clear errors naming the file, path or service, non-zero exit and nothing created; a port clash removes the failed container', async (t) => {
  const p = await composeProject(t, { 'compose.yaml': 'services: {}\n' });
  const cases: [string, Record<string, string>, RegExp][] = [
    ['schema', { 'compose.yaml': `services:\n  web:\n    image: ${img()}\n    ports: {bad: 1}\n` }, /services\.web\.ports must be a array/],
    ['required variable', { 'compose.yaml': `services:\n  web:\n    image: \${IMAGE:?set IMAGE please}\n` }, /set IMAGE please/],
    ['cycle', { 'compose.yaml': `services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [a]}\n` }, /dependency cycle detected: a -> b -> a/],
    ['unknown dependency', { 'compose.yaml': `services:\n  a: {image: x, depends_on: [ghost]}\n` }, /service "a" depends on undefined service "ghost"/],
    ['env_file', { 'compose.yaml': `services:\n  a: {image: x, env_file: [missing.env]}\n` }, /missing\.env/],
    ['secret file', { 'compose.yaml': `services:\n  a: {image: x, secrets: [s]}\nsecrets:\n  s: {file: ./nope.txt}\n` }, /nope\.txt/],
  ];
  for (const [what, files, err] of cases) {
    for (const [f, text] of Object.entries(files)) await p.write(f, text);
    const r = await p.compose(['up', '-d']);
    assert.notEqual(r.exitCode, 0, what);
    assert.match(r.stderr, err, what);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: one line: ${r.stderr}`);
  }
  assert.equal((await p.tsctl(['ps', '-aq'])).stdout, '');
  assert.equal((await p.tsctl(['network', 'ls', '-q', '--filter', `name=${p.name}`])).stdout, '');

  await p.write('compose.yaml', `
services:
  first: {image: ${img()}, command: ["sleep", "300"], stop_signal: SIGKILL, ports: ["127.0.0.1:18999:80"]}
  second: {image: ${img()}, command: ["sleep", "300"], stop_signal: SIGKILL, ports: ["127.0.0.1:18999:80"], depends_on: [first]}
`);
  const clash = await p.compose(['up', '-d']);
  assert.equal(clash.exitCode, 1, clash.stderr);
  assert.match(clash.stderr, new RegExp(` Container ${p.name}-second-1  Error`));
  assert.match(clash.stderr, /port is already allocated/);
  const left = (await p.compose(['ps', '-a', '--format', '{{.Name}} {{.State}}'])).stdout;
  assert.equal(left, `${p.name}-first-1 running\n`);
});
