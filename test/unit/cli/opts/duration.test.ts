import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidOptionError } from '../../../../src/errors/index';
import {
  formatGoDuration, parseDuration, parseDurationNs, parseGoDuration, parseStopTimeout, timeQuote,
} from '../../../../src/cli/opts/duration';

const S = 1_000_000_000n;
const MS = 1_000_000n;

test('parseGoDuration matches Go time.ParseDuration (Go test table)', () => {
  const cases: [string, bigint][] = [
    ['0', 0n], ['5s', 5n * S], ['30s', 30n * S], ['1478s', 1478n * S], ['-5s', -5n * S], ['+5s', 5n * S], ['-0', 0n],
    ['+0', 0n], ['5.0s', 5n * S], ['5.6s', 5n * S + 600n * MS], ['5.s', 5n * S], ['.5s', 500n * MS], ['1.0s', S],
    ['1.00s', S], ['1.004s', S + 4n * MS], ['1.0040s', S + 4n * MS], ['100.00100s', 100n * S + MS], ['10ns', 10n],
    ['11us', 11_000n], ['12µs', 12_000n], ['12μs', 12_000n], ['13ms', 13n * MS], ['14s', 14n * S], ['15m', 15n * 60n * S],
    ['16h', 16n * 3600n * S], ['3h30m', (3n * 60n + 30n) * 60n * S], ['10.5s4m', 4n * 60n * S + 10n * S + 500n * MS],
    ['-2m3.4s', -(2n * 60n * S + 3n * S + 400n * MS)], ['1h2m3s4ms5us6ns', 3600n * S + 120n * S + 3n * S + 4n * MS + 5000n + 6n],
    ['39h9m14.425s', 39n * 3600n * S + 9n * 60n * S + 14n * S + 425n * MS], ['52763797000ns', 52763797000n],
    ['0.3333333333333333333h', 20n * 60n * S], ['9007199254740993ns', 9007199254740993n],
    ['9223372036854775807ns', 9223372036854775807n], ['9223372036854775.807us', 9223372036854775807n],
    ['9223372036854ms775us807ns', 9223372036854775807n], ['-9223372036854775808ns', -9223372036854775808n],
    ['-9223372036854775.808us', -9223372036854775808n], ['0.100000000000000000000h', 6n * 60n * S],
    ['0.830103483285477580700h', 49n * 60n * S + 48n * S + 372539827n], ['1m30s', 90n * S], ['300ms', 300n * MS],
  ];
  for (const [input, want] of cases) assert.equal(parseGoDuration(input), want, input);
});

test('parseGoDuration errors read as Go', () => {
  const cases: [string, string][] = [
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['x', 'time: invalid duration "x"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1µ', 'time: unknown unit "\\xc2\\xb5" in duration "1\\xc2\\xb5"'],
    ['1.5x2s', 'time: unknown unit "x" in duration "1.5x2s"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
    ['9223372036854ms775us808ns', 'time: invalid duration "9223372036854ms775us808ns"'],
    ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
    ['1 s', 'time: unknown unit " s" in duration "1 s"'],
  ];
  for (const [input, msg] of cases) {
    assert.throws(() => parseGoDuration(input), (e: unknown) => e instanceof InvalidOptionError && e.message === msg, input);
  }
});

test('parseDuration (ms) and parseDurationNs', () => {
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('300ms'), 300);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('0'), 0);
  assert.equal(parseDuration('1500us'), 1.5);
  assert.equal(parseDurationNs('30s'), 30_000_000_000);
});

test('formatGoDuration matches Duration.String()', () => {
  const cases: [bigint | number, string][] = [
    [0n, '0s'], [1n, '1ns'], [1100n, '1.1µs'], [2_200_000n, '2.2ms'], [3_300_000_000n, '3.3s'],
    [4n * 60n * S + 5n * S, '4m5s'], [4n * 60n * S + 5n * S + MS, '4m5.001s'],
    [5n * 3600n * S + 6n * 60n * S + 7n * S + MS, '5h6m7.001s'], [8n * 60n * S + 1n, '8m0.000000001s'],
    [9223372036854775807n, '2562047h47m16.854775807s'], [-9223372036854775808n, '-2562047h47m16.854775808s'],
    [-1n, '-1ns'], [2n * 3600n * S, '2h0m0s'], [1_000_000, '1ms'], [30_000_000_000, '30s'],
  ];
  for (const [ns, want] of cases) assert.equal(formatGoDuration(ns), want, String(ns));
});

test('timeQuote escapes as the time package does', () => {
  assert.equal(timeQuote('a"b'), '"a\\"b"');
  assert.equal(timeQuote('é'), '"\\xc3\\xa9"');
  assert.equal(timeQuote('\t'), '"\\x09"');
});

test('parseStopTimeout: integer seconds with pflag errors', () => {
  assert.equal(parseStopTimeout('10'), 10);
  assert.equal(parseStopTimeout('-1'), -1);
  assert.throws(() => parseStopTimeout('1s'), {
    message: 'invalid argument "1s" for "--stop-timeout" flag: strconv.ParseInt: parsing "1s": invalid syntax',
  });
  assert.throws(() => parseStopTimeout('x', '-t, --timeout'), /for "-t, --timeout" flag/);
});
