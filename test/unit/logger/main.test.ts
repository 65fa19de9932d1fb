import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable, Writable } from 'node:stream';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));

/** Starts src/logger/main.ts as the shim would: stdout on fd 3, stderr on fd 4, readiness on fd 5. */
function startLogger(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/logger/main.ts'), ...args], {
    cwd: REPO,
    env: { CONTAINER_ID: 'c1', CONTAINER_NAMESPACE: 'ns1' },
    stdio: ['ignore', 'ignore', 'inherit', 'pipe', 'pipe', 'pipe'],
  });
  const fds = child.stdio as readonly unknown[];
  const out = fds[3] as Writable;
  const err = fds[4] as Writable;
  const ready = new Promise<void>((resolve) => {
    const r = fds[5] as Readable;
    r.resume();
    r.on('close', () => resolve());
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, out, err, ready, exited };
}

interface Line {
  log: string;
  stream: string;
  time: string;
}
const readLog = (p: string): Line[] => readFileSync(p, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Line);

test('logger process: ready by closing fd 5, json-file lines per stream, exits 0 when both streams end', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsctl-logger-main-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'deep', 'c.log');
  const l = startLogger(['max-file', '2', 'path', path, 'max-size', '100000']);
  await l.ready;
  l.out.write('first\nsec');
  l.err.write('oops <1>\n');
  await new Promise((r) => setTimeout(r, 50));
  l.out.write('ond\nno newline');
  l.out.end();
  l.err.end();
  assert.deepEqual(await l.exited, { code: 0, signal: null });
  const lines = readLog(path);
  assert.deepEqual(
    lines.map((x) => [x.stream, x.log]),
    [['stdout', 'first\n'], ['stderr', 'oops <1>\n'], ['stdout', 'second\n'], ['stdout', 'no newline']],
  );
  for (const x of lines) assert.match(x.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
  assert.ok(readFileSync(path, 'utf8').includes('"oops \\u003c1\\u003e\\n"'));
});

test('logger process: SIGTERM drains what is still coming before exiting; bad args still drain and signal ready', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsctl-logger-main-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'c.log');
  const l = startLogger(['path', path]);
  await l.ready;
  l.out.write('a\n');
  await new Promise((r) => setTimeout(r, 50));
  l.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 50));
  l.out.end('b\n');
  l.err.end();
  assert.deepEqual(await l.exited, { code: 0, signal: null });
  assert.deepEqual(readLog(path).map((x) => x.log), ['a\n', 'b\n']);

  const bad = startLogger(['path', 'relative']);
  await bad.ready;
  bad.out.end('dropped\n');
  bad.err.end();
  assert.deepEqual(await bad.exited, { code: 0, signal: null });
});
