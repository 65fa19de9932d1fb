/** `tsctl volume create [NAME]`: a local volume (64-hex random name without one); prints its name. */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ driver?: string; label?: string[]; opt?: string[] }>({
  name: 'create',
  summary: 'Create a volume',
  usage: '[OPTIONS] [VOLUME]',
  args: { min: 0, max: 1 },
  flags: [
    { flags: '-d, --driver <string>', description: 'Specify volume driver name', default: 'local' },
    { flags: '--label <list>', description: 'Set metadata for a volume', repeatable: true },
    { flags: '-o, --opt <map>', description: 'Set driver specific options', repeatable: true },
  ],
  async run(ctx, opts, args) {
    const [{ volumeDeps }, { createVolume }, { kvListToRecord }] = await Promise.all([
      import('../../cli/wiring/volumes'),
      import('../../services/volumes/create'),
      import('../../cli/opts/labels'),
    ]);
    const deps = await volumeDeps(ctx);
    const { volume } = await createVolume(deps.volumes, {
      ...(args[0] !== undefined ? { name: args[0] } : {}),
      ...(opts.driver !== undefined ? { driver: opts.driver } : {}),
      labels: kvListToRecord(opts.label ?? []),
      options: kvListToRecord(opts.opt ?? []),
    });
    ctx.io.stdout.write(`${volume.Name}\n`);
  },
});
