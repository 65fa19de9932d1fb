import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLoggerLauncher, launcherScript, logURI } from '../../../src/logger/install';

test('launcher: absolute node shebang + one-line import of the bundle; written once, rewritten when different', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'tsctl-launcher-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const p = await ensureLoggerLauncher(root, '/usr/bin/node', '/opt/tsctl/dist/tsctl-logger.js');
  assert.equal(p, join(root, 'bin', 'tsctl-logger'));
  assert.equal(readFileSync(p, 'utf8'), '#!/usr/bin/node\nimport("file:///opt/tsctl/dist/tsctl-logger.js");\n');
  assert.equal(statSync(p).mode & 0o777, 0o755);
  const ino = statSync(p).ino;
  chmodSync(p, 0o700);
  assert.equal(await ensureLoggerLauncher(root, '/usr/bin/node', '/opt/tsctl/dist/tsctl-logger.js'), p);
  assert.equal(statSync(p).ino, ino, 'same content: not rewritten');
  assert.equal(statSync(p).mode & 0o777, 0o755, 'mode repaired');
  writeFileSync(p, 'stale');
  await ensureLoggerLauncher(root, '/usr/local/bin/node', '/opt/x y/tsctl-logger.js');
  assert.equal(readFileSync(p, 'utf8'), '#!/usr/local/bin/node\nimport("file:///opt/x%20y/tsctl-logger.js");\n');
  assert.notEqual(statSync(p).ino, ino, 'replaced by rename');
  assert.throws(() => launcherScript('node', '/x.js'), /absolute/);
  assert.throws(() => launcherScript('/my node/bin/node', '/x.js'), /white space/);
  await assert.rejects(ensureLoggerLauncher('rel', '/usr/bin/node', '/x.js'), /absolute/);
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
