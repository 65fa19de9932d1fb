/** `tsctl rm` / `tsctl container rm`: remove containers (running ones only with -f). */
import { defineCommand } from '../../cli/define';
import { eachTarget } from '../../cli/each';

export default defineCommand<{ force?: boolean; volumes?: boolean }>({
  name: 'rm',
  aliases: ['remove'],
  summary: 'Remove one or more containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  args: { min: 1 },
  flags: [
    { flags: '-f, --force', description: 'Force the removal of a running container (uses SIGKILL)' },
    { flags: '-v, --volumes', description: 'Remove anonymous volumes associated with the container' },
  ],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, { removeContainer }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../services/containers/remove'),
    ]);
    const deps = await containerDeps(ctx);
    await eachTarget(args, async (ref) => {
      const c = await findContainer(deps.list, ref);
      await removeContainer(deps, c.id, opts.force === true, opts.volumes === true);
      ctx.io.stdout.write(`${ref}\n`);
    });
  },
});
