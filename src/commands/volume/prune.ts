/**
 * `tsctl volume prune`: removes unused anonymous volumes (all unused ones with `-a`) after Docker's prompt
 * (`-f` skips it), docker/cli cli/command/volume/prune.go.
 */
import { defineCommand } from '../../cli/define';
import { FORCE_FLAG, pruneFilterFlag } from '../../cli/prune';

const ANONYMOUS_WARNING = 'WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue?';
const ALL_WARNING = 'WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?';

export default defineCommand<{ force?: boolean; all?: boolean; filter?: string[] }>({
  name: 'prune',
  summary: 'Remove unused local volumes',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [
    { flags: '-a, --all', description: 'Remove all unused volumes, not just anonymous ones' },
    pruneFilterFlag('"label=<label>"'),
    FORCE_FLAG,
  ],
  async run(ctx, opts) {
    const [{ volumeDeps }, { pruneVolumes }, { renderVolumePrune }, { confirmPrune }, { InvalidOptionError }] = await Promise.all([
      import('../../cli/wiring/volumes'),
      import('../../services/volumes/remove'),
      import('../../output/views/volume'),
      import('../../cli/prune'),
      import('../../errors/index'),
    ]);
    const isAll = (f: Map<string, string[]>) => (f.get('all') ?? []).some((v) => v === 'true' || v === '1');
    const filters = await confirmPrune(ctx, opts, (f) => (isAll(f) ? ALL_WARNING : ANONYMOUS_WARNING), (f) => {
      if (!opts.all) return;
      if (f.has('all')) throw new InvalidOptionError('conflicting options: cannot specify both --all and --filter all=1');
      f.set('all', ['true']);
    });
    if (!filters) return;
    ctx.io.stdout.write(renderVolumePrune(await pruneVolumes(await volumeDeps(ctx), filters)));
  },
});
