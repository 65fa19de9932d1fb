import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, InvalidOptionError } from '../../../../src/errors/index';
import { HEALTH_DEFAULTS, healthProbe, mergeHealthConfig, parseHealthFlags, validateHealthConfig } from '../../../../src/cli/opts/health';

const S = 1_000_000_000;

test('parseHealthFlags builds Docker\'s HealthConfig', () => {
  assert.equal(parseHealthFlags({}), undefined);
  assert.deepEqual(parseHealthFlags({ noHealthcheck: true }), { Test: ['NONE'] });
  assert.deepEqual(parseHealthFlags({ cmd: 'curl -f http://localhost/ || exit 1', interval: '5s', timeout: '2s', retries: '3', startPeriod: '1m' }), {
    Test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], Interval: 5 * S, Timeout: 2 * S, StartPeriod: 60 * S, Retries: 3,
  });
  assert.deepEqual(parseHealthFlags({ interval: '1m30s' }), { Interval: 90 * S });
  assert.deepEqual(parseHealthFlags({ startInterval: '500ms' }), { StartInterval: 500_000_000 });
  assert.equal(parseHealthFlags({ cmd: '', interval: '0s', retries: '0' }), undefined);
  assert.deepEqual(parseHealthFlags({ cmd: 'true', noHealthcheck: false }), { Test: ['CMD-SHELL', 'true'] });
});

test('health flag errors: pflag, CLI and dockerd', () => {
  assert.throws(() => parseHealthFlags({ interval: 'x' }), (e: unknown) =>
    e instanceof InvalidOptionError && e.message === 'invalid argument "x" for "--health-interval" flag: time: invalid duration "x"');
  assert.throws(() => parseHealthFlags({ timeout: '5' }), { message: 'invalid argument "5" for "--health-timeout" flag: time: missing unit in duration "5"' });
  assert.throws(() => parseHealthFlags({ retries: 'three' }), {
    message: 'invalid argument "three" for "--health-retries" flag: strconv.ParseInt: parsing "three": invalid syntax',
  });
  assert.throws(() => parseHealthFlags({ noHealthcheck: true, cmd: 'true' }), { message: '--no-healthcheck conflicts with --health-* options' });
  assert.throws(() => parseHealthFlags({ noHealthcheck: true, retries: '1' }), { message: '--no-healthcheck conflicts with --health-* options' });
  assert.throws(() => parseHealthFlags({ interval: '-1s' }), { message: '--health-interval cannot be negative' });
  assert.throws(() => parseHealthFlags({ timeout: '-1s' }), { message: '--health-timeout cannot be negative' });
  assert.throws(() => parseHealthFlags({ retries: '-1' }), { message: '--health-retries cannot be negative' });
  assert.throws(() => parseHealthFlags({ startPeriod: '-1s' }), { message: '--health-start-period cannot be negative' });
  assert.throws(() => parseHealthFlags({ startInterval: '-1s' }), { message: '--health-start-interval cannot be negative' });
  assert.throws(() => parseHealthFlags({ interval: '500us' }), (e: unknown) =>
    e instanceof InvalidArgumentError && e.message === 'Error response from daemon: Interval in Healthcheck cannot be less than 1ms');
  assert.throws(() => parseHealthFlags({ timeout: '10ns' }), { message: 'Error response from daemon: Timeout in Healthcheck cannot be less than 1ms' });
  assert.throws(() => parseHealthFlags({ startPeriod: '1ns' }), { message: 'Error response from daemon: StartPeriod in Healthcheck cannot be less than 1ms' });
  assert.throws(() => parseHealthFlags({ startInterval: '1us' }), { message: 'Error response from daemon: StartInterval in Healthcheck cannot be less than 1ms' });
  assert.throws(() => validateHealthConfig({ Retries: -1 }), { message: 'Error response from daemon: Retries in Healthcheck cannot be negative' });
  validateHealthConfig({ Interval: 1_000_000 });
});

test('mergeHealthConfig: user fields over the image\'s', () => {
  const image = { Test: ['CMD', 'check'], Interval: 10 * S, Retries: 5 };
  assert.equal(mergeHealthConfig(undefined, undefined), undefined);
  assert.deepEqual(mergeHealthConfig(undefined, image), image);
  assert.deepEqual(mergeHealthConfig({ Interval: 2 * S }, image), { Test: ['CMD', 'check'], Interval: 2 * S, Retries: 5 });
  assert.deepEqual(mergeHealthConfig({ Test: ['NONE'] }, image), { Test: ['NONE'], Interval: 10 * S, Retries: 5 });
  assert.deepEqual(mergeHealthConfig({ Test: ['CMD-SHELL', 'x'] }, undefined), { Test: ['CMD-SHELL', 'x'] });
  assert.deepEqual(image, { Test: ['CMD', 'check'], Interval: 10 * S, Retries: 5 });
});

test('healthProbe: dockerd defaults, no probe for NONE/empty/unknown', () => {
  assert.equal(healthProbe(undefined), undefined);
  assert.equal(healthProbe({ Test: ['NONE'] }), undefined);
  assert.equal(healthProbe({ Interval: S }), undefined);
  assert.equal(healthProbe({ Test: ['WHAT', 'x'] }), undefined);
  assert.deepEqual(healthProbe({ Test: ['CMD-SHELL', 'true'] }), {
    test: ['CMD-SHELL', 'true'], interval: 30 * S, timeout: 30 * S, startPeriod: 0, startInterval: 5 * S, retries: 3,
  });
  assert.deepEqual(healthProbe({ Test: ['CMD', 'a'], Interval: S, Timeout: 2 * S, StartPeriod: 3 * S, StartInterval: 4 * S, Retries: 7 }), {
    test: ['CMD', 'a'], interval: S, timeout: 2 * S, startPeriod: 3 * S, startInterval: 4 * S, retries: 7,
  });
  assert.equal(healthProbe({ Test: ['CMD', 'a'], Retries: -2 })?.retries, HEALTH_DEFAULTS.retries);
});
