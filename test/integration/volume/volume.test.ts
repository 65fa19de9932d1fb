import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';

const ok = (r: { exitCode: number; stderr: string }) => assert.equal(r.exitCode, 0, r.stderr);

test('volume create/ls/inspect/rm: names, labels, filters, formats, Docker errors', async (t) => {
  const ns = withNamespace(t, 'vol');
  const a = uniqueName('va');
  const b = uniqueName('vb');
  const created = await tsctl(['-n', ns, 'volume', 'create', '--label', 'team=x', '--label', 'solo', a]);
  ok(created);
  assert.equal(created.stdout, `${a}\n`);
  // Creating an existing name succeeds and keeps it (Docker), also concurrently.
  const again = await Promise.all([tsctl(['-n', ns, 'volume', 'create', b]), tsctl(['-n', ns, 'volume', 'create', b]), tsctl(['-n', ns, 'volume', 'create', a])]);
  for (const r of again) ok(r);
  const anon = await tsctl(['-n', ns, 'volume', 'create']);
  ok(anon);
  const anonName = anon.stdout.trim();
  assert.match(anonName, /^[0-9a-f]{64}$/);

  const ls = await tsctl(['-n', ns, 'volume', 'ls']);
  ok(ls);
  const rows = [anonName, a, b].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
  assert.equal(ls.stdout, `DRIVER    VOLUME NAME\n${rows.map((n) => `local     ${n}\n`).join('')}`);
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q', '--filter', 'label=team=x'])).stdout, `${a}\n`);
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q', '-f', 'label=solo', '-f', `name=${a.slice(0, 6)}`])).stdout, `${a}\n`);
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q', '-f', 'driver=other'])).stdout, '');
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q', '-f', 'dangling=false'])).stdout, '');
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q', '-f', 'dangling=true'])).stdout.split('\n').filter(Boolean).length, 3);
  const badFilter = await tsctl(['-n', ns, 'volume', 'ls', '-f', 'color=red']);
  assert.equal(badFilter.exitCode, 1);
  assert.equal(badFilter.stderr, "Error response from daemon: invalid filter 'color'\n");
  const json = await tsctl(['-n', ns, 'volume', 'ls', '--format', 'json', '-f', `name=^${a}$`]);
  ok(json);
  const row = JSON.parse(json.stdout) as Record<string, string>;
  assert.equal(row.Name, a);
  assert.equal(row.Driver, 'local');
  assert.equal(row.Labels, 'solo=,team=x');
  assert.equal(row.Scope, 'local');
  assert.match(row.Mountpoint ?? '', new RegExp(`/volumes/${ns}/${a}/_data$`));
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '--format', 'table {{.Name}}\t{{.Labels}}', '-f', 'label=team'])).stdout, `VOLUME NAME${' '.repeat(Math.max(a.length, 11) + 3 - 11)}LABELS\n${a}${' '.repeat(Math.max(a.length, 11) + 3 - a.length)}solo=,team=x\n`);

  const insp = await tsctl(['-n', ns, 'volume', 'inspect', a]);
  ok(insp);
  const [obj] = JSON.parse(insp.stdout) as Record<string, unknown>[];
  assert.deepEqual(Object.keys(obj ?? {}), ['CreatedAt', 'Driver', 'Labels', 'Mountpoint', 'Name', 'Options', 'Scope']);
  assert.equal(obj?.Name, a);
  assert.deepEqual(obj?.Labels, { team: 'x', solo: '' });
  assert.equal(obj?.Options, null);
  assert.match(String(obj?.CreatedAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  await access(String(obj?.Mountpoint));
  assert.equal((await tsctl(['-n', ns, 'volume', 'inspect', '-f', '{{.Driver}} {{.Name}}', a, b])).stdout, `local ${a}\nlocal ${b}\n`);
  const missing = await tsctl(['-n', ns, 'volume', 'inspect', a, 'nosuchvol']);
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.stderr, 'Error response from daemon: get nosuchvol: no such volume\n');
  // Top-level inspect finds volumes after containers and images.
  const top = await tsctl(['-n', ns, 'inspect', '-f', '{{.Mountpoint}}', a]);
  ok(top);
  assert.equal(top.stdout, `${String(obj?.Mountpoint)}\n`);
  assert.equal((await tsctl(['-n', ns, 'inspect', '--type', 'volume', 'nosuchvol'])).stderr, 'Error response from daemon: get nosuchvol: no such volume\n');
  assert.equal((await tsctl(['-n', ns, 'inspect', 'nosuchvol'])).stderr, 'Error: No such object: nosuchvol\n');

  const driver = await tsctl(['-n', ns, 'volume', 'create', '-d', 'nfsplugin', 'zz1']);
  assert.equal(driver.exitCode, 1);
  assert.equal(driver.stderr, 'Error response from daemon: create zz1: error looking up volume plugin nfsplugin: plugin "nfsplugin" not found\n');
  const badOpt = await tsctl(['-n', ns, 'volume', 'create', '-o', 'color=red', 'zz2']);
  assert.equal(badOpt.exitCode, 1);
  assert.equal(badOpt.stderr, 'Error response from daemon: create zz2: invalid option: "color"\n');
  const missingOpt = await tsctl(['-n', ns, 'volume', 'create', '-o', 'type=tmpfs', 'zz3']);
  assert.equal(missingOpt.stderr, 'Error response from daemon: create zz3: missing required option: "device"\n');
  const badName = await tsctl(['-n', ns, 'volume', 'create', 'a/b']);
  assert.equal(badName.exitCode, 1);
  assert.match(badName.stderr, /^Error response from daemon: create a\/b: "a\/b" includes invalid characters for a local volume name/);
  assert.doesNotMatch((await tsctl(['-n', ns, 'volume', 'ls', '-q'])).stdout, /zz/);

  const rm = await tsctl(['-n', ns, 'volume', 'rm', a, 'nosuchvol', b]);
  assert.equal(rm.exitCode, 1);
  assert.equal(rm.stdout, `${a}\n${b}\n`);
  assert.equal(rm.stderr, 'Error response from daemon: get nosuchvol: no such volume\n');
  ok(await tsctl(['-n', ns, 'volume', 'rm', '-f', 'nosuchvol']));
  await assert.rejects(access(String(obj?.Mountpoint)));
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q'])).stdout, `${anonName}\n`);
});

