import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidOptionError } from '../../../../src/errors/index';
import {
  collectEnv, envToMap, fileReadError, mergeEnv, parseEnvFile, parseEnvFlag, parseKeyValueFile,
} from '../../../../src/cli/opts/env';

const environ = { HOME: '/home/me', EMPTY: '', DEFINED_VAR: 'defined-value' };

test('parseEnvFlag: K=V kept, K from the environment, unset K kept bare', () => {
  assert.equal(parseEnvFlag('A=1', environ), 'A=1');
  assert.equal(parseEnvFlag('A=', environ), 'A=');
  assert.equal(parseEnvFlag('A==b', environ), 'A==b');
  assert.equal(parseEnvFlag('HOME', environ), 'HOME=/home/me');
  assert.equal(parseEnvFlag('EMPTY', environ), 'EMPTY=');
  assert.equal(parseEnvFlag('NOPE', environ), 'NOPE');
  assert.equal(parseEnvFlag('toString', environ), 'toString');
  assert.throws(() => parseEnvFlag('=x', environ), (e: unknown) =>
    e instanceof InvalidOptionError && e.message === 'invalid environment variable: =x');
  assert.throws(() => parseEnvFlag('', environ), { message: 'invalid environment variable: ' });
});

test('parseKeyValueFile: kvfile rules (comments, blanks, lookup, no quote processing)', () => {
  const content = '# comment=\nVAR=VAR_VALUE\nEMPTY_VAR=\nUNDEFINED_VAR\nDEFINED_VAR\n';
  const lookup = (k: string) => (k === 'DEFINED_VAR' ? 'defined-value' : undefined);
  assert.deepEqual(parseKeyValueFile(content, lookup), ['VAR=VAR_VALUE', 'EMPTY_VAR=', 'DEFINED_VAR=defined-value']);
  const good = 'foo=bar\n    baz=quux\n# comment\n\n_foobar=foobaz\nwith.dots=working\nand_underscore=working too\n\n    \t  ';
  assert.deepEqual(parseKeyValueFile(good), ['foo=bar', 'baz=quux', '_foobar=foobaz', 'with.dots=working', 'and_underscore=working too']);
  assert.deepEqual(parseKeyValueFile(''), []);
  assert.deepEqual(parseKeyValueFile('Q="quoted value"\nS=\'x\'\nT=a # not a comment\nU=trailing  \n'), [
    'Q="quoted value"', "S='x'", 'T=a # not a comment', 'U=trailing  ',
  ]);
  assert.deepEqual(parseKeyValueFile('\ufeffA=1\r\nB=2\r\n\ufeffC=3'), ['A=1', 'B=2', '\ufeffC=3']);
  assert.deepEqual(parseKeyValueFile('NOVALUE\n'), []);
  assert.deepEqual(parseKeyValueFile('\u00a0 X=1'), ['X=1']);
});

test('parseKeyValueFile errors as kvfile', () => {
  assert.throws(() => parseKeyValueFile('foo=bar\n    f   =quux\n'), { message: "variable 'f   ' contains whitespaces" });
  assert.throws(() => parseKeyValueFile('first line\nanother invalid line'), { message: "variable 'first line' contains whitespaces" });
  assert.throws(() => parseKeyValueFile('# comment=\n=blank variable names are an error case\n'), {
    message: "no variable name on line '=blank variable names are an error case'",
  });
  assert.throws(() => parseKeyValueFile('foo=' + 'a'.repeat(65536 + 42)), { message: 'bufio.Scanner: token too long' });
  assert.deepEqual(parseKeyValueFile('foo=' + 'a'.repeat(65531)), ['foo=' + 'a'.repeat(65531)]);
  const bytes = new Uint8Array([0x41, 0x3d, 0x31, 0x0a, 0x42, 0x3d, 0xff, 0x0a]);
  assert.throws(() => parseKeyValueFile(bytes), { message: 'invalid utf8 bytes at line 2: [66 61 255]' });
  assert.deepEqual(parseKeyValueFile(new TextEncoder().encode('A=é\nB=2\n')), ['A=é', 'B=2']);
});

test('parseEnvFile adds the file and flag prefixes; fileReadError words os.Open failures', () => {
  assert.deepEqual(parseEnvFile('A=1\nHOME\nMISSING\n', environ, 'x.env'), ['A=1', 'HOME=/home/me']);
  assert.throws(() => parseEnvFile('a b=1', environ, 'x.env'), {
    message: "--env-file: invalid env file (x.env): variable 'a b' contains whitespaces",
  });
  const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
  assert.equal(fileReadError('--env-file', 'nope.env', enoent).message, '--env-file: open nope.env: no such file or directory');
  const eisdir = Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  assert.equal(fileReadError('--label-file', 'dir', eisdir).message, '--label-file: read dir: is a directory');
});

test('collectEnv: env files first, then -e flags (validated as pflag does)', () => {
  const files = [{ path: 'a.env', content: 'A=file\nB=file\n' }, { path: 'b.env', content: 'C=3\n' }];
  assert.deepEqual(collectEnv(files, ['A=flag', 'HOME', 'UNSET'], environ), ['A=file', 'B=file', 'C=3', 'A=flag', 'HOME=/home/me', 'UNSET']);
  assert.throws(() => collectEnv([], ['=x'], environ), {
    message: 'invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x',
  });
});

test('mergeEnv: dockerd ReplaceOrAppendEnvValues', () => {
  const image = ['PATH=/usr/bin', 'LANG=C', 'HOME=/root'];
  assert.deepEqual(mergeEnv(image, ['LANG=en_US.UTF-8', 'NEW=1']), ['PATH=/usr/bin', 'LANG=en_US.UTF-8', 'HOME=/root', 'NEW=1']);
  assert.deepEqual(mergeEnv(image, ['LANG']), ['PATH=/usr/bin', 'HOME=/root']);
  assert.deepEqual(mergeEnv(image, ['LANG', 'LANG=back']), ['PATH=/usr/bin', 'LANG=back', 'HOME=/root']);
  assert.deepEqual(mergeEnv(image, ['NOPE']), image);
  assert.deepEqual(mergeEnv([], ['A=1', 'A=2']), ['A=1', 'A=2']);
  assert.deepEqual(mergeEnv(['A=0'], ['A=1', 'A=2']), ['A=2']);
  assert.deepEqual(mergeEnv(['', 'X=1'], []), ['X=1']);
  assert.deepEqual(image, ['PATH=/usr/bin', 'LANG=C', 'HOME=/root']);
});

test('envToMap: last K=V wins, bare K skipped', () => {
  assert.deepEqual([...envToMap(['A=1', 'B', 'A=2', 'C=x=y'])], [['A', '2'], ['C', 'x=y']]);
});
