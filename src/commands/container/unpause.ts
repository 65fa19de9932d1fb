/** `tsctl unpause` / `tsctl container unpause`: thaw paused containers. */
import { defineCommand } from '../../cli/define';
import { eachTarget } from '../../cli/each';

export default defineCommand<Record<string, never>>({
  name: 'unpause',
  summary: 'Unpause all processes within one or more containers',
  usage: 'CONTAINER [CONTAINER...]',
  args: { min: 1 },
  async run(ctx, _opts, args) {
    const [{ containerDeps }, { findContainer }, { unpauseContainer }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../services/containers/pause'),
    ]);
    const deps = await containerDeps(ctx);
    await eachTarget(args, async (ref) => {
      const c = await findContainer(deps.list, ref);
      await unpauseContainer(deps.tasks, c.id);
      ctx.io.stdout.write(`${ref}\n`);
    });
  },
});
