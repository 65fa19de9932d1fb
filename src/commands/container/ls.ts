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
    FORMAT_FLAG,
  ],
  async run(ctx, opts) {
    const [{ listContainers }, { renderContainerList }, { processStartTime }, { parseIntFlag }] = await Promise.all([
      import('../../services/containers/list'),
      import('../../output/views/container'),
      import('../../util/host'),
      import('../../cli/parse'),
    ]);
    const last = opts.latest ? 1 : opts.last === undefined ? 0 : parseIntFlag('--last', opts.last);
    const client = await ctx.containerd();
    const rows = await listContainers(
      { containers: client.containers, tasks: client.tasks, processStart: processStartTime, now: () => new Date() },
      { all: opts.all === true, last },
    );
    ctx.io.stdout.write(renderContainerList(rows, { ...opts, noTrunc: opts.trunc === false }));
  },
});
