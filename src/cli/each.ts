/**
 * Docker's multi-target verbs (`rm a b c`, `stop`, `kill`, `wait`, `start`): act on every target in order, keep
 * going after failures, then report them all (each on its own line) with exit 1.
 */
import { throwCollected, toTsctlError, type TsctlError } from '../errors/index';

export async function eachTarget(refs: readonly string[], fn: (ref: string) => Promise<void>, rethrow?: (e: unknown) => boolean): Promise<void> {
  const failed: TsctlError[] = [];
  for (const ref of refs) {
    try {
      await fn(ref);
    } catch (e) {
      if (rethrow?.(e)) throw e;
      failed.push(toTsctlError(e));
    }
  }
  throwCollected(failed);
}
