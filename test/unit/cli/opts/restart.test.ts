import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, InvalidOptionError } from '../../../../src/errors/index';
import { parseRestartPolicy, validateRestartWithRm } from '../../../../src/cli/opts/restart';

test('parseRestartPolicy accepts Docker policies', () => {
  assert.deepEqual(parseRestartPolicy('no'), { name: 'no', maximumRetryCount: 0 });
  assert.deepEqual(parseRestartPolicy(''), { name: 'no', maximumRetryCount: 0 });
  assert.deepEqual(parseRestartPolicy('always'), { name: 'always', maximumRetryCount: 0 });
  assert.deepEqual(parseRestartPolicy('unless-stopped'), { name: 'unless-stopped', maximumRetryCount: 0 });
  assert.deepEqual(parseRestartPolicy('on-failure'), { name: 'on-failure', maximumRetryCount: 0 });
  assert.deepEqual(parseRestartPolicy('on-failure:5'), { name: 'on-failure', maximumRetryCount: 5 });
  assert.deepEqual(parseRestartPolicy('on-failure:'), { name: 'on-failure', maximumRetryCount: 0 });
  assert.deepEqual(parseRestartPolicy('always:0'), { name: 'always', maximumRetryCount: 0 });
});

test('parseRestartPolicy: CLI format errors', () => {
  assert.throws(() => parseRestartPolicy(':3'), (e: unknown) =>
    e instanceof InvalidOptionError && e.message === 'invalid restart policy format: no policy provided before colon');
  assert.throws(() => parseRestartPolicy('on-failure:x'), { message: 'invalid restart policy format: maximum retry count must be an integer' });
  assert.throws(() => parseRestartPolicy('on-failure:1:2'), { message: 'invalid restart policy format: maximum retry count must be an integer' });
});

test('parseRestartPolicy: daemon validation errors', () => {
  const cases: [string, string][] = [
    ['sometimes', "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"],
    ['Always', "invalid restart policy: unknown policy 'Always'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"],
    ['always:3', "invalid restart policy: maximum retry count can only be used with 'on-failure'"],
    ['unless-stopped:1', "invalid restart policy: maximum retry count can only be used with 'on-failure'"],
    ['no:-1', "invalid restart policy: maximum retry count can only be used with 'on-failure' and cannot be negative"],
    ['on-failure:-1', 'invalid restart policy: maximum retry count cannot be negative'],
  ];
  for (const [input, msg] of cases) {
    assert.throws(() => parseRestartPolicy(input), (e: unknown) =>
      e instanceof InvalidArgumentError && e.message === `Error response from daemon: ${msg}`, input);
  }
});

test('--rm conflicts with any restart policy but no', () => {
  validateRestartWithRm(parseRestartPolicy('no'), true);
  validateRestartWithRm(parseRestartPolicy('always'), false);
  assert.throws(() => validateRestartWithRm(parseRestartPolicy('always'), true), {
    message: 'conflicting options: cannot specify both --restart and --rm',
  });
});
