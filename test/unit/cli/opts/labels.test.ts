import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidOptionError } from '../../../../src/errors/index';
import { collectLabels, kvListToRecord, parseLabelFile, parseLabelFlag } from '../../../../src/cli/opts/labels';

test('parseLabelFlag validates keys as docker/cli ValidateLabel', () => {
  assert.equal(parseLabelFlag('a=b'), 'a=b');
  assert.equal(parseLabelFlag('a'), 'a');
  assert.equal(parseLabelFlag('  a=b c'), '  a=b c');
  assert.equal(parseLabelFlag('com.example.k=v=w'), 'com.example.k=v=w');
  assert.throws(() => parseLabelFlag('=b'), (e: unknown) => e instanceof InvalidOptionError && e.message === "invalid label '=b': empty name");
  assert.throws(() => parseLabelFlag(' \t=b'), { message: "invalid label ' \t=b': empty name" });
  assert.throws(() => parseLabelFlag('a b=c'), { message: "label 'a b' contains whitespaces" });
  assert.throws(() => parseLabelFlag('a\t=c'), { message: "label 'a\t' contains whitespaces" });
});

test('parseLabelFile: kvfile syntax, bare keys dropped, Docker\'s env-file wording', () => {
  assert.deepEqual(parseLabelFile('# c\nA=1\nBARE\n\nB="q"\n', 'l.txt'), ['A=1', 'B="q"']);
  assert.throws(() => parseLabelFile('a b=1', 'l.txt'), { message: "--label-file: invalid env file (l.txt): variable 'a b' contains whitespaces" });
});

test('collectLabels: files then flags, last wins, bare flag key is empty', () => {
  const files = [{ path: 'l', content: 'a=file\nb=file\n' }];
  assert.deepEqual(collectLabels(files, ['a=flag', 'c', 'd=x=y']), { a: 'flag', b: 'file', c: '', d: 'x=y' });
  assert.throws(() => collectLabels([], ['=v']), { message: 'invalid argument "=v" for "-l, --label" flag: invalid label \'=v\': empty name' });
  const r = kvListToRecord(['__proto__=x', 'k=1', 'k=2']);
  assert.equal(r['k'], '2');
  assert.deepEqual(Object.keys(r), ['__proto__', 'k']);
});
