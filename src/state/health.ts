/**
 * A container's health (Docker's State.Health) in `<container dir>/health.json`, written atomically (temp file +
 * rename) by the probe hook and read by ps/inspect. Reset to `starting` when the task starts.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface HealthLogEntry {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

export interface HealthState {
  Status: 'starting' | 'healthy' | 'unhealthy';
  FailingStreak: number;
  Log: HealthLogEntry[];
}

export const healthFile = (containerDir: string): string => join(containerDir, 'health.json');

export async function readHealth(containerDir: string): Promise<HealthState | undefined> {
  try {
    return JSON.parse(await readFile(healthFile(containerDir), 'utf8')) as HealthState;
  } catch {
    return undefined;
  }
}

export async function writeHealth(containerDir: string, state: HealthState): Promise<void> {
  const path = healthFile(containerDir);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state));
  await rename(tmp, path);
}
