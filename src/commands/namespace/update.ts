/** `tsctl namespace update NAME --label k=v`: adds or changes a namespace's labels. */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ label?: string[] }>({
  name: 'update',
  summary: 'Update labels for a namespace',
  usage: '[OPTIONS] NAMESPACE',
  args: { min: 1, max: 1 },
  flags: [{ flags: '-l, --label <key=value>', description: 'Set labels for a namespace (repeatable)', repeatable: true }],
  async run(ctx, opts, args) {
    const { updateNamespaceLabels, parseLabels } = await import('../../services/namespaces/namespaces');
    await updateNamespaceLabels((await ctx.containerd()).namespaces, args[0] ?? '', parseLabels(opts.label));
  },
});
