import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EscapeScanner, parseDetachKeys } from '../../../../src/cli/opts/detach-keys';

test('parseDetachKeys: Docker term.ToBytes forms and its error', () => {
  assert.deepEqual(parseDetachKeys('ctrl-p,ctrl-q'), [16, 17]);
  assert.deepEqual(parseDetachKeys('ctrl-a,x,ctrl-@,ctrl-['), [1, 120, 0, 27]);
  assert.deepEqual(parseDetachKeys('ctrl-\\'), [28]);
  for (const bad of ['', 'ctrl-', 'ctrl-1', 'abc', 'ctrl-p,,ctrl-q']) {
    assert.throws(() => parseDetachKeys(bad), { message: `Invalid escape keys (${bad}) provided` });
  }
});

test('EscapeScanner: the sequence detaches (also split over chunks); a broken prefix is given back', () => {
  const s = new EscapeScanner([16, 17]);
  assert.deepEqual(s.push(Buffer.from([97, 16])), { forward: Buffer.from([97]), detached: false });
  assert.deepEqual(s.push(Buffer.from([98])), { forward: Buffer.from([16, 98]), detached: false });
  assert.deepEqual(s.push(Buffer.from([16, 16, 17, 99])), { forward: Buffer.from([16]), detached: true });
  const one = new EscapeScanner([3]);
  assert.deepEqual(one.push(Buffer.from([1, 3])), { forward: Buffer.from([1]), detached: true });
});
