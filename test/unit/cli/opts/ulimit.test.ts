import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidOptionError } from '../../../../src/errors/index';
import { withFlag } from '../../../../src/cli/opts/common';
import { formatUlimit, parseUlimit, parseUlimits, ULIMIT_NAMES, ulimitToRlimit } from '../../../../src/cli/opts/ulimit';

test('parseUlimit: soft[:hard] as go-units ParseUlimit', () => {
  assert.deepEqual(parseUlimit('nofile=1024:2048'), { name: 'nofile', soft: 1024, hard: 2048 });
  assert.deepEqual(parseUlimit('nproc=512'), { name: 'nproc', soft: 512, hard: 512 });
  assert.deepEqual(parseUlimit('memlock=-1'), { name: 'memlock', soft: -1, hard: -1 });
  assert.deepEqual(parseUlimit('memlock=1024:-1'), { name: 'memlock', soft: 1024, hard: -1 });
  assert.deepEqual(parseUlimit('core=0'), { name: 'core', soft: 0, hard: 0 });
  for (const name of ULIMIT_NAMES) assert.equal(parseUlimit(`${name}=1`).name, name);
});

test('parseUlimit errors as go-units', () => {
  const cases: [string, string][] = [
    ['nofile', 'invalid ulimit argument: nofile'],
    ['notvalid=1024:1024', 'invalid ulimit type: notvalid'],
    ['as=1', 'invalid ulimit type: as'],
    ['NOFILE=1', 'invalid ulimit type: NOFILE'],
    ['nofile=1024:1024:1024', 'too many limit value arguments - 1024:1024:1024, can only have up to two, `soft[:hard]`'],
    ['nofile=a:1024', 'strconv.ParseInt: parsing "a": invalid syntax'],
    ['nofile=1024:a', 'strconv.ParseInt: parsing "a": invalid syntax'],
    ['nofile=', 'strconv.ParseInt: parsing "": invalid syntax'],
    ['nofile=2048:1024', 'ulimit soft limit must be less than or equal to hard limit: 2048 > 1024'],
    ['nofile=-1:1024', 'ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: 1024'],
  ];
  for (const [input, msg] of cases) {
    assert.throws(() => parseUlimit(input), (e: unknown) => e instanceof InvalidOptionError && e.message === msg, input);
  }
  assert.throws(() => withFlag('--ulimit', 'x', parseUlimit), { message: 'invalid argument "x" for "--ulimit" flag: invalid ulimit argument: x' });
});

test('parseUlimits keeps the last per name, sorted by name', () => {
  assert.deepEqual(parseUlimits(['nproc=10', 'nofile=1:2', 'core=0', 'nofile=3:4']), [
    { name: 'core', soft: 0, hard: 0 }, { name: 'nofile', soft: 3, hard: 4 }, { name: 'nproc', soft: 10, hard: 10 },
  ]);
});

test('ulimitToRlimit: OCI names and uint64 values', () => {
  assert.deepEqual(ulimitToRlimit({ name: 'nofile', soft: 1024, hard: 2048 }), { type: 'RLIMIT_NOFILE', soft: 1024n, hard: 2048n });
  assert.deepEqual(ulimitToRlimit({ name: 'memlock', soft: -1, hard: -1 }), {
    type: 'RLIMIT_MEMLOCK', soft: 18446744073709551615n, hard: 18446744073709551615n,
  });
  assert.equal(ulimitToRlimit({ name: 'sigpending', soft: 1, hard: 1 }).type, 'RLIMIT_SIGPENDING');
  assert.equal(formatUlimit({ name: 'nofile', soft: 1, hard: 2 }), 'nofile=1:2');
});
