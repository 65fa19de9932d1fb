/** Compose hosts for the loader's unit tests: the fixture directories on disk, or files in memory. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ComposeHost } from '../../../src/compose/model';

export const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

export function fixtureHost(dir: string, env: Record<string, string> = {}): ComposeHost {
  return {
    cwd: `${FIXTURES}/${dir}`,
    env,
    home: '/home/user',
    readFile: (f) => (existsSync(f) && statSync(f).isFile() ? readFileSync(f, 'utf8') : undefined),
  };
}

/** Files by absolute path; cwd /p unless given. */
export function memHost(files: Record<string, string>, env: Record<string, string> = {}, cwd = '/p'): ComposeHost {
  return { cwd, env, home: '/home/user', readFile: (f) => files[f] };
}
