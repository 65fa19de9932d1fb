import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidOptionError } from '../../../../src/errors/index';
import { getTimestamp, parseTimestamp } from '../../../../src/cli/opts/timestamp';

const now = new Date('2024-03-10T12:00:00.750Z');
const utc = { utcOffsetSeconds: 0 };

test('getTimestamp matches the Docker client table (reference in UTC)', () => {
  const cases: [string, string][] = [
    ['2006-01-02T15:04:05.999999999+07:00', '1136189045.999999999'],
    ['2006-01-02T15:04:05.999999999Z', '1136214245.999999999'],
    ['2006-01-02T15:04:05.999999999', '1136214245.999999999'],
    ['2006-01-02T15:04:05Z', '1136214245.000000000'],
    ['2006-01-02T15:04:05', '1136214245.000000000'],
    ['2006-01-02T15:04Z', '1136214240.000000000'],
    ['2006-01-02T15:04+00:00', '1136214240.000000000'],
    ['2006-01-02T15:04-00:00', '1136214240.000000000'],
    ['2006-01-02T15:04', '1136214240.000000000'],
    ['2006-01-02T15Z', '1136214000.000000000'],
    ['2006-01-02T15+00:00', '1136214000.000000000'],
    ['2006-01-02T15-00:00', '1136214000.000000000'],
    ['2006-01-02T15', '1136214000.000000000'],
    ['2006-01-02T1Z', '1136163600.000000000'],
    ['2006-01-02T1', '1136163600.000000000'],
    ['2006-01-02+00:00', '1136160000.000000000'],
    ['2006-01-02-00:00', '1136160000.000000000'],
    ['2006-01-02-00:01', '1136160060.000000000'],
    ['2006-01-02Z', '1136160000.000000000'],
    ['2006-01-02', '1136160000.000000000'],
    ['2015-05-13T20:39:09Z', '1431549549.000000000'],
    ['2006-01-02T15:04:05.5Z', '1136214245.500000000'],
    ['1136073600', '1136073600'],
    ['1136073600.000000001', '1136073600.000000001'],
    ['0', '0'],
    ['1m', String(Math.floor(now.getTime() / 1000) - 60)],
    ['1.5h', String(Math.floor(now.getTime() / 1000) - 5400)],
    ['1h30m', String(Math.floor(now.getTime() / 1000) - 5400)],
    ['-10s', String(Math.floor(now.getTime() / 1000) + 10)],
  ];
  for (const [input, want] of cases) assert.equal(getTimestamp(input, now, utc), want, input);
});

test('getTimestamp rejects what the Docker client rejects', () => {
  for (const bad of ['2006-01-02T15:04:0Z', '2006-01-02T15:04:0', '2006-01-02T15:0Z', '2006-01-02T15:0', '2006-01-02TZ', '2006-01-02T', 'invalid', '']) {
    assert.throws(() => getTimestamp(bad, now, utc), InvalidOptionError, bad);
  }
});

test('getTimestamp error texts follow Go', () => {
  const cases: [string, string][] = [
    ['invalid', 'failed to parse value as time or duration: "invalid"'],
    ['', 'failed to parse value as time or duration: ""'],
    ['1.', 'failed to parse value as time or duration: "1."'],
    ['2006-13-02', 'parsing time "2006-13-02": month out of range'],
    ['2006-02-30', 'parsing time "2006-02-30": day out of range'],
    ['2006-01-02T25:00', 'parsing time "2006-01-02T25:00": hour out of range'],
    ['2006-01-02T10:61', 'parsing time "2006-01-02T10:61": minute out of range'],
    ['2006-01-02T15:04:0', 'parsing time "2006-01-02T15:04:0" as "2006-01-02T15:04:05": cannot parse "0" as "05"'],
    ['2006-01-02T', 'parsing time "2006-01-02T" as "2006-01-02T15": cannot parse "" as "15"'],
    ['2006-01/02', 'parsing time "2006-01/02" as "2006-01-02": cannot parse "/02" as "-"'],
    ['2006/01/02', 'failed to parse value as time or duration: "2006/01/02"'],
    ['-1', 'parsing time "-1" as "2006-01-02": cannot parse "-1" as "2006"'],
    ['2006-01-02T15:04:05x', 'parsing time "2006-01-02T15:04:05x": extra text: "x"'],
    // Docker's colon counting assumes the offset has one, so this picks the minutes layout (as the Go client does)
    ['2006-01-02T15:04:05+0100', 'parsing time "2006-01-02T15:04:05+0100" as "2006-01-02T15:04Z07:00": cannot parse ":05+0100" as "Z07:00"'],
    ['2006-01-02T15:04:05+01:0x', 'parsing time "2006-01-02T15:04:05+01:0x" as "2006-01-02T15:04:05Z07:00": cannot parse "+01:0x" as "Z07:00"'],
  ];
  for (const [input, msg] of cases) assert.throws(() => getTimestamp(input, now, utc), { message: msg }, input);
  assert.throws(() => getTimestamp('bogus', now, { ...utc, name: 'since' }), {
    message: 'invalid value for "since": failed to parse value as time or duration: "bogus"',
  });
});

test('dates without a zone use the reference offset', () => {
  const plus2 = { utcOffsetSeconds: 7200 };
  assert.equal(getTimestamp('2006-01-02', now, plus2), '1136152800.000000000');
  assert.equal(getTimestamp('2006-01-02T15:04:05', now, plus2), '1136207045.000000000');
  assert.equal(getTimestamp('2006-01-02T15:04:05Z', now, plus2), '1136214245.000000000');
  assert.equal(getTimestamp('2004-02-29', now, utc), '1078012800.000000000');
  assert.equal(getTimestamp('0099-01-01', now, utc), '-59042995200.000000000');
});

test('durations floor to whole seconds like Go\'s Time.Unix()', () => {
  const t = new Date(500);
  assert.equal(getTimestamp('1s', t, utc), '-1');
  assert.equal(getTimestamp('500ms', t, utc), '0');
  assert.equal(getTimestamp('1ns', t, utc), '0');
});

test('parseTimestamp returns a Date', () => {
  assert.equal(parseTimestamp('2015-05-13T20:39:09Z', now).toISOString(), '2015-05-13T20:39:09.000Z');
  assert.equal(parseTimestamp('1136073600.5', now).toISOString(), '2006-01-01T00:00:00.500Z');
  assert.equal(parseTimestamp('1136073600', now).toISOString(), '2006-01-01T00:00:00.000Z');
  assert.equal(parseTimestamp('10m', now).toISOString(), '2024-03-10T11:50:00.000Z');
  assert.equal(parseTimestamp('2006-01-02T15:04:05.123456789Z', now).toISOString(), '2006-01-02T15:04:05.123Z');
  assert.throws(() => parseTimestamp('x', now, { name: 'until' }), /^InvalidOptionError|invalid value for "until"/);
});
