/** The image services over in-memory ports: list, inspect, history, tag, rmi and prune semantics. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeStore } from './fakes';
import { listImages, parseFilterFlags } from '../../../src/services/images/list';
import { inspectImages } from '../../../src/services/images/inspect';
import { imageHistory } from '../../../src/services/images/history';
import { tagImage } from '../../../src/services/images/tag';
import { removeImages, type DeleteLine } from '../../../src/services/images/remove';
import { pruneImages } from '../../../src/services/images/prune';

const NOW = new Date('2024-06-01T00:00:00Z');
const BB = 'docker.io/library/busybox:latest';

function store(): FakeStore {
  const s = new FakeStore();
  const bb = s.addImage({ seed: 'bb', created: '2024-03-01T00:00:00Z', config: { Labels: { app: 'bb' } } }, { layerSizes: [2000], unpacked: [5_000_000] });
  s.name(BB, bb);
  s.name('docker.io/library/busybox:1', bb);
  const al = s.addImage({ seed: 'al', created: '2024-05-01T00:00:00Z' }, { layerSizes: [3000, 4000] });
  s.name('127.0.0.1:5000/alpine:3', al, new Date('2024-05-02T00:00:00Z'));
  const old = s.addImage({ seed: 'old', created: '2023-01-01T00:00:00Z' });
  s.name(`docker.io/library/old@${old.target.digest}`, old);
  return s;
}

const list = (s: FakeStore, filters: string[] = [], all = false) => listImages(s.deps(), { all, filters: parseFilterFlags(filters, 'x'), now: NOW });

test('listImages groups names by image ID, newest first; untagged images need -a; sizes', async () => {
  const s = store();
  const rows = await list(s);
  assert.deepEqual(rows.map((r) => r.repoTags), [['127.0.0.1:5000/alpine:3'], ['busybox:1', 'busybox:latest']]);
  assert.equal(rows[1]?.size, 5_000_000); // unpacked: snapshot usage
  assert.equal(rows[0]?.size, 7000); // not unpacked: compressed layers
  assert.equal(rows[1]?.created, Date.UTC(2024, 2, 1) / 1000);
  assert.deepEqual(rows[1]?.repoDigests, [`busybox@${s.records.get(BB)?.target.digest}`]);
  const all = await list(s, [], true);
  assert.equal(all.length, 3);
  assert.deepEqual(all[2]?.repoTags, []);
  assert.match(all[2]?.repoDigests[0] ?? '', /^old@sha256:/);
});

test('listImages filters: reference, dangling, label, before/since, until; invalid ones', async () => {
  const s = store();
  const tags = async (f: string[], all = false) => (await list(s, f, all)).map((r) => r.repoTags.join(','));
  assert.deepEqual(await tags(['reference=busybox:1']), ['busybox:1']);
  assert.deepEqual(await tags(['reference=busybox', 'reference=*/alpine']), ['127.0.0.1:5000/alpine:3', 'busybox:1,busybox:latest']);
  assert.deepEqual(await tags(['dangling=true']), ['']);
  assert.deepEqual(await tags(['dangling=false'], true), ['127.0.0.1:5000/alpine:3', 'busybox:1,busybox:latest']);
  assert.deepEqual(await tags(['label=app=bb']), ['busybox:1,busybox:latest']);
  assert.deepEqual(await tags(['before=127.0.0.1:5000/alpine:3']), ['busybox:1,busybox:latest']);
  assert.deepEqual(await tags(['since=busybox']), ['127.0.0.1:5000/alpine:3']);
  assert.deepEqual(await tags(['until=2024-05-01T12:00:00Z']), ['busybox:1,busybox:latest']);
  await assert.rejects(list(s, ['foo=bar']), { message: "Error response from daemon: invalid filter 'foo'" });
  await assert.rejects(list(s, ['before=nope']), { message: 'Error response from daemon: No such image: nope:latest' });
});

