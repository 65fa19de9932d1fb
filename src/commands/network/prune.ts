/** `tsctl network prune`: removes user networks no container uses, after Docker's prompt (`-f` skips it). */
import { defineCommand } from '../../cli/define';

const WARNING = 'WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?';

export default defineCommand<{ force?: boolean; filter?: string[] }>({
  name: 'prune',
  summary: 'Remove all unused networks',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [
    { flags: '-f, --force', description: 'Do not prompt for confirmation' },
    { flags: '--filter <filter>', description: 'Provide filter values (e.g. "until=<timestamp>")', repeatable: true },
  ],
  async run(ctx, opts) {
    const [{ networkDeps }, { pruneNetworks }, { filterOption }, { renderNetworkPrune }, { confirm }] = await Promise.all([
      import('../../cli/wiring/networks'),
      import('../../services/networks/networks'),
      import('../../cli/filter-flag'),
      import('../../output/views/network'),
      import('../../cli/prompt'),
    ]);
    const filters = filterOption(ctx, opts.filter, '--filter', '[OPTIONS]');
    if (opts.force !== true && !(await confirm(ctx.io, ctx.signal, WARNING))) return;
    ctx.io.stdout.write(renderNetworkPrune(await pruneNetworks(networkDeps(ctx), filters, new Date())));
  },
});
