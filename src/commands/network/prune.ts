/** `tsctl network prune`: removes user networks no container uses, after Docker's prompt (`-f` skips it). */
import { defineCommand } from '../../cli/define';
import { FORCE_FLAG, pruneFilterFlag } from '../../cli/prune';

const WARNING = 'WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?';

export default defineCommand<{ force?: boolean; filter?: string[] }>({
  name: 'prune',
  summary: 'Remove all unused networks',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [FORCE_FLAG, pruneFilterFlag('"until=<timestamp>"')],
  async run(ctx, opts) {
    const [{ networkDeps }, { pruneNetworks }, { renderNetworkPrune }, { confirmPrune }] = await Promise.all([
      import('../../cli/wiring/networks'),
      import('../../services/networks/networks'),
      import('../../output/views/network'),
      import('../../cli/prune'),
    ]);
    const filters = await confirmPrune(ctx, opts, WARNING);
    if (!filters) return;
    ctx.io.stdout.write(renderNetworkPrune(await pruneNetworks(networkDeps(ctx), filters, new Date())));
  },
});