test('inspectImages: all names of the image, Docker-shaped, errors in order', async () => {
  const s = store();
  const res = await inspectImages(s.deps(), ['busybox', 'nope', 'sha256:bad']);
  const first = res[0];
  assert.ok(first && 'ok' in first);
  assert.deepEqual(first.ok.RepoTags, ['busybox:1', 'busybox:latest']);
  assert.equal(first.ok.Size, 5_000_000);
  assert.deepEqual(first.ok.Config.Labels, { app: 'bb' });
  assert.deepEqual(res.slice(1).map((r) => ('error' in r ? r.error.message : '')), [
    'Error response from daemon: No such image: nope:latest',
    'Error response from daemon: No such image: sha256:bad',
  ]);
});

test('imageHistory: newest first, top row has the ID, empty layers 0, sizes from snapshots or blobs', async () => {
  const s = new FakeStore();
  const img = s.addImage(
    {
      seed: 'h',
      history: [
        { created: '2024-01-01T00:00:00Z', created_by: 'ADD a /' },
        { created: '2024-01-02T00:00:00Z', created_by: 'ENV X=1', empty_layer: true },
        { created: '2024-01-03T00:00:00Z', created_by: 'RUN b', comment: 'c' },
      ],
    },
    { layerSizes: [100, 200], unpacked: [1000] },
  );
  s.name(BB, img);
  const h = await imageHistory(s.deps(), 'busybox');
  assert.deepEqual(h.map((x) => [x.id === '<missing>' ? x.id : 'ID', x.createdBy, x.size, x.comment]), [
    ['ID', 'RUN b', 200, 'c'], // layer 2 not unpacked: blob size
    ['<missing>', 'ENV X=1', 0, ''],
    ['<missing>', 'ADD a /', 1000, ''],
  ]);
  assert.equal(h[0]?.id, img.configDigest);
  assert.equal(h[2]?.created, Date.UTC(2024, 0, 1) / 1000);
});

test('tagImage: normalised target with the source target and labels; Docker\'s errors', async () => {
  const s = store();
  await tagImage(s.deps(), 'busybox', 'localhost:5000/mine');
  assert.equal(s.records.get('localhost:5000/mine:latest')?.target.digest, s.records.get(BB)?.target.digest);
  await tagImage(s.deps(), '127.0.0.1:5000/alpine:3', 'busybox:1'); // overwrite
  assert.equal(s.records.get('docker.io/library/busybox:1')?.target.digest, s.records.get('127.0.0.1:5000/alpine:3')?.target.digest);
  await assert.rejects(tagImage(s.deps(), 'busybox', 'Bad:tag'), {
    message: 'error parsing reference: "Bad:tag" is not a valid repository/tag: invalid reference format: repository name (library/Bad) must be lowercase',
  });
  await assert.rejects(tagImage(s.deps(), 'busybox', 'x@sha256:' + 'a'.repeat(64)), { message: 'refusing to create a tag with a digest reference' });
  await assert.rejects(tagImage(s.deps(), 'nope', 'x'), { message: 'Error response from daemon: No such image: nope:latest' });
});

async function rmi(s: FakeStore, inputs: string[], force = false): Promise<{ lines: DeleteLine[]; errors: string[] }> {
  const lines: DeleteLine[] = [];
  const errors = await removeImages(s.deps(), inputs, { force }, (l) => lines.push(...l));
  return { lines, errors: errors.map((e) => e.message) };
}

test('removeImages by name: untag while other names remain; the last name deletes (sync GC)', async () => {
  const s = store();
  const id = (await inspectImages(s.deps(), ['busybox']))[0];
  const imageId = id && 'ok' in id ? id.ok.Id : '';
  assert.deepEqual(await rmi(s, ['busybox:1']), { lines: [{ untagged: 'busybox:1' }], errors: [] });
  assert.deepEqual(await rmi(s, ['busybox', 'nope']), {
    lines: [{ untagged: 'busybox:latest' }, { deleted: imageId }],
    errors: ['Error response from daemon: No such image: nope:latest'],
  });
  assert.deepEqual(s.deletes, [{ name: 'docker.io/library/busybox:1', sync: false }, { name: BB, sync: true }]);
});

