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
    const engine = await import('../../cli/wiring/compose-engine');
    await engine.setPaused(await engine.openProject(ctx, opts, args), args, false);
  },
});
