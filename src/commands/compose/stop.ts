/** `tsctl compose stop`: stop the services' containers, dependents first. */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

export default defineCommand<ComposeProjectFlags & { timeout?: string }>({
  name: 'stop',
  summary: 'Stop services',
  usage: '[OPTIONS] [SERVICE...]',
  args: { min: 0 },
  flags: [...COMPOSE_VERB_FLAGS, { flags: '-t, --timeout <int>', description: 'Specify a shutdown timeout in seconds' }],
  async run(ctx, opts, args) {
    const engine = await import('../../cli/wiring/compose-engine');
    const s = await engine.openProject(ctx, opts, args);
    await engine.stopInOrder(s, await engine.serviceContainers(s, args), opts.timeout === undefined ? undefined : Number(opts.timeout));
  },
});
