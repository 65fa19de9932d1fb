/** The remaining flags of up, run and logs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadHarness, TSCTL_BIN } from '../../harness/env';
import { composeProject } from '../../harness/compose';
import { ptySession } from '../../harness/pty';

const ok = (r: { exitCode: number; stderr: string; stdout?: string }) => assert.equal(r.exitCode, 0, `${r.stderr}${r.stdout ?? ''}`);
const img = () => loadHarness().images.busybox;

test('up --no-deps, --abort-on-container-exit, --wait-timeout, --pull never; run -v and -p; logs -t, --tail, colours on a terminal', async (t) => {
  const p = await composeProject(t, {
    'compose.yaml': `
services:
  base:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
  app:
    image: ${img()}
    command: ["sh", "-c", "echo one; echo two; echo three; exec sleep 300"]
    stop_signal: SIGKILL
    depends_on: [base]
  quick:
    image: ${img()}
    command: ["sh", "-c", "echo quick done"]
  slowhealth:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    healthcheck: {test: ["CMD", "false"], interval: 10s, retries: 3}
    profiles: [slow]
  missing:
    image: ${loadHarness().registryHost}/tsctl-test/never-pushed:v1
    profiles: [missing]
`,
  });
  ok(await p.compose(['up', '-d', '--no-deps', 'app']));
  assert.equal((await p.compose(['ps', '-a', '--format', '{{.Service}}'])).stdout, 'app\n');
  // --abort-on-container-exit: quick exits, everything attached is stopped, up returns.
  const abort = await p.compose(['up', '--abort-on-container-exit', 'base', 'quick']);
  ok(abort);
  assert.match(abort.stdout, /quick-1  \| quick done\n/);
  assert.match(abort.stdout, /Aborting on container exit\.\.\.\n/);
  assert.match((await p.compose(['ps', '-a', '--format', '{{.Service}} {{.State}}', 'base'])).stdout, /^base exited$/m);
  // --wait-timeout: a healthcheck that cannot turn healthy in time.
  const slow = await p.compose(['--profile', 'slow', 'up', '-d', '--wait', '--wait-timeout', '1', 'slowhealth']);
  assert.equal(slow.exitCode, 1);
  assert.match(slow.stderr, /timeout waiting for .*slowhealth-1 to be healthy/);
  const never = await p.compose(['--profile', 'missing', 'up', '-d', '--pull', 'never', 'missing']);
  assert.equal(never.exitCode, 1);
  assert.match(never.stderr, /No such image: .*never-pushed:v1/);
  // run -v / -p.
  const r = await p.compose(['run', '--rm', '--no-deps', '-v', `${p.dir}:/host`, '-p', '127.0.0.1::9999', 'quick', 'sh', '-c', 'echo from-run > /host/out.txt']);
  ok(r);
  assert.equal(await readFile(join(p.dir, 'out.txt'), 'utf8'), 'from-run\n');
  // logs: --tail, -t.
  const tail = await p.compose(['logs', '--tail', '2', 'app']);
  assert.equal(tail.stdout, 'app-1  | two\napp-1  | three\n');
  const stamped = await p.compose(['logs', '-t', '--no-log-prefix', 'app']);
  assert.match(stamped.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z one\n/);
  // On a terminal the prefix is coloured (Compose's rotation), not with --no-color.
  const cli = `env -u NO_COLOR ${process.execPath} ${TSCTL_BIN} -n ${p.ns} compose -p ${p.name} -f ${p.dir}/compose.yaml logs`;
  const coloured = ptySession(`${cli} app`);
  assert.equal(await coloured.exited, 0);
  assert.match(coloured.output(), /\u001b\[36mapp-1 {2}\| \u001b\[0mone/);
  const plain = ptySession(`${cli} --no-color app`);
  assert.equal(await plain.exited, 0);
  assert.doesNotMatch(plain.output(), /\u001b\[/);
});
