/** `tsctl compose down`: stop and remove the project's containers and networks (volumes with -v, images with --rmi). */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

interface Opts extends ComposeProjectFlags {
  volumes?: boolean;
  rmi?: string;
  removeOrphans?: boolean;
  timeout?: string;
}

export default defineCommand<Opts>({
  name: 'down',
  summary: 'Stop and remove containers, networks',
  usage: '[OPTIONS] [SERVICES]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '-v, --volumes', description: 'Remove named volumes declared in the "volumes" section of the Compose file and anonymous volumes attached to containers' },
    { flags: '--rmi <string>', description: 'Remove images used by services. "local" remove only images that don\'t have a custom tag ("local"|"all")' },
    { flags: '--remove-orphans', description: 'Remove containers for services not defined in the Compose file' },
    { flags: '-t, --timeout <int>', description: 'Specify a shutdown timeout in seconds' },
  ],
  async run(ctx, opts, args) {
    const [engine, { planDown }, errors] = await Promise.all([
      import('../../cli/wiring/compose-engine'),
      import('../../compose/plan'),
      import('../../errors/index'),
    ]);
    if (opts.rmi !== undefined && opts.rmi !== 'local' && opts.rmi !== 'all') throw new errors.InvalidOptionError(`invalid --rmi option "${opts.rmi}"`);
    const timeout = opts.timeout === undefined ? undefined : Number(opts.timeout);
    const s = await engine.openProject(ctx, opts, args);
    await engine.withProjectLock(s, async () => {
      const observed = await engine.observe(s);
      const removeOrphans = opts.removeOrphans === true || ctx.env.COMPOSE_REMOVE_ORPHANS === 'true';
      const plan = planDown(s.project, observed, { removeOrphans, volumes: opts.volumes === true });
      const containers = args.length > 0 ? plan.containers.filter((c) => args.includes(c.service)) : plan.containers;
      const orphans = observed.containers.filter((c) => !c.oneoff && !containers.includes(c) && !s.project.services[c.service] && !s.project.disabledServices[c.service]);
      if (orphans.length > 0 && !removeOrphans) {
        ctx.io.stderr.write(`WARN[0000] Found orphan containers ([${orphans.map((o) => o.name).join(' ')}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.\n`);
      }
      const whole = args.length === 0;
      const nothing = containers.length === 0 && (!whole || (plan.networks.length === 0 && plan.volumes.length === 0));
      if (nothing && opts.rmi === undefined) {
        ctx.io.stderr.write(`WARN[0000] Warning: No resource found to remove for project "${s.project.name}".\n`);
        return;
      }
      await engine.inReverseDependencyOrder(s, containers, async (c) => {
        if (c.state === 'running' || c.state === 'paused') await engine.stopContainer(s, c, timeout);
        await engine.removeServiceContainer(s, c, opts.volumes === true);
      });
      if (!whole) return;
      await engine.removeNetworks(s, plan.networks);
      await engine.removeProjectState(s);
      await engine.removeVolumes(s, plan.volumes);
      if (opts.rmi !== undefined) await engine.removeImages(s, opts.rmi);
    });
  },
});
