import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monitorKeepsRunning, restartDelayMs, shouldRestart } from '../../../src/services/containers/restart-policy';
import { goDuration, healthSuffix, nextHealth, probeArgs, STARTING } from '../../../src/services/containers/health';

test('shouldRestart: Docker restart policies', () => {
  const base = { exitCode: 1, restartCount: 0, explicitlyStopped: false };
  assert.equal(shouldRestart({ ...base, policy: 'no' }), false);
  assert.equal(shouldRestart({ ...base, policy: 'always', exitCode: 0 }), true);
  assert.equal(shouldRestart({ ...base, policy: 'unless-stopped' }), true);
  assert.equal(shouldRestart({ ...base, policy: 'always', explicitlyStopped: true }), false);
  assert.equal(shouldRestart({ ...base, policy: 'on-failure', exitCode: 0 }), false);
  assert.equal(shouldRestart({ ...base, policy: 'on-failure', restartCount: 99 }), true);
  assert.equal(shouldRestart({ ...base, policy: 'on-failure:2', restartCount: 1 }), true);
  assert.equal(shouldRestart({ ...base, policy: 'on-failure:2', restartCount: 2 }), false);
  assert.equal(monitorKeepsRunning('always'), true);
  assert.equal(monitorKeepsRunning('on-failure:3'), false);
  assert.equal(monitorKeepsRunning(undefined), false);
});

test('restartDelayMs: 100 ms doubling, capped at 1 min, reset after a 10 s run', () => {
  assert.deepEqual([0, 1, 2, 3].map((n) => restartDelayMs(n, 0)), [100, 200, 400, 800]);
  assert.equal(restartDelayMs(30, 0), 60_000);
  assert.equal(restartDelayMs(30, 10_000), 100);
});

test('nextHealth: dockerd handleProbeResult (streaks, retries, start period, 5 log entries)', () => {
  const probe = { retries: 2, startPeriod: 5e9 };
  const started = new Date('2026-01-01T00:00:00Z');
  const r = (sec: number, code: number) => ({ Start: new Date(started.getTime() + sec * 1000).toISOString(), End: '', ExitCode: code, Output: `o${sec}` });
  let h = nextHealth(STARTING, r(1, 1), probe, started);
  assert.deepEqual([h.Status, h.FailingStreak], ['starting', 0], 'failures in the start period do not count');
  h = nextHealth(h, r(6, 1), probe, started);
  assert.deepEqual([h.Status, h.FailingStreak], ['starting', 1]);
  h = nextHealth(h, r(7, 1), probe, started);
  assert.deepEqual([h.Status, h.FailingStreak], ['unhealthy', 2]);
  h = nextHealth(h, r(8, 0), probe, started);
  assert.deepEqual([h.Status, h.FailingStreak], ['healthy', 0]);
  h = nextHealth(h, r(9, 1), probe, started);
  assert.deepEqual([h.Status, h.FailingStreak], ['healthy', 1]);
  h = nextHealth(h, r(10, 3), probe, started);
  assert.deepEqual([h.Status, h.FailingStreak], ['unhealthy', 2]);
  assert.deepEqual(h.Log.map((e) => e.Output), ['o6', 'o7', 'o8', 'o9', 'o10']);
  assert.equal(nextHealth(STARTING, { ...r(1, 0), Output: 'x'.repeat(5000) }, probe, started).Log[0]?.Output.length, 4096);
});

test('probe argv, ps suffix and the timeout duration text', () => {
  assert.deepEqual(probeArgs(['CMD-SHELL', 'curl -f x || exit 1']), ['/bin/sh', '-c', 'curl -f x || exit 1']);
  assert.deepEqual(probeArgs(['CMD', 'true', 'a']), ['true', 'a']);
  assert.equal(healthSuffix(STARTING), ' (health: starting)');
  assert.equal(healthSuffix({ ...STARTING, Status: 'healthy' }), ' (healthy)');
  assert.equal(healthSuffix(undefined), '');
  assert.deepEqual([goDuration(30e9), goDuration(300e6), goDuration(1.5e9)], ['30s', '300ms', '1.5s']);
});
