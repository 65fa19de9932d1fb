/**
 * What every `prune` verb shares (docker/cli's prune commands): `-f/--force` and `--filter`, parsed filters, then
 * Docker's confirmation prompt unless forced (any answer but `y` cancels silently with exit 0).
 */
import type { FlagSpec } from './define';
import type { CliContext } from './context';
import type { Filters } from '../services/images/list';

export const FORCE_FLAG: FlagSpec = { flags: '-f, --force', description: 'Do not prompt for confirmation' };
export const pruneFilterFlag = (example: string): FlagSpec => ({ flags: '--filter <filter>', description: `Provide filter values (e.g. ${example})`, repeatable: true });

/** The parsed `--filter`s once the user agreed (or `-f`); undefined when the prompt was declined. */
export async function confirmPrune(ctx: CliContext, opts: { force?: boolean; filter?: string[] }, warning: string | ((filters: Filters) => string), adjust?: (filters: Filters) => void): Promise<Filters | undefined> {
  const [{ filterOption }, { confirm }] = await Promise.all([import('./filter-flag'), import('./prompt')]);
  const filters = filterOption(ctx, opts.filter, '--filter', '[OPTIONS]');
  adjust?.(filters);
  const text = typeof warning === 'string' ? warning : warning(filters);
  if (opts.force !== true && !(await confirm(ctx.io, ctx.signal, text))) return undefined;
  return filters;
}
