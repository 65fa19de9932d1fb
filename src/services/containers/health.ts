/**
 * Healthchecks as dockerd runs them (daemon/health.go), without a daemon: the container's logger runs the hook
 * every interval, and the hook runs one probe (an exec of the test command with a timeout) and records the result.
 */
import type { HealthLogEntry, HealthState } from '../../state/health';

/** dockerd keeps the last 5 results and 4 KiB of each probe's output. */
export const MAX_LOG_ENTRIES = 5;
export const MAX_OUTPUT = 4096;

export const STARTING: HealthState = { Status: 'starting', FailingStreak: 0, Log: [] };

/** The probe's argv: `CMD-SHELL x` runs `/bin/sh -c x`, `CMD a b` runs `a b`. */
export function probeArgs(test: readonly string[]): string[] {
  return test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', test.slice(1).join(' ')] : test.slice(1);
}

/** dockerd's handleProbeResult: the new state after one result; failures in the start period do not count. */
export function nextHealth(prev: HealthState, result: HealthLogEntry, probe: { retries: number; /** ns */ startPeriod: number }, startedAt: Date | undefined): HealthState {
  const Log = [...prev.Log, { ...result, Output: result.Output.slice(0, MAX_OUTPUT) }].slice(-MAX_LOG_ENTRIES);
  if (result.ExitCode === 0) return { Status: 'healthy', FailingStreak: 0, Log };
  let count = true;
  if (prev.Status === 'starting' && startedAt) {
    const sinceStartNs = (Date.parse(result.Start) - startedAt.getTime()) * 1e6;
    if (sinceStartNs < probe.startPeriod) count = false;
  }
  if (!count) return { ...prev, Log };
  const FailingStreak = prev.FailingStreak + 1;
  return { Status: FailingStreak >= probe.retries ? 'unhealthy' : prev.Status, FailingStreak, Log };
}

/** Docker's ps suffix: `(healthy)`, `(unhealthy)`, `(health: starting)`. */
export function healthSuffix(state: HealthState | undefined): string {
  if (!state) return '';
  return state.Status === 'starting' ? ' (health: starting)' : ` (${state.Status})`;
}

/** Human form of a Go duration in nanoseconds for the timeout message (`30s`, `1.5s`, `500ms`). */
export function goDuration(ns: number): string {
  if (ns % 1e9 === 0) return `${ns / 1e9}s`;
  if (ns >= 1e9) return `${ns / 1e9}s`;
  return `${ns / 1e6}ms`;
}
