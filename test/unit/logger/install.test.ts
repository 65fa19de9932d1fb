import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { ensureLoggerLauncher, loggerLauncherScript, logURI } from '../../../src/logger/install';

const script = (node: string, bundle: string): string =>
  '#!/bin/sh\n' +
  `case " $* " in *" stdout-fifo "*|*" stderr-fifo "*) exec '${node}' '${bundle}' "$@" ;; esac\n` +
  'exec 5>&-\n' +
  "trap '' TERM\n" +
  `TSCTL_LOGGER_READY=1 '${node}' '${bundle}' "$@" &\n` +
  'wait $!\n';

test('launcher: a shell script that signals readiness and runs node on the bundle; written once, rewritten when different', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'tsctl-launcher-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const p = await ensureLoggerLauncher(root, '/usr/bin/node', '/opt/tsctl/dist/tsctl-logger.js');
  assert.equal(p, join(root, 'bin', 'tsctl-logger'));
  assert.equal(readFileSync(p, 'utf8'), script('/usr/bin/node', '/opt/tsctl/dist/tsctl-logger.js'));
  assert.equal(statSync(p).mode & 0o777, 0o755);
  const ino = statSync(p).ino;
  chmodSync(p, 0o700);
  assert.equal(await ensureLoggerLauncher(root, '/usr/bin/node', '/opt/tsctl/dist/tsctl-logger.js'), p);
  assert.equal(statSync(p).ino, ino, 'same content: not rewritten');
  assert.equal(statSync(p).mode & 0o777, 0o755, 'mode repaired');
  writeFileSync(p, 'stale');
  await ensureLoggerLauncher(root, '/usr/local/bin/node', "/opt/x y/it's/tsctl-logger.js");
  assert.equal(readFileSync(p, 'utf8'), script('/usr/local/bin/node', "/opt/x y/it'\\''s/tsctl-logger.js"));
  assert.notEqual(statSync(p).ino, ino, 'replaced by rename');
  assert.throws(() => loggerLauncherScript('node', '/x.js'), /absolute/);
  assert.throws(() => loggerLauncherScript('/usr/bin/node', 'x.js'), /absolute/);
  await assert.rejects(ensureLoggerLauncher('rel', '/usr/bin/node', '/x.js'), /absolute/);
});

/** Runs the launcher with a stand-in for node (a shell script recording what it got) and fd 5 as a pipe. */
async function runLauncher(root: string, args: string[], term: boolean) {
  const fake = join(root, 'fake-node');
  const rec = join(root, 'rec');
  // Records its pid, args and the readiness flag, whether fd 5 is open, then works for a while.
  writeFileSync(fake, `#!/bin/sh\n{ echo "pid=$$"; echo "args=$*"; echo "ready=$TSCTL_LOGGER_READY"; if { true >&5; } 2>/dev/null; then echo fd5=open; else echo fd5=closed; fi; } > '${rec}'\nsleep 0.4\necho done >> '${rec}'\n`, { mode: 0o755 });
  const launcher = await ensureLoggerLauncher(root, fake, '/b/tsctl-logger.js');
  const child = spawn(launcher, args, { stdio: ['ignore', 'ignore', 'ignore', 'ignore', 'ignore', 'pipe'] });
  const t0 = Date.now();
  const ready = new Promise<number>((resolve) => {
    const s = (child.stdio as unknown as NodeJS.ReadableStream[])[5] as NodeJS.ReadableStream;
    s.on('data', () => undefined);
    s.on('end', () => resolve(Date.now() - t0));
    s.on('close', () => resolve(Date.now() - t0));
  });
  const exited = new Promise<{ code: number | null; signal: string | null; ms: number }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - t0 })));
  const readyMs = await ready;
  if (term) setTimeout(() => child.kill('SIGTERM'), 50);
  const end = await exited;
  const lines = readFileSync(rec, 'utf8').trim().split('\n');
  return { pid: child.pid, readyMs, end, lines };
}

test('launcher (shim mode): readiness pipe closed before node runs; SIGTERM ignored, exits when node does', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'tsctl-launcher-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const r = await runLauncher(root, ['path', '/x/log.json'], true);
  assert.ok(r.readyMs < 300, `ready before node's work ends (${r.readyMs} ms)`);
  assert.deepEqual(r.end, { code: 0, signal: null, ms: r.end.ms }, 'the SIGTERM did not end the launcher');
  assert.ok(r.end.ms >= 400, `the launcher waited for node (${r.end.ms} ms)`);
  assert.notEqual(r.lines[0], `pid=${r.pid}`, 'node runs as a child');
  assert.deepEqual(r.lines.slice(1), ['args=/b/tsctl-logger.js path /x/log.json', 'ready=1', 'fd5=closed', 'done']);
});

test('launcher (FIFO mode, started by tsctl): execs node with the readiness pipe left to it', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'tsctl-launcher-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const r = await runLauncher(root, ['path', '/x/log.json', 'stdout-fifo', '/x/out'], false);
  assert.ok(r.readyMs >= 400, `ready only when node closes fd 5 (here: exits; ${r.readyMs} ms)`);
  assert.deepEqual(r.lines, [`pid=${r.pid}`, 'args=/b/tsctl-logger.js path /x/log.json stdout-fifo /x/out', 'ready=', 'fd5=open', 'done']);
  assert.deepEqual(r.end.code, 0);
});

test('logURI: binary:// + absolute launcher path, URL-encoded query that Go url.Query() decodes back', () => {
  const uri = logURI('/var/lib/tsctl/bin/tsctl-logger', { path: '/var/lib/tsctl/x/containers/ns/id/id-json.log', maxSize: 1000, maxFile: 3 });
  assert.equal(uri, 'binary:///var/lib/tsctl/bin/tsctl-logger?path=%2Fvar%2Flib%2Ftsctl%2Fx%2Fcontainers%2Fns%2Fid%2Fid-json.log&max-size=1000&max-file=3');
  const odd = logURI('/data root/bin/tsctl-logger', { path: '/logs/a&b=c+d ?.log' });
  const u = new URL(odd);
  assert.equal(u.protocol, 'binary:');
  assert.equal(decodeURIComponent(u.pathname), '/data root/bin/tsctl-logger');
  assert.equal(u.searchParams.get('path'), '/logs/a&b=c+d ?.log');
  assert.equal(u.searchParams.get('max-size'), null);
  assert.throws(() => logURI('rel', { path: '/x' }), /absolute/);
  assert.throws(() => logURI('/l', { path: '/x', maxFile: 0 }), /max-file/);
});
