/** `tsctl top` / `tsctl container top`: the host's `ps` (default `-ef`) over a running container's processes. */
import { defineCommand } from '../../cli/define';

export default defineCommand<Record<string, never>>({
  name: 'top',
  summary: 'Display the running processes of a container',
  usage: 'CONTAINER [ps OPTIONS]',
  args: { min: 1 },
  passThrough: true,
  async run(ctx, _opts, args) {
    const [{ containerDeps }, { findContainer }, { topContainer }, { renderTop }, { runTool }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../services/containers/top'),
      import('../../output/views/container'),
      import('../../util/proc'),
    ]);
    const deps = await containerDeps(ctx);
    const c = await findContainer(deps.list, args[0] ?? '');
    const top = await topContainer({ tasks: deps.tasks, ps: (psArgs) => runTool('ps', psArgs, 30_000) }, c.id, args.slice(1).join(' '));
    ctx.io.stdout.write(renderTop(top.titles, top.processes));
  },
});
