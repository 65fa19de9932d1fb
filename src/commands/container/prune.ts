/**
 * `tsctl container prune`: removes every stopped container after Docker's confirmation prompt (`-f` skips it;
 * any answer but `y` cancels silently with exit 0), docker/cli cli/command/container/prune.go.
 */
import { defineCommand } from '../../cli/define';
import { FORCE_FLAG, pruneFilterFlag } from '../../cli/prune';

const WARNING = 'WARNING! This will remove all stopped containers.\nAre you sure you want to continue?';

export default defineCommand<{ force?: boolean; filter?: string[] }>({
  name: 'prune',
  summary: 'Remove all stopped containers',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [FORCE_FLAG, pruneFilterFlag('"until=<timestamp>"')],
  async run(ctx, opts) {
    const [{ containerDeps }, { pruneContainers }, { renderContainerPrune }, { confirmPrune }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/prune'),
      import('../../output/views/container'),
      import('../../cli/prune'),
    ]);
    const filters = await confirmPrune(ctx, opts, WARNING);
    if (!filters) return;
    const deps = await containerDeps(ctx);
    ctx.io.stdout.write(renderContainerPrune(await pruneContainers(deps, filters, new Date())));
  },
});
