import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLoggerArgs, parseSize } from '../../../src/logger/args';

test('argv pairs in any order (Go map order from the URI query)', () => {
  assert.deepEqual(parseLoggerArgs(['max-file', '3', 'path', '/l/c.log', 'max-size', '1000']), { path: '/l/c.log', maxSize: 1000, maxFile: 3 });
  assert.deepEqual(parseLoggerArgs(['path', '/l/c.log']), { path: '/l/c.log' });
  assert.deepEqual(parseLoggerArgs(['unknown', '', 'path', '/x']), { path: '/x' });
  assert.throws(() => parseLoggerArgs([]), /path/);
  assert.throws(() => parseLoggerArgs(['path', 'relative.log']), /absolute/);
  assert.throws(() => parseLoggerArgs(['path', '/x', 'max-file', '0']), /max-file/);
  assert.throws(() => parseLoggerArgs(['path', '/x', 'max-size', '0']), /positive/);
});

test('max-size accepts bytes and Docker human sizes (decimal units)', () => {
  assert.equal(parseSize('1024'), 1024);
  assert.equal(parseSize('10k'), 10_000);
  assert.equal(parseSize('10m'), 10_000_000);
  assert.equal(parseSize('1.5MB'), 1_500_000);
  assert.equal(parseSize('2g'), 2_000_000_000);
  assert.throws(() => parseSize('lots'), /invalid size/);
});

test('parseLoggerArgs: tty and the output FIFOs (absolute paths only)', () => {
  assert.deepEqual(parseLoggerArgs(['path', '/l', 'tty', '1', 'stdout-fifo', '/o', 'stderr-fifo', '/e']), { path: '/l', tty: true, stdoutFifo: '/o', stderrFifo: '/e' });
  assert.throws(() => parseLoggerArgs(['path', '/l', 'stdout-fifo', 'rel']), /absolute/);
});
