/** `tsctl compose unpause`: unpause the services' containers. */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

export default defineCommand<ComposeProjectFlags>({
  name: 'unpause',
  summary: 'Unpause services',
  usage: '[SERVICE...]',
  args: { min: 0 },
  flags: COMPOSE_VERB_FLAGS,
  async run(ctx, opts, args) {
    const [engine, { unpauseContainer }] = await Promise.all([import('../../cli/wiring/compose-engine'), import('../../services/containers/pause')]);
    const s = await engine.openProject(ctx, opts, args);
    const cs = await engine.serviceContainers(s, args, { states: ['paused'] });
    await engine.inParallel(cs, async (c) => {
      s.event('Container', c.name, 'Unpausing');
      await unpauseContainer(s.deps.tasks, c.id);
      s.event('Container', c.name, 'Unpaused');
    }, cs.length || 1);
  },
});
