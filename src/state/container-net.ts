/** Reading and writing a container's networking files (`net.json`, `net-state.json`; shapes in src/net/types.ts). */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/lock';
import { NET_SPEC_FILE, NET_STATE_FILE, type ContainerNetSpec, type ContainerNetState } from '../net/types';

async function readJson<T>(path: string): Promise<T | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export const readNetSpec = (containerDir: string): Promise<ContainerNetSpec | undefined> => readJson(join(containerDir, NET_SPEC_FILE));
export const readNetState = (containerDir: string): Promise<ContainerNetState | undefined> => readJson(join(containerDir, NET_STATE_FILE));
export const writeNetSpec = (containerDir: string, spec: ContainerNetSpec): Promise<void> => writeFileAtomic(join(containerDir, NET_SPEC_FILE), `${JSON.stringify(spec, null, 2)}\n`);
export const writeNetState = (containerDir: string, state: ContainerNetState): Promise<void> => writeFileAtomic(join(containerDir, NET_STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
export const removeNetState = (containerDir: string): Promise<void> => rm(join(containerDir, NET_STATE_FILE), { force: true });
