/** Docker's image views: sizes, `images` rows and formats, `history` rows, rmi and prune reports. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  historyRow, humanSize, imageRows, renderDeleteLines, renderHistory, renderImageList, renderPruneReport,
} from '../../../src/output/views/image';
import type { ImageSummary } from '../../../src/services/images/list';
import type { HistoryItem } from '../../../src/services/images/history';

const ID = 'sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741';
const ID2 = 'sha256:0123456789ab0123456789ab0123456789ab0123456789ab0123456789ab0123';
const NOW = new Date('2024-06-01T12:00:00Z');
const CREATED = Date.UTC(2024, 5, 1, 10, 0, 0) / 1000; // 2 hours before NOW

test('humanSize is go-units HumanSizeWithPrecision (decimal, %.*g)', () => {
  assert.equal(humanSize(0), '0B');
  assert.equal(humanSize(999), '999B');
  assert.equal(humanSize(756_000), '756kB');
  assert.equal(humanSize(4_261_000), '4.26MB');
  assert.equal(humanSize(1_200_000_000), '1.2GB');
  assert.equal(humanSize(1125), '1.12kB'); // Go rounds half to even
  assert.equal(humanSize(999_900), '1e+03kB'); // %g, as Docker prints it
  assert.equal(humanSize(4_261_234, 4), '4.261MB');
});

const busybox: ImageSummary = {
  id: ID, repoTags: ['busybox:latest', 'busybox:1', 'reg:5000/x:v1'], repoDigests: ['busybox@sha256:aaa', 'reg:5000/x@sha256:bbb'],
  created: CREATED, size: 4_261_000, containers: 2,
};
const digestOnly: ImageSummary = { id: ID2, repoTags: [], repoDigests: ['alpine@sha256:ccc'], created: CREATED - 86400 * 3, size: 7_000_000, containers: 0 };
const dangling: ImageSummary = { id: ID2, repoTags: [], repoDigests: [], created: 0, size: 0, containers: 0 };

test('imageRows: a row per tag, digests per tag when shown, digest-only and dangling rows', () => {
  const o = { trunc: true, showDigests: false, needDigest: false, now: NOW };
  assert.deepEqual(imageRows(busybox, o).map((r) => [r.Repository, r.Tag, r.Digest, r.ID]), [
    ['busybox', 'latest', '<none>', '3f57d9401f8d'],
    ['busybox', '1', '<none>', '3f57d9401f8d'],
    ['reg:5000/x', 'v1', '<none>', '3f57d9401f8d'],
  ]);
  assert.deepEqual(imageRows(busybox, { ...o, showDigests: true, needDigest: true }).map((r) => `${r.Repository}:${r.Tag}@${r.Digest}`), [
    'busybox:latest@sha256:aaa', 'busybox:1@sha256:aaa', 'reg:5000/x:v1@sha256:bbb',
  ]);
  assert.deepEqual(imageRows(digestOnly, o).map((r) => [r.Repository, r.Tag, r.Digest]), [['alpine', '<none>', '']]);
  assert.deepEqual(imageRows(digestOnly, { ...o, showDigests: true, needDigest: true }).map((r) => [r.Repository, r.Tag, r.Digest]), [['alpine', '<none>', 'sha256:ccc']]);
  assert.deepEqual(imageRows(dangling, o).map((r) => [r.Repository, r.Tag, r.Digest]), [['<none>', '<none>', '<none>']]);
  const r = imageRows(busybox, o)[0];
  assert.equal(r?.CreatedSince, '2 hours ago');
  assert.equal(r?.CreatedAt, '2024-06-01 10:00:00 +0000 UTC');
  assert.equal(r?.Size, '4.26MB');
  assert.equal(r?.Containers, '2');
  assert.equal(r?.SharedSize, 'N/A');
});

test('renderImageList: default table, --digests, -q (duplicates kept, as Docker), --no-trunc, json, custom table', () => {
  const list = [busybox, digestOnly];
  assert.equal(
    renderImageList(list, { now: NOW }),
    'REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n' +
      'busybox      latest    3f57d9401f8d   2 hours ago   4.26MB\n' +
      'busybox      1         3f57d9401f8d   2 hours ago   4.26MB\n' +
      'reg:5000/x   v1        3f57d9401f8d   2 hours ago   4.26MB\n' +
      'alpine       <none>    0123456789ab   3 days ago    7MB\n',
  );
  assert.match(renderImageList([busybox], { now: NOW, digests: true }).split('\n')[0] ?? '', /^REPOSITORY\s+TAG\s+DIGEST\s+IMAGE ID\s+CREATED\s+SIZE$/);
  assert.equal(renderImageList(list, { now: NOW, quiet: true }), '3f57d9401f8d\n3f57d9401f8d\n3f57d9401f8d\n0123456789ab\n');
  assert.equal(renderImageList([digestOnly], { now: NOW, quiet: true, noTrunc: true }), `${ID2}\n`);
  assert.equal(renderImageList([digestOnly], { now: NOW, quiet: true, format: '{{.Repository}}' }), 'alpine\n'); // --format wins over -q
  // Docker's row JSON escapes <> (json.Marshal inside MarshalJSON): "\u003cnone\u003e".
  assert.equal(
    renderImageList([digestOnly], { now: NOW, format: 'json' }),
    '{"Containers":"0","CreatedAt":"2024-05-29 10:00:00 +0000 UTC","CreatedSince":"3 days ago","Digest":"","ID":"0123456789ab",' +
      '"Repository":"alpine","SharedSize":"N/A","Size":"7MB","Tag":"\\u003cnone\\u003e","UniqueSize":"N/A","VirtualSize":"7MB"}\n',
  );
  assert.equal(renderImageList([busybox], { now: NOW, format: 'table {{.Repository}}:{{.Tag}}', digests: true }).split('\n')[0], 'REPOSITORY:TAG   DIGEST');
  assert.equal(renderImageList([], { now: NOW }), 'REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n');
});

const hist: HistoryItem[] = [
  { id: ID, created: CREATED, createdBy: '/bin/sh -c #(nop)\tCMD ["sh"] and a rather long tail that gets cut', size: 0, comment: '' },
  { id: '<missing>', created: 946684700, createdBy: 'ADD rootfs.tar /', size: 4_261_000, comment: 'imported' },
];

test('historyRow: truncation (45 chars with …), <missing>, N/A before 2000, non-human form', () => {
  const o = { trunc: true, human: true, now: NOW };
  const [top, base] = hist.map((h) => historyRow(h, o));
  assert.equal(top?.ID, '3f57d9401f8d');
  assert.equal(top?.CreatedBy, '/bin/sh -c #(nop) CMD ["sh"] and a rather lo…');
  assert.equal([...(top?.CreatedBy ?? '')].length, 45);
  assert.equal(top?.CreatedSince, '2 hours ago');
  assert.equal(base?.ID, '<missing>');
  assert.equal(base?.CreatedSince, 'N/A');
  assert.equal(base?.Size, '4.26MB');
  const raw = historyRow(hist[1] as HistoryItem, { trunc: false, human: false, now: NOW });
  assert.equal(raw.CreatedSince, '1999-12-31T23:58:20Z');
  assert.equal(raw.Size, '4261000');
});

test('renderHistory: table, -q, --human=false table, --format', () => {
  const out = renderHistory(hist, { human: true, now: NOW }).split('\n');
  assert.match(out[0] ?? '', /^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
  assert.match(out[2] ?? '', /^<missing>\s+N\/A\s+ADD rootfs.tar \/\s+4.26MB\s+imported$/);
  assert.equal(renderHistory(hist, { quiet: true, human: true, now: NOW }), '3f57d9401f8d\n<missing>\n');
  assert.match(renderHistory(hist, { human: false, now: NOW }).split('\n')[0] ?? '', /^IMAGE\s+CREATED AT\s+CREATED BY/);
  assert.equal(renderHistory(hist, { human: true, now: NOW, format: '{{.Size}}|{{.Comment}}' }), '0B|\n4.26MB|imported\n');
});

test('rmi and prune reports', () => {
  assert.equal(renderDeleteLines([{ untagged: 'busybox:latest' }, { deleted: ID }]), `Untagged: busybox:latest\nDeleted: ${ID}\n`);
  assert.equal(renderPruneReport({ lines: [], reclaimed: 0 }), 'Total reclaimed space: 0B\n');
  assert.equal(
    renderPruneReport({ lines: [{ untagged: 'alpine@sha256:ccc' }, { deleted: ID }], reclaimed: 1_234_567 }),
    `Deleted Images:\nuntagged: alpine@sha256:ccc\ndeleted: ${ID}\n\nTotal reclaimed space: 1.235MB\n`,
  );
});
