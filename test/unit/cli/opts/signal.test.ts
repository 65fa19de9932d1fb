import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, InvalidOptionError } from '../../../../src/errors/index';
import {
  parseKillSignal, parseSignal, parseStopSignal, signalName, SIGNALS, validSignalForPlatform,
} from '../../../../src/cli/opts/signal';

test('parseSignal: names, SIG prefix, case, numbers, realtime', () => {
  const cases: [string, number][] = [
    ['SIGTERM', 15], ['TERM', 15], ['term', 15], ['sigterm', 15], ['15', 15], ['SIGKILL', 9], ['KILL', 9], ['HUP', 1],
    ['SIGRTMIN', 34], ['SIGRTMIN+3', 37], ['RTMIN+15', 49], ['RTMAX-14', 50], ['SIGRTMAX-1', 63], ['RTMAX', 64],
    ['SIGCHLD', 17], ['CLD', 17], ['IOT', 6], ['POLL', 29], ['SIGWINCH', 28], ['SIGUSR1', 10], ['+9', 9], ['100', 100], ['-1', -1],
  ];
  for (const [input, want] of cases) assert.equal(parseSignal(input), want, input);
});

test('parseSignal errors: invalid signal: X', () => {
  for (const bad of ['0', 'FOO', 'SIG', '', 'SIGRTMIN+16', 'RTMAX-15', '9x', 'SIG TERM']) {
    assert.throws(() => parseSignal(bad), (e: unknown) => e instanceof InvalidOptionError && e.message === `invalid signal: ${bad}`, bad);
  }
});

test('SIGNALS is moby\'s Linux map and validSignalForPlatform follows it', () => {
  assert.equal(SIGNALS.size, 65);
  for (let n = 1; n <= 64; n++) assert.equal(validSignalForPlatform(n), n !== 32 && n !== 33, String(n));
  assert.equal(validSignalForPlatform(0), false);
  assert.equal(validSignalForPlatform(65), false);
});

test('parseStopSignal / parseKillSignal carry the daemon prefix', () => {
  assert.equal(parseStopSignal('SIGINT'), 2);
  assert.equal(parseStopSignal('100'), 100);
  assert.throws(() => parseStopSignal('FOO'), (e: unknown) =>
    e instanceof InvalidArgumentError && e.message === 'Error response from daemon: invalid signal: FOO');
  assert.equal(parseKillSignal('KILL'), 9);
  assert.throws(() => parseKillSignal('100'), { message: 'Error response from daemon: the linux daemon does not support signal 100' });
  assert.throws(() => parseKillSignal('-1'), { message: 'Error response from daemon: the linux daemon does not support signal -1' });
});

test('signalName prefers canonical names', () => {
  assert.equal(signalName(15), 'SIGTERM');
  assert.equal(signalName(6), 'SIGABRT');
  assert.equal(signalName(17), 'SIGCHLD');
  assert.equal(signalName(29), 'SIGIO');
  assert.equal(signalName(37), 'SIGRTMIN+3');
  assert.equal(signalName(50), 'SIGRTMAX-14');
  assert.equal(signalName(32), undefined);
});
