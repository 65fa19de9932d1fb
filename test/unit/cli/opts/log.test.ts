import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, InvalidOptionError } from '../../../../src/errors/index';
import { logFileOptions, NONE_LOG_FILE, parseLogOpts, validateLogConfig } from '../../../../src/cli/opts/log';
import { decodeLogConfig } from '../../../../src/labels';

test('parseLogOpts: k=v list to a map (bare key → ""), default driver, none refuses options (CLI error)', () => {
  assert.deepEqual(parseLogOpts('', []), { Type: 'json-file', Config: {} });
  assert.deepEqual(parseLogOpts('json-file', ['max-size=1k', 'max-file=2', 'max-size=2k', 'tag']), { Type: 'json-file', Config: { 'max-size': '2k', 'max-file': '2', tag: '' } });
  assert.deepEqual(parseLogOpts('json-file', ['labels=a=b']).Config, { labels: 'a=b' });
  assert.deepEqual(parseLogOpts('none', []), { Type: 'none', Config: {} });
  assert.throws(() => parseLogOpts('none', ['max-size=1k']), (e: unknown) => e instanceof InvalidOptionError && e.message === 'invalid logging opts for driver none');
});

test('validateLogConfig: dockerd\'s create-time checks', () => {
  const v = (Type: string, Config: Record<string, string> = {}) => () => validateLogConfig({ Type, Config });
  v('json-file', { 'max-size': '1k', 'max-file': '3', compress: 'true', tag: 'x', labels: '', env: '', 'env-regex': '', 'labels-regex': '', mode: 'blocking' })();
  v('json-file', { mode: 'non-blocking', 'max-buffer-size': '4m' })();
  v('none')();
  assert.throws(v('foo'), (e: unknown) => e instanceof InvalidArgumentError && e.message === 'Error response from daemon: error looking up logging plugin foo: plugin "foo" not found');
  assert.throws(v('syslog'), { message: 'Error response from daemon: error looking up logging plugin syslog: plugin "syslog" not found' });
  assert.throws(v('json-file', { foo: '1' }), { message: "Error response from daemon: unknown log opt 'foo' for json-file log driver" });
  assert.throws(v('json-file', { mode: 'x' }), { message: 'Error response from daemon: logger: logging mode not supported: x' });
  assert.throws(v('json-file', { 'max-buffer-size': '1m' }), { message: "Error response from daemon: logger: max-buffer-size option is only supported with 'mode=non-blocking'" });
  assert.throws(v('json-file', { mode: 'non-blocking', 'max-buffer-size': 'x' }), { message: "Error response from daemon: error parsing option max-buffer-size: invalid size: 'x'" });
});

test('logFileOptions: json-file\'s start-time parsing (decimal sizes), none gets a bounded file', () => {
  const f = (Config: Record<string, string>) => logFileOptions({ Type: 'json-file', Config });
  assert.deepEqual(f({}), {});
  assert.deepEqual(f({ 'max-size': '1k', 'max-file': '2' }), { maxSize: 1000, maxFile: 2 });
  assert.deepEqual(f({ 'max-size': '10m' }), { maxSize: 10_000_000 });
  assert.deepEqual(f({ 'max-file': '5' }), {}, 'no rotation without max-size');
  assert.deepEqual(f({ 'max-size': '1k', 'max-file': '2', compress: 'false' }), { maxSize: 1000, maxFile: 2 });
  const fail = (Config: Record<string, string>, msg: string) =>
    assert.throws(() => f(Config), (e: unknown) => e instanceof InvalidArgumentError && e.message === `Error response from daemon: failed to initialize logging driver: ${msg}`);
  fail({ 'max-size': 'abc' }, "invalid size: 'abc'");
  fail({ 'max-size': '' }, "invalid size: ''");
  fail({ 'max-size': '0' }, 'max-size must be a positive number');
  fail({ 'max-file': '0' }, 'max-file cannot be less than 1');
  fail({ 'max-file': 'x' }, 'strconv.Atoi: parsing "x": invalid syntax');
  fail({ compress: 'yes' }, 'strconv.ParseBool: parsing "yes": invalid syntax');
  fail({ compress: 'true' }, 'compress cannot be true when max-file is less than 2 or max-size is not set');
  fail({ compress: 'true', 'max-size': '1k' }, 'compress cannot be true when max-file is less than 2 or max-size is not set');
  assert.deepEqual(logFileOptions({ Type: 'none', Config: {} }), NONE_LOG_FILE);
});

test('decodeLogConfig: the label back, json-file by default', () => {
  assert.deepEqual(decodeLogConfig(undefined), { Type: 'json-file', Config: {} });
  assert.deepEqual(decodeLogConfig('{"Type":"none","Config":{}}'), { Type: 'none', Config: {} });
  assert.deepEqual(decodeLogConfig('{"Type":"json-file"}'), { Type: 'json-file', Config: {} });
  assert.deepEqual(decodeLogConfig('not json'), { Type: 'json-file', Config: {} });
});
