/**
 * `tsctl container prune`: removes every stopped container after Docker's confirmation prompt (`-f` skips it;
 * any answer but `y` cancels silently with exit 0), docker/cli cli/command/container/prune.go.
 */
import { defineCommand } from '../../cli/define';

const WARNING = 'WARNING! This will remove all stopped containers.\nAre you sure you want to continue?';

export default defineCommand<{ force?: boolean; filter?: string[] }>({
  name: 'prune',
  summary: 'Remove all stopped containers',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [
    { flags: '-f, --force', description: 'Do not prompt for confirmation' },
    { flags: '--filter <filter>', description: 'Provide filter values (e.g. "until=<timestamp>")', repeatable: true },
  ],
  async run(ctx, opts) {
    const [{ containerDeps }, { pruneContainers }, { filterOption }, { renderContainerPrune }, { confirm }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/prune'),
      import('../../cli/filter-flag'),
      import('../../output/views/container'),
      import('../../cli/prompt'),
    ]);
    const filters = filterOption(ctx, opts.filter, '--filter', '[OPTIONS]');
    if (opts.force !== true && !(await confirm(ctx.io, ctx.signal, WARNING))) return;
    const deps = await containerDeps(ctx);
    ctx.io.stdout.write(renderContainerPrune(await pruneContainers(deps, filters, new Date())));
  },
});
