import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ctrList } from '../../harness/ctr';
import { harnessCtr, loadHarness, tsctl, withNamespace } from '../../harness/env';

const img = () => loadHarness().images.busybox;
const addr = () => loadHarness().containerdAddress;

test('run attached: output on the right streams, the container\'s exit code, --rm leaves nothing', async (t) => {
  const ns = withNamespace(t, 'run');
  const r = await tsctl(['-n', ns, 'run', '--rm', img(), 'sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.equal(r.exitCode, 3);
  assert.equal(r.stdout, 'out\n');
  assert.match(r.stderr, /^Unable to find image '.+busybox:latest' locally\n/);
  assert.match(r.stderr, /err\n$/);
  const ok = await tsctl(['-n', ns, 'run', '--rm', img(), 'echo', 'hello', 'world']);
  assert.equal(ok.exitCode, 0, ok.stderr);
  assert.equal(ok.stdout, 'hello world\n');
  assert.equal(ok.stderr, '', 'no pull the second time');
  assert.deepEqual(await ctrList(addr(), ['containers', 'ls'], ns), []);
  assert.deepEqual(await ctrList(addr(), ['tasks', 'ls'], ns), []);
  const snaps = await harnessCtr(['snapshots', 'ls'], ns);
  assert.doesNotMatch(snaps.stdout, /Active/, 'no container snapshot left');
});

test('run exit codes: 127 not found, 126 not executable, 125 bad flag / bad image', async (t) => {
  const ns = withNamespace(t, 'codes');
  const nf = await tsctl(['-n', ns, 'run', '--rm', img(), 'nosuchcmd']);
  assert.equal(nf.exitCode, 127);
  assert.match(nf.stderr, /executable file not found in \$PATH/);
  const ne = await tsctl(['-n', ns, 'run', '--rm', img(), '/etc/passwd']);
  assert.equal(ne.exitCode, 126);
  assert.match(ne.stderr, /permission denied/);
  const flag = await tsctl(['-n', ns, 'run', '--bogus', img()]);
  assert.equal(flag.exitCode, 125);
  const noImage = await tsctl(['-n', ns, 'run', '--pull', 'never', 'nosuchimage']);
  assert.equal(noImage.exitCode, 125);
  assert.equal(noImage.stderr, 'Error response from daemon: No such image: nosuchimage\n');
  assert.deepEqual(await ctrList(addr(), ['containers', 'ls'], ns), [], 'failed runs leave no container');
});

test('run -d: logs keep flowing after the CLI exited; ps, stop, logs --tail/-t, rm', async (t) => {
  const ns = withNamespace(t, 'detach');
  const d = await tsctl(['-n', ns, 'run', '-d', '--name', 'ticker', img(), 'sh', '-c', 'i=0; while [ $i -lt 5 ]; do echo tick $i; i=$((i+1)); sleep 0.2; done; echo done >&2; sleep 100']);
  assert.equal(d.exitCode, 0, d.stderr);
  assert.match(d.stdout, /^[0-9a-f]{64}\n$/);
  const id = d.stdout.trim();
  let logs = '';
  for (let i = 0; i < 100 && !logs.includes('tick 4'); i++) {
    logs = (await tsctl(['-n', ns, 'logs', 'ticker'])).stdout;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(logs, 'tick 0\ntick 1\ntick 2\ntick 3\ntick 4\n');
  const tail = await tsctl(['-n', ns, 'logs', '--tail', '2', '-t', id.slice(0, 8)]);
  assert.match(tail.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z tick 4\n$/);
  assert.match(tail.stderr, /Z done\n$/);
  const ps = await tsctl(['-n', ns, 'ps', '--format', '{{.Names}} {{.Status}}']);
  assert.match(ps.stdout, /^ticker Up /);
  assert.equal((await tsctl(['-n', ns, 'stop', '-t', '0', 'ticker'])).exitCode, 0);
  assert.equal((await tsctl(['-n', ns, 'logs', 'ticker'])).stdout, 'tick 0\ntick 1\ntick 2\ntick 3\ntick 4\n');
  assert.equal((await tsctl(['-n', ns, 'rm', 'ticker'])).exitCode, 0);
  assert.deepEqual(await ctrList(addr(), ['containers', 'ls'], ns), []);
});

test('two concurrent runs with one name: exactly one wins, with Docker\'s conflict message', async (t) => {
  const ns = withNamespace(t, 'names');
  assert.equal((await tsctl(['-n', ns, 'pull', '-q', img()])).exitCode, 0);
  const [a, b] = await Promise.all([0, 1].map(() => tsctl(['-n', ns, 'run', '-d', '--name', 'only', img(), 'sleep', '100'])));
  const codes = [a?.exitCode, b?.exitCode].sort();
  assert.deepEqual(codes, [0, 125]);
  const loser = a?.exitCode === 125 ? a : b;
  assert.match(loser?.stderr ?? '', /^Conflict\. The container name "\/only" is already in use by container "[0-9a-f]{64}"\. You have to remove \(or rename\) that container to be able to reuse that name\.\n/);
  assert.equal((await ctrList(addr(), ['containers', 'ls'], ns)).length, 1);
  assert.equal((await tsctl(['-n', ns, 'rm', '-f', 'only'])).exitCode, 0);
  const again = await tsctl(['-n', ns, 'run', '--rm', '--name', 'only', img(), 'true']);
  assert.equal(again.exitCode, 0, again.stderr);
});

test('create + start -a; env, workdir, user, hostname, entrypoint flags reach the process', async (t) => {
  const ns = withNamespace(t, 'create');
  assert.equal((await tsctl(['-n', ns, 'pull', '-q', img()])).exitCode, 0);
  const c = await tsctl(['-n', ns, 'create', '--name', 'probe', '-e', 'FOO=bar', '-w', '/tmp', '-u', 'app', '-h', 'myhost', img(), 'sh', '-c', 'echo $FOO $(pwd) $(id -u):$(id -g) $(hostname) $HOSTNAME']);
  assert.equal(c.exitCode, 0, c.stderr);
  const ps = await tsctl(['-n', ns, 'ps', '-a', '--format', '{{.Names}} {{.Status}}']);
  assert.equal(ps.stdout, 'probe Created\n');
  const s = await tsctl(['-n', ns, 'start', '-a', 'probe']);
  assert.equal(s.exitCode, 0, s.stderr);
  assert.equal(s.stdout, 'bar /tmp 1000:1000 myhost myhost\n');
  const ep = await tsctl(['-n', ns, 'run', '--rm', '--entrypoint', 'echo', img(), 'from', 'entrypoint']);
  assert.equal(ep.stdout, 'from entrypoint\n');
  assert.equal((await tsctl(['-n', ns, 'rm', 'probe'])).exitCode, 0);
});
