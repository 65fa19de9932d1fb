/** `tsctl compose images`: the images the project's containers were created from. */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

export default defineCommand<ComposeProjectFlags & { format?: string; quiet?: boolean }>({
  name: 'images',
  summary: 'List images used by the created containers',
  usage: '[OPTIONS] [SERVICE...]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '--format <string>', description: 'Format the output. Values: [table | json].', default: 'table' },
    { flags: '-q, --quiet', description: 'Only display IDs.' },
  ],
  async run(ctx, opts, args) {
    const [{ projectRef, projectImages }, { renderComposeImages }] = await Promise.all([
      import('../../cli/wiring/compose-info'),
      import('../../output/views/compose-misc'),
    ]);
    const s = await projectRef(ctx, opts);
    ctx.io.stdout.write(renderComposeImages(await projectImages(s, args), opts));
  },
});
