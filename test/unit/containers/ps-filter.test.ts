import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPsFilters, filterMatch, idOrName, matchKVList, selectContainers, type PsCandidate, type PsFilter } from '../../../src/services/containers/ps-filter';
import { parseFilterFlags } from '../../../src/services/images/list';

// Newest first, as listContainers hands them over.
const cands: PsCandidate[] = [
  { id: 'aaa111', name: 'web', labels: { app: 'shop', tier: 'front' }, state: 'running', running: true, exitCode: 0, started: true, imageId: 'sha256:img1', health: 'healthy' },
  { id: 'bbb222', name: 'db', labels: { app: 'shop' }, state: 'paused', running: true, exitCode: 0, started: true, imageId: 'sha256:img2' },
  { id: 'ccc333', name: 'job', labels: {}, state: 'exited', running: false, exitCode: 3, started: true, imageId: 'sha256:img1' },
  { id: 'aaa444', name: 'fresh', labels: { app: 'other' }, state: 'created', running: false, exitCode: 0, started: false, imageId: undefined },
];

function select(flags: string[], opts: { all?: boolean; limit?: number; ancestors?: Set<string> } = {}): string[] {
  const filters = parseFilterFlags(flags, '--filter');
  const checked = checkPsFilters(filters);
  const one = (k: string) => filters.get(k)?.map((v) => idOrName(cands, v)).at(-1);
  const pf: PsFilter = { filters, exited: checked.exited, before: one('before'), since: one('since'), ancestors: opts.ancestors };
  return selectContainers(cands, pf, { all: (opts.all ?? false) || checked.impliesAll, limit: opts.limit ?? 0 }).map((c) => c.name);
}

test('no filter: running (and paused) only; -a all; -n the newest n of any state', () => {
  assert.deepEqual(select([]), ['web', 'db']);
  assert.deepEqual(select([], { all: true }), ['web', 'db', 'job', 'fresh']);
  assert.deepEqual(select([], { limit: 3 }), ['web', 'db', 'job']);
});

test('status implies -a and is validated with Docker\'s text', () => {
  assert.deepEqual(select(['status=exited']), ['job']);
  assert.deepEqual(select(['status=paused']), ['db']);
  assert.deepEqual(select(['status=created', 'status=running']), ['web', 'fresh']);
  assert.throws(() => select(['status=up']), {
    message: "Error response from daemon: invalid filter 'status=up': invalid value for state (up): must be one of created, running, paused, restarting, removing, exited, dead",
  });
});

test('unknown keys and bad values fail as the daemon does', () => {
  assert.throws(() => select(['foo=bar']), { message: "Error response from daemon: invalid filter 'foo'" });
  assert.throws(() => select(['exited=x']), { message: 'Error response from daemon: invalid filter \'exited=x\': strconv.Atoi: parsing "x": invalid syntax' });
  assert.throws(() => select(['health=ok']), /invalid value for health \(ok\): must be one of none, starting, healthy, unhealthy/);
  assert.throws(() => select(['before=ghost']), { message: 'Error response from daemon: No such container: ghost' });
});

test('name and id: exact or regexp (names with and without the slash); id as a unique prefix', () => {
  assert.deepEqual(select(['name=web']), ['web']);
  assert.deepEqual(select(['name=^/d'], { all: true }), ['db']);
  assert.deepEqual(select(['name=o'], { all: true }), ['job']);
  assert.deepEqual(select(['id=bbb'], { all: true }), ['db']);
  // `aaa` is a prefix of two IDs: moby's prefix lookup is ambiguous, so neither is listed.
  assert.deepEqual(select(['id=aaa'], { all: true }), []);
  assert.deepEqual(select(['id=aaa4'], { all: true }), ['fresh']);
});

test('label key and key=value; every value must hold', () => {
  assert.deepEqual(select(['label=app'], { all: true }), ['web', 'db', 'fresh']);
  assert.deepEqual(select(['label=app=shop', 'label=tier'], { all: true }), ['web']);
  assert.equal(matchKVList(new Map([['label', ['x=']]]), 'label', { x: '' }), true);
  assert.equal(matchKVList(new Map([['label', ['x']]]), 'label', {}), false);
});

test('exited matches only containers that ran and stopped with that code', () => {
  assert.deepEqual(select(['exited=3'], { all: true }), ['job']);
  assert.deepEqual(select(['exited=0'], { all: true }), []);
});

test('before skips up to and including the container; since stops at it', () => {
  assert.deepEqual(select(['before=db'], { all: true }), ['job', 'fresh']);
  assert.deepEqual(select(['since=job'], { all: true }), ['web', 'db']);
  assert.deepEqual(select(['since=ccc333', 'before=web'], { all: true }), ['db']);
});

test('ancestor: the accepted image IDs; no image found means nothing matches', () => {
  assert.deepEqual(select(['ancestor=x'], { all: true, ancestors: new Set(['sha256:img1']) }), ['web', 'job']);
  assert.deepEqual(select(['ancestor=x'], { all: true, ancestors: new Set() }), []);
});

test('filterMatch: no values match everything; a bad pattern matches nothing', () => {
  assert.equal(filterMatch(new Map(), 'name', 'x'), true);
  assert.equal(filterMatch(new Map([['name', ['(']]]), 'name', 'x'), false);
});

test('health: the running healthcheck status, none without one', () => {
  assert.deepEqual(select(['health=healthy']), ['web']);
  assert.deepEqual(select(['health=none']), ['db']);
  assert.deepEqual(select(['health=none'], { all: true }), ['db', 'job', 'fresh']);
  assert.deepEqual(select(['health=unhealthy', 'health=healthy']), ['web']);
});
