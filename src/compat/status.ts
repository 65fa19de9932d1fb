/**
 * Docker's human-readable times and container states: go-units' HumanDuration ("About a minute", "3 days"),
 * `ps`'s STATUS ("Up 5 minutes", "Exited (0) 3 seconds ago", "Created") and CREATED ("2 hours ago").
 */

/** go-units HumanDuration, byte for byte. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / 3_600_000) / 24 / 365)} years`;
}

export type TaskState = 'created' | 'running' | 'paused' | 'pausing' | 'stopped' | 'unknown' | 'none';

export interface StateFacts {
  state: TaskState;
  exitCode: number;
  /** When the task started (created time stands in when unknown). */
  startedAt: Date | undefined;
  exitedAt: Date | undefined;
}

/** `ps` STATUS column. A container without a task is "Created" (Docker shows that before the first start). */
export function statusText(f: StateFacts, now: Date): string {
  switch (f.state) {
    case 'running':
      return `Up ${f.startedAt ? humanDuration(now.getTime() - f.startedAt.getTime()) : 'Less than a second'}`;
    case 'paused':
    case 'pausing':
      return `Up ${f.startedAt ? humanDuration(now.getTime() - f.startedAt.getTime()) : 'Less than a second'} (Paused)`;
    case 'stopped':
      return `Exited (${f.exitCode}) ${f.exitedAt ? `${humanDuration(now.getTime() - f.exitedAt.getTime())} ago` : ''}`.trimEnd();
    case 'created':
    case 'none':
      return 'Created';
    default:
      return 'Unknown';
  }
}

/** Docker's `State` word (`{{.State}}`): created, running, paused, exited. */
export function stateWord(s: TaskState): string {
  if (s === 'stopped') return 'exited';
  if (s === 'none') return 'created';
  if (s === 'pausing') return 'paused';
  return s;
}
