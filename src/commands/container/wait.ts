/** `tsctl wait` / `tsctl container wait`: block until containers stop, print their exit codes. */
import { defineCommand } from '../../cli/define';
import { eachTarget } from '../../cli/each';

export default defineCommand({
  name: 'wait',
  summary: 'Block until one or more containers stop, then print their exit codes',
  usage: 'CONTAINER [CONTAINER...]',
  args: { min: 1 },
  async run(ctx, _opts, args) {
    const [{ containerDeps }, { findContainer }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
    ]);
    const deps = await containerDeps(ctx);
    await eachTarget(args, async (ref) => {
      const c = await findContainer(deps.list, ref);
      const t = await deps.tasks.get(c.id);
      // A container that was never started or whose task is gone reports its last known code (0 if none).
      const code = t ? (await deps.tasks.wait(c.id, ctx.signal)).exitStatus : 0;
      ctx.io.stdout.write(`${code}\n`);
    });
  },
});
