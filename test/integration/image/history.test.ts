/**
 * `tsctl image history` against the harness (image pulled with `ctr images pull` as fixture set-up): the rows
 * come from the config's history, the size from the unpacked layer snapshot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harnessCtr, loadHarness, tsctl, withNamespace } from '../../harness/env';

test('image history: table, -q, --no-trunc, --human=false, --format, errors', async (t) => {
  const ns = withNamespace(t, 'img-history');
  const h = loadHarness();
  const ref = h.images.busybox;
  const pull = await harnessCtr(['images', 'pull', '--plain-http', ref], ns);
  assert.equal(pull.exitCode, 0, pull.stderr);
  const id = (JSON.parse((await harnessCtr(['content', 'get', h.imageDigests.busybox], ns)).stdout) as { config: { digest: string } }).config.digest;
  const run = (...a: string[]) => tsctl(['--namespace', ns, 'image', 'history', ...a]);

  const r = await run(ref);
  assert.equal(r.exitCode, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
  assert.equal(lines.length, 2);
  assert.match(lines[1] ?? '', new RegExp(`^${id.slice(7, 19)}\\s+\\d+ (years|months|weeks|days) ago\\s+tsctl test harness: busybox-static rootfs\\s+\\d+(\\.\\d+)?[kM]B\\s*$`));

  assert.equal((await run('-q', ref)).stdout, `${id.slice(7, 19)}\n`);
  assert.equal((await run('-q', '--no-trunc', id.slice(7, 19))).stdout, `${id}\n`);
  const raw = await run('--human=false', ref);
  assert.match(raw.stdout.split('\n')[1] ?? '', /\s2024-01-01T00:00:00Z\s+tsctl test harness: busybox-static rootfs\s+\d+\s*$/);
  assert.equal((await run('--no-human', '--format', '{{.CreatedSince}}', ref)).stdout, '2024-01-01T00:00:00Z\n');
  const size = Number((await run('--human=false', '--format', '{{.Size}}', ref)).stdout.trim());
  // The snapshotter's usage of the unpacked layer, as Docker's containerd store reports.
  const inspectSize = Number((await tsctl(['--namespace', ns, 'image', 'inspect', '-f', '{{.Size}}', ref])).stdout.trim());
  assert.equal(size, inspectSize);
  const j = await run('--format', 'json', ref);
  assert.deepEqual(Object.keys(JSON.parse(j.stdout) as object), ['Comment', 'CreatedAt', 'CreatedBy', 'CreatedSince', 'ID', 'Size']);

  const missing = await run('nope');
  assert.deepEqual([missing.exitCode, missing.stdout, missing.stderr], [1, '', 'Error response from daemon: No such image: nope:latest\n']);
  const two = await run(ref, ref);
  assert.equal(two.exitCode, 1);
  assert.match(two.stderr, /requires exactly 1 argument/);
});
