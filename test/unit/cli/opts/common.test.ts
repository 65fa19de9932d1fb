import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, InvalidOptionError } from '../../../../src/errors/index';
import {
  cut, daemonError, flagError, goAtoi, goParseBool, goParseInt, goPathClean, goQuote, parseFlagInt, setKey, withFlag,
} from '../../../../src/cli/opts/common';

test('goQuote follows strconv.Quote', () => {
  assert.equal(goQuote('abc'), '"abc"');
  assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goQuote('\n\t\x07'), '"\\n\\t\\a"');
  assert.equal(goQuote('\x01\x7f'), '"\\x01\\x7f"');
  assert.equal(goQuote('héllo ✓'), '"héllo ✓"');
  assert.equal(goQuote('\u00a0'), '"\\u00a0"');
  assert.equal(goQuote('\u{e0001}'), '"\\U000e0001"');
});

test('goParseInt base 10 and base 0 as strconv.ParseInt', () => {
  assert.equal(goParseInt('42'), 42n);
  assert.equal(goParseInt('-42'), -42n);
  assert.equal(goParseInt('+7'), 7n);
  assert.equal(goParseInt('0x10', { base: 0 }), 16n);
  assert.equal(goParseInt('0o17', { base: 0 }), 15n);
  assert.equal(goParseInt('010', { base: 0 }), 8n);
  assert.equal(goParseInt('0b101', { base: 0 }), 5n);
  assert.equal(goParseInt('1_000', { base: 0 }), 1000n);
  assert.equal(goParseInt('0', { base: 0 }), 0n);
  assert.equal(goParseInt('9223372036854775807'), 9223372036854775807n);
  assert.equal(goParseInt('-9223372036854775808'), -9223372036854775808n);
  assert.throws(() => goParseInt('9223372036854775808'), { message: 'strconv.ParseInt: parsing "9223372036854775808": value out of range' });
  assert.throws(() => goParseInt('0x10'), { message: 'strconv.ParseInt: parsing "0x10": invalid syntax' });
  assert.throws(() => goParseInt('08', { base: 0 }), { message: 'strconv.ParseInt: parsing "08": invalid syntax' });
  assert.throws(() => goParseInt('1__0', { base: 0 }), /invalid syntax/);
  assert.throws(() => goParseInt(''), { message: 'strconv.ParseInt: parsing "": invalid syntax' });
  assert.throws(() => goParseInt(' 1'), /invalid syntax/);
  assert.throws(() => goParseInt('128', { bits: 8 }), /value out of range/);
  assert.throws(() => goAtoi('x'), { message: 'strconv.Atoi: parsing "x": invalid syntax' });
  assert.equal(goAtoi('-3'), -3);
});

test('parseFlagInt wraps errors as pflag does', () => {
  assert.equal(parseFlagInt('--pids-limit', '0x20'), 32);
  assert.throws(() => parseFlagInt('--stop-timeout', 'ten'), (e: unknown) =>
    e instanceof InvalidOptionError &&
    e.message === 'invalid argument "ten" for "--stop-timeout" flag: strconv.ParseInt: parsing "ten": invalid syntax');
});

test('withFlag, flagError and daemonError', () => {
  assert.equal(withFlag('--x', '5', Number), 5);
  assert.throws(() => withFlag('-m, --memory', 'q', () => { throw new InvalidOptionError('invalid size: \'q\''); }), {
    message: 'invalid argument "q" for "-m, --memory" flag: invalid size: \'q\'',
  });
  assert.throws(() => withFlag('--x', 'v', () => { throw new TypeError('boom'); }), TypeError);
  assert.equal(flagError('--a', 'x"y', 'bad').message, 'invalid argument "x\\"y" for "--a" flag: bad');
  const d = daemonError('nope');
  assert.ok(d instanceof InvalidArgumentError);
  assert.equal(d.message, 'Error response from daemon: nope');
});

test('goParseBool accepts exactly strconv.ParseBool spellings', () => {
  for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) assert.equal(goParseBool(t), true);
  for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) assert.equal(goParseBool(f), false);
  for (const x of ['yes', 'tRUE', '', ' true']) assert.equal(goParseBool(x), undefined);
});

test('goPathClean matches path.Clean', () => {
  const cases: [string, string][] = [
    ['', '.'], ['/', '/'], ['//', '/'], ['/a/b/', '/a/b'], ['/a/./b', '/a/b'], ['/a/../..', '/'], ['a/../..', '..'],
    ['a//b', 'a/b'], ['/dev/../dev/fuse', '/dev/fuse'], ['.', '.'], ['./', '.'], ['../a', '../a'],
  ];
  for (const [input, want] of cases) assert.equal(goPathClean(input), want, input);
});

test('setKey keeps __proto__ as a data key; cut is strings.Cut', () => {
  const r: Record<string, string> = {};
  setKey(r, '__proto__', 'x');
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.deepEqual(Object.keys(r), ['__proto__']);
  assert.deepEqual(cut('a=b=c', '='), ['a', 'b=c', true]);
  assert.deepEqual(cut('abc', '='), ['abc', '', false]);
});
