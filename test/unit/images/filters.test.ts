/** `--filter` parsing and matching for images / image prune (Docker's texts and semantics). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  boolFilter, labelMatcher, parseFilterFlags, parseUntil, pathMatch, referenceMatches, validateFilters,
} from '../../../src/services/images/list';
import type { ImageRecord } from '../../../src/containerd/ports';

test('parseFilterFlags: name=value, lower-cased and trimmed names, repeated keys collect values', () => {
  const f = parseFilterFlags(['Reference=busy*', 'reference = alp*', 'label=a=b', 'reference=busy*', ''], '-f, --filter');
  assert.deepEqual([...f.entries()], [['reference', ['busy*', 'alp*']], ['label', ['a=b']]]);
  assert.throws(() => parseFilterFlags(['dangling'], '-f, --filter'), {
    message: 'invalid argument "dangling" for "-f, --filter" flag: bad format of filter (expected name=value)',
  });
});

test('validateFilters / boolFilter: Docker\'s invalid filter errors', () => {
  assert.throws(() => validateFilters(parseFilterFlags(['foo=1'], 'x'), ['dangling']), { message: "Error response from daemon: invalid filter 'foo'" });
  assert.equal(boolFilter(parseFilterFlags(['dangling=true'], 'x'), 'dangling'), true);
  assert.equal(boolFilter(parseFilterFlags(['dangling=0'], 'x'), 'dangling'), false);
  assert.equal(boolFilter(parseFilterFlags([], 'x'), 'dangling'), undefined);
  assert.throws(() => boolFilter(parseFilterFlags(['dangling=maybe'], 'x'), 'dangling'), { message: "Error response from daemon: invalid filter 'dangling=[maybe]'" });
  assert.throws(() => boolFilter(parseFilterFlags(['dangling=true', 'dangling=false'], 'x'), 'dangling'), { message: "Error response from daemon: invalid filter 'dangling=[true false]'" });
});

test('labelMatcher: key, key=value, negations; all checks must hold', () => {
  const labels = { app: 'web', tier: 'front' };
  const m = (...vs: string[]) => labelMatcher(parseFilterFlags(vs, 'x'))(labels);
  assert.equal(m(), true);
  assert.equal(m('label=app'), true);
  assert.equal(m('label=app=web'), true);
  assert.equal(m('label=app=db'), false);
  assert.equal(m('label=app', 'label=missing'), false);
  assert.equal(m('label!=missing'), true);
  assert.equal(m('label!=app'), false);
  assert.equal(m('label!=app=db'), true);
  assert.equal(m('label=app!=db'), true);
  assert.equal(labelMatcher(parseFilterFlags(['label=app'], 'x'))({}), false);
});

test('parseUntil: durations, dates, unix seconds; garbage is Docker\'s error', () => {
  const now = new Date('2024-06-01T12:00:00Z');
  assert.equal(parseUntil('24h', now).toISOString(), '2024-05-31T12:00:00.000Z');
  assert.equal(parseUntil('1h30m', now).toISOString(), '2024-06-01T10:30:00.000Z');
  assert.equal(parseUntil('1500ms', now).toISOString(), '2024-06-01T11:59:58.500Z');
  assert.equal(parseUntil('2024-01-02T03:04:05Z', now).toISOString(), '2024-01-02T03:04:05.000Z');
  assert.equal(parseUntil('1700000000', now).toISOString(), '2023-11-14T22:13:20.000Z');
  assert.throws(() => parseUntil('soon', now), {
    message: 'Error response from daemon: invalid value for \'until\' filter: failed to parse value as time or duration: "soon"',
  });
});

test('pathMatch is Go\'s path.Match', () => {
  assert.equal(pathMatch('busybox', 'busybox'), true);
  assert.equal(pathMatch('busy*', 'busybox:latest'), true);
  assert.equal(pathMatch('*', 'library/busybox'), false); // * stops at /
  assert.equal(pathMatch('*/*', 'library/busybox'), true);
  assert.equal(pathMatch('busybo?', 'busybox'), true);
  assert.equal(pathMatch('busybox:[0-9]*', 'busybox:1.36'), true);
  assert.equal(pathMatch('busybox:[^0-9]*', 'busybox:1.36'), false);
  assert.equal(pathMatch('busybox:[!0-9]*', 'busybox:latest'), false); // Go has no [!…]: '!' is a literal
  assert.equal(pathMatch('a\\*b', 'a*b'), true);
  assert.equal(pathMatch('a.b', 'axb'), false); // regexp characters are literals
  assert.equal(pathMatch('[', 'x'), false); // bad pattern: no match
  assert.equal(pathMatch('[]a]', ']'), false);
  assert.equal(pathMatch('x\\', 'x'), false);
});

const rec = (name: string): ImageRecord => ({ name, labels: {}, target: { mediaType: '', digest: 'sha256:0', size: 0 }, createdAt: undefined, updatedAt: undefined });

test('referenceMatches tries familiar and full names, with and without tag', () => {
  const r = rec('docker.io/library/busybox:latest');
  for (const p of ['busybox', 'busybox:latest', 'busy*', 'docker.io/library/busybox', 'docker.io/library/busybox:latest', '*/*/busybox']) {
    assert.equal(referenceMatches(r, [p]), true, p);
  }
  assert.equal(referenceMatches(r, ['alpine', 'busybox:1']), false);
  assert.equal(referenceMatches(r, ['alpine', 'busybox']), true); // OR within the key
  const local = rec('127.0.0.1:5000/tsctl-test/busybox:latest');
  assert.equal(referenceMatches(local, ['busybox']), false);
  assert.equal(referenceMatches(local, ['127.0.0.1:5000/tsctl-test/busybox']), true);
  assert.equal(referenceMatches(local, ['*/tsctl-test/*:latest']), true);
  assert.equal(referenceMatches(rec('moby-dangling@sha256:abc'), ['*']), false);
});
