import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { execa } from 'execa';
import { TSCTL_BIN, harnessEnv, loadHarness, tsctl, withNamespace } from '../../harness/env';
import { bytesSize } from '../../../src/output/views/info';

const img = () => loadHarness().images.busybox;

interface JsonRow {
  BlockIO: string; CPUPerc: string; Container: string; ID: string; MemPerc: string; MemUsage: string; Name: string; NetIO: string; PIDs: string;
}

async function runDetached(ns: string, args: string[]): Promise<string> {
  const r = await tsctl(['-n', ns, 'run', '-d', ...args]);
  assert.equal(r.exitCode, 0, r.stderr);
  return r.stdout.trim();
}

async function untilStatus(ns: string, name: string, re: RegExp): Promise<void> {
  let last = '';
  for (let i = 0; i < 200; i++) {
    last = (await tsctl(['-n', ns, 'ps', '-a', '--format', '{{.Names}} {{.Status}}'])).stdout;
    if (last.split('\n').some((l) => l.startsWith(`${name} `) && re.test(l))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`${name} never matched ${re}: ${last}`);
}

test('stats --no-stream: CPU, memory with its --memory limit, PIDs; json keys; the default table', async (t) => {
  const ns = withNamespace(t, 'stats');
  const id = await runDetached(ns, ['--name', 'burner', '-m', '64m', img(), 'sh', '-c', 'dd if=/dev/zero of=/dev/null']);
  // 8 MiB in /dev/shm (tmpfs pages are charged to the container's memory cgroup, and are not inactive_file); no
  // --memory: LIMIT is the host's memory.
  await runDetached(ns, ['--name', 'hog', img(), 'sh', '-c', 'head -c 8388608 /dev/zero > /dev/shm/fill; sleep 1000']);

  const json = await tsctl(['-n', ns, 'stats', '--no-stream', '--format', 'json', 'burner']);
  assert.equal(json.exitCode, 0, json.stderr);
  const lines = json.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 1, json.stdout);
  const row = JSON.parse(lines[0] ?? '') as JsonRow;
  assert.deepEqual(Object.keys(row), ['BlockIO', 'CPUPerc', 'Container', 'ID', 'MemPerc', 'MemUsage', 'Name', 'NetIO', 'PIDs']);
  assert.equal(row.Container, 'burner');
  assert.equal(row.Name, 'burner');
  assert.equal(row.ID, id.slice(0, 12));
  assert.match(row.CPUPerc, /^\d+\.\d\d%$/);
  assert.ok(parseFloat(row.CPUPerc) > 0, `dd burns CPU: ${row.CPUPerc}`);
  assert.match(row.MemUsage, /^\d+(\.\d+)?(B|KiB|MiB) \/ 64MiB$/);
  assert.ok(!row.MemUsage.startsWith('0B'), row.MemUsage);
  assert.match(row.MemPerc, /^\d+\.\d\d%$/);
  assert.ok(Number(row.PIDs) >= 1, row.PIDs);
  // eth0 on the default network counts (lo does not); IPv6 autoconfiguration alone sends a few packets.
  assert.match(row.NetIO, /^\d+(\.\d+)?(B|kB|MB) \/ \d+(\.\d+)?(B|kB|MB)$/);
  assert.match(row.BlockIO, /^\d+(\.\d+)?(B|kB|MB|GB) \/ \d+(\.\d+)?(B|kB|MB|GB)$/);

  // The hog's memory reaches the 8 MiB it holds (poll: the shell needs a moment to write it).
  let hog: JsonRow | undefined;
  for (let i = 0; i < 20; i++) {
    const r = await tsctl(['-n', ns, 'container', 'stats', '--no-stream', '--no-trunc', '--format', '{{json .}}', 'hog']);
    assert.equal(r.exitCode, 0, r.stderr);
    hog = JSON.parse(r.stdout) as JsonRow;
    if (/MiB/.test(hog.MemUsage) && parseFloat(hog.MemUsage) >= 8) break;
  }
  assert.ok(hog);
  assert.match(hog.ID, /^[0-9a-f]{64}$/);
  assert.match(hog.MemUsage, /^\d+(\.\d+)?MiB \/ /);
  assert.ok(parseFloat(hog.MemUsage) >= 8, hog.MemUsage);
  assert.equal(hog.MemUsage.split(' / ')[1], bytesSize(os.totalmem()), 'no limit: the host memory');

  // The default table, newest first, with Docker's header.
  const table = await tsctl(['-n', ns, 'stats', '--no-stream']);
  assert.equal(table.exitCode, 0, table.stderr);
  const rows = table.stdout.trimEnd().split('\n');
  assert.match(rows[0] ?? '', /^CONTAINER ID   NAME      CPU %     MEM USAGE \/ LIMIT\s+MEM %     NET I\/O\s+BLOCK I\/O\s+PIDS$/);
  assert.equal(rows.length, 3, table.stdout);
  assert.match(rows[1] ?? '', /^[0-9a-f]{12}   hog       \d+\.\d\d%\s+\d+(\.\d+)?MiB \/ \S+\s+\d+\.\d\d%\s+\S+ \/ \S+\s+\S+ \/ \S+\s+\d+$/);
  assert.match(rows[2] ?? '', /^[0-9a-f]{12}   burner    \d+\.\d\d%\s+\S+ \/ 64MiB\s+\d+\.\d\d%\s+\S+ \/ \S+\s+\S+ \/ \S+\s+\d+$/);

  const custom = await tsctl(['-n', ns, 'stats', '--no-stream', '--format', 'table {{.Container}}\t{{.PIDs}}', 'burner', 'hog']);
  assert.equal(custom.exitCode, 0, custom.stderr);
  assert.match(custom.stdout, /^CONTAINER   PIDS\nburner      [1-9]\d*\nhog         [1-9]\d*\n$/);
});

