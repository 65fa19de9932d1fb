/** `tsctl namespace create NAME`: creates a containerd namespace, with labels. */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ label?: string[] }>({
  name: 'create',
  summary: 'Create a new namespace',
  usage: '[OPTIONS] NAMESPACE',
  args: { min: 1, max: 1 },
  flags: [{ flags: '-l, --label <key=value>', description: 'Set labels for a namespace (repeatable)', repeatable: true }],
  async run(ctx, opts, args) {
    const { createNamespace, parseLabels } = await import('../../services/namespaces/namespaces');
    const labels = parseLabels(opts.label);
    await createNamespace((await ctx.containerd()).namespaces, args[0] ?? '', labels);
  },
});
