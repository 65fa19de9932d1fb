/** `--filter name=value` flags (docker/cli opts.FilterOpt): a malformed one is a usage error (exit 125). */
import type { CliContext } from './context';
import { InvalidOptionError, UsageError } from '../errors/index';
import { parseFilterFlags, type Filters } from '../services/images/list';

/** `usage` is the command's usage after its path, e.g. `[OPTIONS]`. */
export function filterOption(ctx: CliContext, values: readonly string[] | undefined, flag: string, usage: string): Filters {
  try {
    return parseFilterFlags(values, flag);
  } catch (e) {
    if (e instanceof InvalidOptionError) throw new UsageError(e.message, `${ctx.commandPath} ${usage}`, ctx.commandPath);
    throw e;
  }
}