test('removeImages by ID: several repositories need -f; containers block', async () => {
  const s = store();
  s.name('docker.io/library/other:1', { ...s.addImage({ seed: 'x' }), target: s.records.get(BB)?.target ?? { mediaType: '', digest: '', size: 0 } });
  const id = (await listImages(s.deps(), { all: false, filters: new Map(), now: NOW })).find((r) => r.repoTags.includes('busybox:latest'))?.id ?? '';
  const id12 = id.slice(7, 19);
  const conflict = (m: string) => `Error response from daemon: conflict: unable to delete ${id12} ${m}`;
  assert.deepEqual((await rmi(s, [id12])).errors, [conflict('(must be forced) - image is referenced in multiple repositories')]);
  s.container('c-running', 'docker.io/library/busybox:1', true);
  assert.deepEqual((await rmi(s, [id], true)).errors, [conflict('(cannot be forced) - image is being used by running container c-running')]);
  s.taskList = s.taskList.map((t) => ({ ...t, status: 'stopped' as const }));
  assert.deepEqual((await rmi(s, [id12])).errors, [conflict('(must be forced) - image is referenced in multiple repositories')]);
  const forced = await rmi(s, [id12], true);
  assert.deepEqual(forced.errors, []);
  assert.deepEqual(forced.lines, [{ untagged: 'busybox:1' }, { untagged: 'busybox:latest' }, { untagged: 'other:1' }, { deleted: id }]);
});

test('removeImages: a container keeps the only name of its image unless forced; single-name ID removal', async () => {
  const s = store();
  const al = '127.0.0.1:5000/alpine:3';
  const id = (await list(s, ['reference=*/alpine']))[0]?.id ?? '';
  s.container('c-stopped-0123456789', al);
  assert.deepEqual((await rmi(s, [al])).errors, [
    `Error response from daemon: conflict: unable to remove repository reference "${al}" (must force) - container c-stopped-01 is using its referenced image ${id.slice(7, 19)}`,
  ]);
  assert.deepEqual((await rmi(s, [id.slice(7, 15)])).errors, [
    `Error response from daemon: conflict: unable to delete ${id.slice(7, 19)} (must be forced) - image is being used by stopped container c-stopped-01`,
  ]);
  assert.deepEqual(await rmi(s, [al], true), { lines: [{ untagged: al }, { deleted: id }], errors: [] });
  assert.equal(s.records.has(al), false);
});

test('pruneImages: dangling by default, -a spares images containers use, reclaimed space measured', async () => {
  const s = store();
  const report = await pruneImages(s.deps(), { all: false, filters: new Map(), now: NOW });
  assert.equal(report.lines.length, 2);
  assert.match(JSON.stringify(report.lines[0]), /"untagged":"old@sha256:/);
  assert.match(JSON.stringify(report.lines[1]), /"deleted":"sha256:/);
  assert.ok(report.reclaimed >= 1000, String(report.reclaimed));
  s.container('c1', BB);
  const all = await pruneImages(s.deps(), { all: true, filters: new Map(), now: NOW });
  assert.deepEqual(all.lines.filter((l) => 'untagged' in l), [{ untagged: '127.0.0.1:5000/alpine:3' }, { untagged: 'busybox:1' }]);
  assert.ok(s.records.has(BB));
  assert.ok(all.reclaimed >= 7000); // alpine's layer blobs at least
  await assert.rejects(pruneImages(s.deps(), { all: true, filters: parseFilterFlags(['reference=x'], 'x'), now: NOW }), { message: "Error response from daemon: invalid filter 'reference'" });
});
