/** `tsctl ps` / `tsctl container ls`: list containers (running by default, `-a` for all). */
import { defineCommand } from '../../cli/define';
import { FORMAT_FLAG } from '../shared-flags';

interface Opts {
  all?: boolean;
  quiet?: boolean;
  /** commander stores --no-trunc as trunc=false */
  trunc?: boolean;
  last?: string;
  latest?: boolean;
  format?: string;
  filter?: string[];
  size?: boolean;
}

export default defineCommand<Opts>({
  name: 'ls',
  aliases: ['ps', 'list'],
  summary: 'List containers',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [
    { flags: '-a, --all', description: 'Show all containers (default shows just running)' },
    { flags: '-q, --quiet', description: 'Only display container IDs' },
    { flags: '--no-trunc', description: "Don't truncate output" },
    { flags: '-n, --last <int>', description: 'Show n last created containers (includes all states)' },
    { flags: '-l, --latest', description: 'Show the latest created container (includes all states)' },
    { flags: '-f, --filter <filter>', description: 'Filter output based on conditions provided', repeatable: true },
    { flags: '-s, --size', description: 'Display total file sizes' },
    { ...FORMAT_FLAG, flags: '--format <string>' },
  ],
  async run(ctx, opts) {
    const [{ listContainers }, { renderContainerList, formatWantsSize }, { processStartTime }, { parseIntFlag }, { filterOption }, { containerDeps, netFilesReader }] = await Promise.all([
      import('../../services/containers/list'),
      import('../../output/views/container'),
      import('../../util/host'),
      import('../../cli/parse'),
      import('../../cli/filter-flag'),
      import('../../cli/wiring/containers'),
    ]);
    const last = opts.latest ? 1 : opts.last === undefined ? 0 : parseIntFlag('--last', opts.last);
    const filters = filterOption(ctx, opts.filter, '-f, --filter', '[OPTIONS]');
    const size = opts.size === true || (opts.quiet !== true && formatWantsSize(opts.format));
    const deps = await containerDeps(ctx);
    const rows = await listContainers(
      {
        containers: deps.list, tasks: deps.taskList, processStart: processStartTime, now: () => new Date(),
        store: deps.containers, snapshots: deps.snapshots, images: deps,
        health: async (id) => (await import('../../state/health')).readHealth(deps.paths.container(deps.namespace, id)),
        netFiles: netFilesReader(deps),
      },
      { all: opts.all === true, last, filters, size },
    );
    ctx.io.stdout.write(renderContainerList(rows, { ...opts, noTrunc: opts.trunc === false, size }));
  },
});
