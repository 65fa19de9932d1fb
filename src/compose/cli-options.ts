/** Checks and parsing of compose verbs' flags that Docker Compose does before touching anything. Pure. */
import { InvalidOptionError } from '../errors/index';

/** `--scale web=3` (repeatable) → `{web: 3}`. */
export function parseScale(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    const n = i > 0 ? Number(v.slice(i + 1)) : NaN;
    if (i <= 0 || !Number.isInteger(n) || n < 0 || v.slice(i + 1).trim() === '') throw new InvalidOptionError(`invalid --scale option "${v}": expected SERVICE=NUM`);
    out[v.slice(0, i)] = n;
  }
  return out;
}

export interface UpFlagChecks {
  detach: boolean;
  abort: boolean;
  forceRecreate: boolean;
  noRecreate: boolean;
  build: boolean;
  noBuild: boolean;
}

/** Docker Compose's incompatible-flag errors for `up`. */
export function upOptionsCheck(f: UpFlagChecks): void {
  if (f.detach && f.abort) throw new InvalidOptionError('--abort-on-container-exit and --detach are incompatible');
  if (f.forceRecreate && f.noRecreate) throw new InvalidOptionError('--force-recreate and --no-recreate are incompatible');
  if (f.build && f.noBuild) throw new InvalidOptionError('--build and --no-build are incompatible');
}
