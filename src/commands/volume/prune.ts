/**
 * `tsctl volume prune`: removes unused anonymous volumes (all unused ones with `-a`) after Docker's prompt
 * (`-f` skips it), docker/cli cli/command/volume/prune.go.
 */
import { defineCommand } from '../../cli/define';

const ANONYMOUS_WARNING = 'WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue?';
const ALL_WARNING = 'WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?';

export default defineCommand<{ force?: boolean; all?: boolean; filter?: string[] }>({
  name: 'prune',
  summary: 'Remove unused local volumes',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [
    { flags: '-a, --all', description: 'Remove all unused volumes, not just anonymous ones' },
    { flags: '--filter <filter>', description: 'Provide filter values (e.g. "label=<label>")', repeatable: true },
    { flags: '-f, --force', description: 'Do not prompt for confirmation' },
  ],
  async run(ctx, opts) {
    const [{ volumeDeps }, { pruneVolumes }, { filterOption }, { renderVolumePrune }, { confirm }, { InvalidOptionError }] = await Promise.all([
      import('../../cli/wiring/volumes'),
      import('../../services/volumes/remove'),
      import('../../cli/filter-flag'),
      import('../../output/views/volume'),
      import('../../cli/prompt'),
      import('../../errors/index'),
    ]);
    const filters = filterOption(ctx, opts.filter, '--filter', '[OPTIONS]');
    if (opts.all) {
      if (filters.has('all')) throw new InvalidOptionError('conflicting options: cannot specify both --all and --filter all=1');
      filters.set('all', ['true']);
    }
    const all = (filters.get('all') ?? []).some((v) => v === 'true' || v === '1');
    if (opts.force !== true && !(await confirm(ctx.io, ctx.signal, all ? ALL_WARNING : ANONYMOUS_WARNING))) return;
    ctx.io.stdout.write(renderVolumePrune(await pruneVolumes(await volumeDeps(ctx), filters)));
  },
});
