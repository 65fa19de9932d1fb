/** `tsctl compose version`: the Docker Compose version tsctl follows (and tsctl's own). */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

export default defineCommand<ComposeProjectFlags & { format?: string; short?: boolean }>({
  name: 'version',
  summary: 'Show the Docker Compose version information',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '-f, --format <string>', description: 'Format the output. Values: [pretty | json]. (Default: pretty)' },
    { flags: '--short', description: "Shows only Compose's version number" },
  ],
  async run(ctx, opts) {
    const [{ COMPOSE_VERSION }, { renderComposeVersion }, meta] = await Promise.all([
      import('../../compose/labels'),
      import('../../output/views/compose-misc'),
      import('../../cli/meta'),
    ]);
    ctx.io.stdout.write(renderComposeVersion(COMPOSE_VERSION, { bin: meta.BIN, version: meta.VERSION }, opts));
  },
});