test('stats: stopped containers show zeros with -a, missing ones fail like Docker', async (t) => {
  const ns = withNamespace(t, 'stats0');
  await runDetached(ns, ['--name', 'quitter', img(), 'true']);
  await runDetached(ns, ['--name', 'sleeper', img(), 'sleep', '1000']);
  await untilStatus(ns, 'quitter', /Exited \(0\)/);

  const fmt = '{{.Name}}: {{.CPUPerc}}   {{.MemUsage}}   {{.MemPerc}}   {{.NetIO}}   {{.BlockIO}}   {{.PIDs}}';
  const all = await tsctl(['-n', ns, 'stats', '-a', '--no-stream', '--format', fmt]);
  assert.equal(all.exitCode, 0, all.stderr);
  const lines = all.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2, all.stdout);
  assert.equal(lines.find((l) => l.startsWith('quitter')), 'quitter: 0.00%   0B / 0B   0.00%   0B / 0B   0B / 0B   0');
  assert.match(lines.find((l) => l.startsWith('sleeper')) ?? '', /^sleeper: \d+\.\d\d%   [1-9]\S* \/ \S+   \d+\.\d\d%   \S+ \/ \S+   \S+ \/ \S+   1$/);

  const running = await tsctl(['-n', ns, 'stats', '--no-stream', '--format', '{{.Name}}']);
  assert.equal(running.stdout, 'sleeper\n');
  const named = await tsctl(['-n', ns, 'stats', '--no-stream', '--format', '{{.Name}} {{.MemUsage}}', 'quitter']);
  assert.equal(named.stdout, 'quitter 0B / 0B\n');

  const missing = await tsctl(['-n', ns, 'stats', '--no-stream', 'sleeper', 'ghost']);
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.stdout, '');
  assert.equal(missing.stderr, 'Error response from daemon: No such container: ghost\n');

  const empty = withNamespace(t, 'stats-empty');
  const none = await tsctl(['-n', empty, 'stats', '--no-stream']);
  assert.equal(none.exitCode, 0, none.stderr);
  assert.match(none.stdout, /^CONTAINER ID   NAME      CPU %     MEM USAGE \/ LIMIT   MEM %     NET I\/O   BLOCK I\/O   PIDS\n$/);
});

test('stats streams: a new table every second until interrupted (plain tables when not a terminal)', async (t) => {
  const ns = withNamespace(t, 'statsf');
  await runDetached(ns, ['--name', 'streamed', img(), 'sleep', '1000']);
  const child = execa(process.execPath, [TSCTL_BIN, '-n', ns, 'stats', '--format', 'table {{.Name}}\t{{.PIDs}}'], { env: harnessEnv(), reject: false, stdin: 'ignore' });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  for (let i = 0; i < 200 && (out.match(/^NAME/gm) ?? []).length < 3; i++) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGINT');
  const r = await child;
  assert.equal(r.exitCode, 130, r.stderr);
  assert.ok((out.match(/^NAME/gm) ?? []).length >= 3, out);
  assert.doesNotMatch(out, /\x1b/, 'no escape sequences without a terminal');
  assert.match(out, /^NAME       PIDS\nstreamed   1\nNAME       PIDS\nstreamed   1\n/);
});

test('stats on a terminal redraws in place: clear once, then home + erase-line per row + erase-below', async (t) => {
  const ns = withNamespace(t, 'statstty');
  await runDetached(ns, ['--name', 'onscreen', img(), 'sleep', '1000']);
  // util-linux `script` gives tsctl a pseudo-terminal as stdout.
  const cmd = [process.execPath, TSCTL_BIN, '-n', ns, 'stats', '--format', "'table {{.Name}}\\t{{.PIDs}}'"].join(' ');
  const child = execa('script', ['-qec', cmd, '/dev/null'], { env: harnessEnv(), reject: false, stdin: 'pipe' });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  for (let i = 0; i < 200 && out.split('\x1b[H').length < 4; i++) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGTERM');
  await child;
  assert.ok(out.split('\x1b[H').length >= 4, JSON.stringify(out));
  const frame = '\x1b[HNAME       PIDS\x1b[K\r\nonscreen   1\x1b[K\r\n\x1b[J';
  assert.ok(out.startsWith(`\x1b[2J${frame}${frame}`), JSON.stringify(out));
});
