/** `tsctl network rm NETWORK...`: echoes each removed reference; refuses predefined and in-use networks. */
import { defineCommand } from '../../cli/define';
import { eachTarget } from '../../cli/each';

export default defineCommand<{ force?: boolean }>({
  name: 'rm',
  aliases: ['remove'],
  summary: 'Remove one or more networks',
  usage: 'NETWORK [NETWORK...]',
  args: { min: 1 },
  flags: [{ flags: '-f, --force', description: 'Do not error if the network does not exist' }],
  async run(ctx, opts, args) {
    const [{ networkDeps }, { removeNetworkRef }, { NotFoundError }] = await Promise.all([
      import('../../cli/wiring/networks'),
      import('../../services/networks/networks'),
      import('../../errors/index'),
    ]);
    const deps = networkDeps(ctx);
    await eachTarget(args, async (ref) => {
      try {
        await removeNetworkRef(deps, ref);
      } catch (e) {
        if (opts.force === true && e instanceof NotFoundError) return;
        throw e;
      }
      ctx.io.stdout.write(`${ref}\n`);
    });
  },
});
