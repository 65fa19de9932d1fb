/** `tsctl namespace rm NAME...`: removes namespaces; a non-empty one is refused with containerd's reason. */
import { defineCommand } from '../../cli/define';

export default defineCommand({
  name: 'rm',
  aliases: ['remove'],
  summary: 'Remove one or more namespaces',
  usage: '[OPTIONS] NAMESPACE [NAMESPACE...]',
  args: { min: 1 },
  async run(ctx, _opts, args) {
    const [{ removeNamespaces }, { throwCollected }] = await Promise.all([
      import('../../services/namespaces/namespaces'),
      import('../../errors/index'),
    ]);
    const errors = await removeNamespaces((await ctx.containerd()).namespaces, args, (name) => ctx.io.stdout.write(`${name}\n`));
    throwCollected(errors);
  },
});
