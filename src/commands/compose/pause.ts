/** `tsctl compose pause`: pause the services' containers. */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

export default defineCommand<ComposeProjectFlags>({
  name: 'pause',
  summary: 'Pause services',
  usage: '[SERVICE...]',
  args: { min: 0 },
  flags: COMPOSE_VERB_FLAGS,
  async run(ctx, opts, args) {
    const [engine, { pauseContainer }] = await Promise.all([import('../../cli/wiring/compose-engine'), import('../../services/containers/pause')]);
    const s = await engine.openProject(ctx, opts, args);
    const cs = await engine.serviceContainers(s, args, { states: ['running'] });
    await engine.inParallel(cs, async (c) => {
      s.event('Container', c.name, 'Pausing');
      await pauseContainer(s.deps.tasks, c.id);
      s.event('Container', c.name, 'Paused');
    }, cs.length || 1);
  },
});
