/** `tsctl compose rm`: remove the services' stopped containers (`-s` stops them first; asks unless `-f`). */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

export default defineCommand<ComposeProjectFlags & { force?: boolean; stop?: boolean; volumes?: boolean }>({
  name: 'rm',
  summary: 'Removes stopped service containers',
  usage: '[OPTIONS] [SERVICE...]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '-f, --force', description: "Don't ask to confirm removal" },
    { flags: '-s, --stop', description: 'Stop the containers, if required, before removing' },
    { flags: '-v, --volumes', description: 'Remove any anonymous volumes attached to containers' },
  ],
  async run(ctx, opts, args) {
    const [engine, { confirm }] = await Promise.all([import('../../cli/wiring/compose-engine'), import('../../cli/prompt')]);
    const s = await engine.openProject(ctx, opts, args);
    let cs = await engine.serviceContainers(s, args, { oneoff: true });
    if (opts.stop) await engine.stopInOrder(s, cs);
    else cs = cs.filter((c) => c.state !== 'running' && c.state !== 'paused');
    if (cs.length === 0) {
      ctx.io.stderr.write('No stopped containers\n');
      return;
    }
    if (!opts.force) {
      ctx.io.stdout.write(`Going to remove ${cs.map((c) => c.name).join(', ')}\n`);
      if (!(await confirm(ctx.io, ctx.signal, 'Are you sure?'))) return;
    }
    await engine.inParallel(cs, (c) => engine.removeServiceContainer(s, c, opts.volumes === true));
  },
});
