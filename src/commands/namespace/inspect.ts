/** `tsctl namespace inspect NAME...`: JSON (Docker inspect style) or `--format` per namespace. */
import { defineCommand } from '../../cli/define';
import { FORMAT_FLAG } from '../shared-flags';

export default defineCommand<{ format?: string }>({
  name: 'inspect',
  summary: 'Display detailed information on one or more namespaces',
  usage: '[OPTIONS] NAMESPACE [NAMESPACE...]',
  args: { min: 1 },
  flags: [FORMAT_FLAG],
  async run(ctx, opts, args) {
    const [{ inspectNamespaces }, { renderInspect }, { throwCollected }] = await Promise.all([
      import('../../services/namespaces/namespaces'),
      import('../../output/inspect'),
      import('../../errors/index'),
    ]);
    const { found, errors } = await inspectNamespaces((await ctx.containerd()).namespaces, args);
    ctx.io.stdout.write(renderInspect(found, opts.format));
    throwCollected(errors);
  },
});
