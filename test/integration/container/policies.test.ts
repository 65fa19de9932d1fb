import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harnessCtr, loadHarness, tsctl, withNamespace } from '../../harness/env';

/** Polls `check` (every 200 ms, up to `ms`) until it returns a value that is not undefined. */
async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const inspect = async (ns: string, name: string, format: string): Promise<string> => (await tsctl(['-n', ns, 'inspect', '-f', format, name])).stdout.trim();

test('--restart on-failure:N restarts a failing container N times, counted; logs keep every run', async (t) => {
  const ns = withNamespace(t, 'pol-fail');
  const img = loadHarness().images.busybox;
  const f = await tsctl(['-n', ns, 'run', '-d', '--name', 'fail', '--restart', 'on-failure:2', img, 'sh', '-c', 'echo run; exit 3']);
  assert.equal(f.exitCode, 0, f.stderr);
  await until('two restarts and a final exit', async () => ((await inspect(ns, 'fail', '{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}')) === '2 exited 3' ? true : undefined));
  // The last run's line reaches the log a moment after its exit is recorded (see compat.md, logs after exit).
  const logs = await until('every run logged', async () => {
    const out = (await tsctl(['-n', ns, 'logs', 'fail'])).stdout;
    return out.split('\n').length > 3 ? out : undefined;
  });
  assert.equal(logs, 'run\nrun\nrun\n');
  assert.equal(await inspect(ns, 'fail', '{{json .HostConfig.RestartPolicy}}'), '{"Name":"on-failure","MaximumRetryCount":2}');
  // A successful exit is not restarted by on-failure.
  assert.equal((await tsctl(['-n', ns, 'run', '-d', '--name', 'ok', '--restart', 'on-failure', img, 'true'])).exitCode, 0);
  await until('exit 0', async () => ((await inspect(ns, 'ok', '{{.State.Status}}')) === 'exited' ? true : undefined));
  assert.equal(await inspect(ns, 'ok', '{{.RestartCount}}'), '0');
});

test('--restart always: a crash (killed from outside) is restarted; `stop` keeps it stopped', async (t) => {
  const ns = withNamespace(t, 'pol-always');
  const img = loadHarness().images.busybox;
  const run = await tsctl(['-n', ns, 'run', '-d', '--name', 'always', '--restart', 'always', img, 'sleep', '1000']);
  assert.equal(run.exitCode, 0, run.stderr);
  const id = run.stdout.trim();
  const pid1 = await inspect(ns, 'always', '{{.State.Pid}}');
  // A crash: the process dies without tsctl being asked (containerd's own client kills it).
  assert.equal((await harnessCtr(['tasks', 'kill', '--signal', 'SIGKILL', id], ns)).exitCode, 0);
  const pid2 = await until('a new process', async () => {
    const [status, pid, count] = (await inspect(ns, 'always', '{{.State.Status}} {{.State.Pid}} {{.RestartCount}}')).split(' ');
    return status === 'running' && pid !== pid1 && count === '1' ? pid : undefined;
  });
  assert.notEqual(pid2, pid1);
  assert.equal((await tsctl(['-n', ns, 'stop', '-t', '1', 'always'])).exitCode, 0);
  // containerd's restart monitor (the safety net for always) may have been mid-restart: it settles on stopped.
  await until('stopped', async () => ((await inspect(ns, 'always', '{{.State.Status}}')) === 'exited' ? true : undefined), 15_000);
  // The restart back-off here would be 200 ms: after well over that it is still stopped.
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(await inspect(ns, 'always', '{{.State.Status}}'), 'exited');
  // `start` makes the policy apply again.
  assert.equal((await tsctl(['-n', ns, 'start', 'always'])).exitCode, 0);
  assert.equal(await inspect(ns, 'always', '{{.State.Status}}'), 'running');
  assert.equal((await tsctl(['-n', ns, 'rm', '-f', 'always'])).exitCode, 0);
});

