/** Small filesystem helpers. */
import { readdir } from 'node:fs/promises';

/** Number of entries in a directory; 0 when it does not exist. */
export async function countEntries(dir: string): Promise<number> {
  try {
    return (await readdir(dir)).length;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
}
