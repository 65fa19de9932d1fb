/** `tsctl volume rm [-f] VOLUME...`: refused while a container uses the volume (Docker's text); `-f` ignores missing ones. */
import { defineCommand } from '../../cli/define';
import { eachTarget } from '../../cli/each';

export default defineCommand<{ force?: boolean }>({
  name: 'rm',
  aliases: ['remove'],
  summary: 'Remove one or more volumes',
  usage: '[OPTIONS] VOLUME [VOLUME...]',
  args: { min: 1 },
  flags: [{ flags: '-f, --force', description: 'Force the removal of one or more volumes' }],
  async run(ctx, opts, args) {
    const [{ volumeDeps }, { removeVolume }] = await Promise.all([import('../../cli/wiring/volumes'), import('../../services/volumes/remove')]);
    const deps = await volumeDeps(ctx);
    await eachTarget(args, async (name) => {
      await removeVolume(deps, name, opts.force === true);
      ctx.io.stdout.write(`${name}\n`);
    });
  },
});
