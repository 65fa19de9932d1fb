import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, MAX_MESSAGE } from '../../../src/logger/lines';

type Piece = [string, boolean];

function split(chunks: (string | Buffer)[], max = MAX_MESSAGE, eof = true): Piece[] {
  const out: Piece[] = [];
  const s = new LineSplitter((p, complete) => out.push([Buffer.from(p).toString('latin1'), complete]), max);
  for (const c of chunks) s.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  if (eof) s.end();
  return out;
}

test('lines keep their newline; an unterminated rest waits, then goes out partial at EOF', () => {
  assert.deepEqual(split(['a\nb', 'c\n\nd']), [['a\n', true], ['bc\n', true], ['\n', true], ['d', false]]);
  assert.deepEqual(split(['x'], MAX_MESSAGE, false), []);
  assert.deepEqual(split([]), []);
});

test('chunk boundaries do not matter', () => {
  const text = 'one\ntwo\n\nthree is longer\nfour';
  const whole = split([text], 6);
  const bytewise = split(text.split(''), 6);
  assert.deepEqual(bytewise, whole);
  assert.deepEqual(whole, [['one\n', true], ['two\n', true], ['\n', true], ['three ', false], ['is lon', false], ['ger\n', true], ['four', false]]);
});

test('Docker 16 KiB messages: a longer line is cut into 16 KiB partial pieces', () => {
  const line = 'x'.repeat(MAX_MESSAGE * 2 + 100);
  const got = split([`${line}\n`]);
  assert.deepEqual(got.map(([p, c]) => [p.length, c]), [[MAX_MESSAGE, false], [MAX_MESSAGE, false], [101, true]]);
  // exactly 16 KiB of text then \n: the buffer is full before the newline → partial, then an empty line
  const exact = split(['y'.repeat(MAX_MESSAGE), '\n']);
  assert.deepEqual(exact.map(([p, c]) => [p.length, c]), [[MAX_MESSAGE, false], [1, true]]);
  // 16 KiB - 1 plus \n fits
  assert.deepEqual(split([`${'z'.repeat(MAX_MESSAGE - 1)}\n`]).map(([p, c]) => [p.length, c]), [[MAX_MESSAGE, true]]);
});
