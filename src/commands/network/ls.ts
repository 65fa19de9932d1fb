/** `tsctl network ls`: NETWORK ID NAME DRIVER SCOPE, sorted by name, with Docker's filters. */
import { defineCommand } from '../../cli/define';
import { FORMAT_FLAG } from '../shared-flags';

export default defineCommand<{ quiet?: boolean; format?: string; /** commander stores --no-trunc as trunc=false */ trunc?: boolean; filter?: string[] }>({
  name: 'ls',
  aliases: ['list'],
  summary: 'List networks',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [
    { flags: '-f, --filter <filter>', description: 'Provide filter values (e.g. "driver=bridge")', repeatable: true },
    { ...FORMAT_FLAG, flags: '--format <string>' },
    { flags: '--no-trunc', description: 'Do not truncate the output' },
    { flags: '-q, --quiet', description: 'Only display network IDs' },
  ],
  async run(ctx, opts) {
    const [{ networkDeps }, { listNetworkRows }, { filterOption }, { renderNetworkList }] = await Promise.all([
      import('../../cli/wiring/networks'),
      import('../../services/networks/networks'),
      import('../../cli/filter-flag'),
      import('../../output/views/network'),
    ]);
    const filters = filterOption(ctx, opts.filter, '--filter', '[OPTIONS]');
    const rows = await listNetworkRows(networkDeps(ctx), filters);
    ctx.io.stdout.write(renderNetworkList(rows, { ...opts, noTrunc: opts.trunc === false }));
  },
});