test('volume rm refuses a volume in use; prune removes unused anonymous volumes (all with -a)', async (t) => {
  const ns = withNamespace(t, 'volrm');
  const img = loadHarness().images.busybox;
  ok(await tsctl(['-n', ns, 'pull', '-q', img]));
  const named = uniqueName('used');
  const c = await tsctl(['-n', ns, 'create', '-v', `${named}:/data`, '-v', '/anon', img, 'true']);
  ok(c);
  const id = c.stdout.trim();
  const inUse = await tsctl(['-n', ns, 'volume', 'rm', named]);
  assert.equal(inUse.exitCode, 1);
  assert.equal(inUse.stderr, `Error response from daemon: remove ${named}: volume is in use - [${id}]\n`);
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q', '-f', 'dangling=false'])).stdout.split('\n').filter(Boolean).length, 2);
  assert.equal((await tsctl(['-n', ns, 'ps', '-a', '-q', '--no-trunc', '-f', `volume=${named}`])).stdout, `${id}\n`);
  assert.equal((await tsctl(['-n', ns, 'ps', '-a', '-q', '--no-trunc', '-f', 'volume=/anon'])).stdout, `${id}\n`);
  assert.equal((await tsctl(['-n', ns, 'ps', '-a', '-q', '-f', 'volume=other'])).stdout, '');
  // In use: prune keeps everything.
  assert.equal((await tsctl(['-n', ns, 'volume', 'prune', '-f', '-a'])).stdout, 'Total reclaimed space: 0B\n');

  const anon = JSON.parse((await tsctl(['-n', ns, 'inspect', '-f', '{{json .Mounts}}', id])).stdout) as { Name: string; Destination: string }[];
  const anonName = anon.find((m) => m.Destination === '/anon')?.Name ?? '';
  assert.match(anonName, /^[0-9a-f]{64}$/);
  // rm without -v keeps the anonymous volume; prune (anonymous only) removes it, not the named one.
  ok(await tsctl(['-n', ns, 'rm', id]));
  const prompt = await tsctl(['-n', ns, 'volume', 'prune'], { input: 'n\n' });
  ok(prompt);
  assert.equal(prompt.stdout, 'WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ');
  const prune = await tsctl(['-n', ns, 'volume', 'prune', '-f']);
  ok(prune);
  assert.equal(prune.stdout, `Deleted Volumes:\n${anonName}\n\nTotal reclaimed space: 0B\n`);
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q'])).stdout, `${named}\n`);
  const keepLabel = await tsctl(['-n', ns, 'volume', 'prune', '-f', '-a', '--filter', 'label=nothing']);
  assert.equal(keepLabel.stdout, 'Total reclaimed space: 0B\n');
  const all = await tsctl(['-n', ns, 'volume', 'prune', '-f', '-a']);
  assert.equal(all.stdout, `Deleted Volumes:\n${named}\n\nTotal reclaimed space: 0B\n`);
  assert.equal((await tsctl(['-n', ns, 'volume', 'ls', '-q'])).stdout, '');
});
