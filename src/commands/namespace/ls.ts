/** `tsctl namespace ls`: namespaces with what each holds. */
import { defineCommand } from '../../cli/define';
import { FORMAT_FLAG } from '../shared-flags';

export default defineCommand<{ quiet?: boolean; format?: string }>({
  name: 'ls',
  aliases: ['list'],
  summary: 'List containerd namespaces',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [{ flags: '-q, --quiet', description: 'Only display namespace names' }, FORMAT_FLAG],
  async run(ctx, opts) {
    const [{ listNamespaces }, { renderList }, { countEntries }, { statePaths }] = await Promise.all([
      import('../../services/namespaces/namespaces'),
      import('../../output/views/namespace'),
      import('../../util/fsx'),
      import('../../state/paths'),
    ]);
    const client = await ctx.containerd();
    const paths = statePaths(ctx.settings.dataRoot, ctx.settings.address);
    const rows = await listNamespaces(
      { namespaces: client.namespaces, usage: client.usage, countVolumes: (ns) => countEntries(paths.volumes(ns)) },
      !opts.quiet,
    );
    ctx.io.stdout.write(renderList(rows, opts));
  },
});