test('run -d --rm: the container is removed when it exits, with its snapshot; --rm with --restart is refused', async (t) => {
  const ns = withNamespace(t, 'pol-rm');
  const img = loadHarness().images.busybox;
  assert.equal((await tsctl(['-n', ns, 'run', '-d', '--rm', '--name', 'gone', img, 'sh', '-c', 'sleep 0.5'])).exitCode, 0);
  await until('removal', async () => ((await tsctl(['-n', ns, 'ps', '-aq'])).stdout === '' ? true : undefined));
  assert.equal((await harnessCtr(['containers', 'ls', '-q'], ns)).stdout.trim(), '');
  assert.doesNotMatch((await harnessCtr(['snapshots', 'ls'], ns)).stdout, /Active/);
  const both = await tsctl(['-n', ns, 'run', '--rm', '--restart', 'always', img, 'true']);
  assert.equal(both.exitCode, 125);
  assert.equal(both.stderr, 'conflicting options: cannot specify both --restart and --rm\n');
});

test('healthcheck: starting → healthy → unhealthy in ps and inspect; timeouts recorded as Docker does', async (t) => {
  const ns = withNamespace(t, 'pol-health');
  const img = loadHarness().images.busybox;
  const run = await tsctl(['-n', ns, 'run', '-d', '--name', 'hc', '--health-cmd', 'cat /tmp/ok', '--health-interval', '300ms', '--health-retries', '2', img, 'sh', '-c', 'sleep 1; echo fine > /tmp/ok; sleep 1000']);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.match((await tsctl(['-n', ns, 'ps', '--format', '{{.Status}}'])).stdout, /^Up .* \((health: starting|unhealthy)\)\n$/);
  await until('healthy', async () => ((await tsctl(['-n', ns, 'ps', '--format', '{{.Status}}'])).stdout.endsWith('(healthy)\n') ? true : undefined));
  const health = JSON.parse(await inspect(ns, 'hc', '{{json .State.Health}}')) as { Status: string; FailingStreak: number; Log: { ExitCode: number; Output: string }[] };
  assert.equal(health.Status, 'healthy');
  assert.equal(health.FailingStreak, 0);
  assert.deepEqual(health.Log.at(-1), { ...health.Log.at(-1), ExitCode: 0, Output: 'fine\n' });
  assert.ok(health.Log.length <= 5);
  assert.equal(await inspect(ns, 'hc', '{{json .Config.Healthcheck}}'), '{"Test":["CMD-SHELL","cat /tmp/ok"],"Interval":300000000,"Retries":2}');
  assert.equal((await tsctl(['-n', ns, 'exec', 'hc', 'rm', '/tmp/ok'])).exitCode, 0);
  await until('unhealthy', async () => ((await inspect(ns, 'hc', '{{.State.Health.Status}} {{.State.Health.FailingStreak}}')).startsWith('unhealthy ') ? true : undefined));
  assert.match((await tsctl(['-n', ns, 'ps', '--format', '{{.Status}}'])).stdout, /\(unhealthy\)\n$/);
  assert.equal((await tsctl(['-n', ns, 'ps', '--filter', 'health=unhealthy', '--format', '{{.Names}}'])).stdout, 'hc\n');
  assert.equal((await tsctl(['-n', ns, 'ps', '--filter', 'health=healthy', '--format', '{{.Names}}'])).stdout, '');
  const slow = await tsctl(['-n', ns, 'run', '-d', '--name', 'slow', '--health-cmd', 'sleep 5', '--health-interval', '200ms', '--health-timeout', '300ms', '--health-retries', '1', img, 'sleep', '1000']);
  assert.equal(slow.exitCode, 0, slow.stderr);
  const last = await until('a timed-out probe', async () => {
    const h = JSON.parse(await inspect(ns, 'slow', '{{json .State.Health}}')) as { Status: string; Log: { ExitCode: number; Output: string }[] };
    return h.Status === 'unhealthy' ? h.Log.at(-1) : undefined;
  });
  assert.deepEqual({ ExitCode: last?.ExitCode, Output: last?.Output }, { ExitCode: -1, Output: 'Health check exceeded timeout (300ms)' });
  assert.equal(await inspect(ns, 'hc', '{{json .State.Health}}') !== 'null', true);
  assert.equal((await tsctl(['-n', ns, 'rm', '-f', 'hc', 'slow'])).exitCode, 0);
});
