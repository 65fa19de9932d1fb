/** `tsctl compose top`: the processes of the services' running containers, per container (Compose's layout). */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

export default defineCommand<ComposeProjectFlags>({
  name: 'top',
  summary: 'Display the running processes',
  usage: '[SERVICES...]',
  args: { min: 0 },
  flags: [...COMPOSE_VERB_FLAGS],
  async run(ctx, opts, args) {
    const [{ projectRef, topServices }, { renderComposeTop }] = await Promise.all([
      import('../../cli/wiring/compose-info'),
      import('../../output/views/compose-misc'),
    ]);
    const s = await projectRef(ctx, opts);
    ctx.io.stdout.write(renderComposeTop(await topServices(s, args)));
  },
});
