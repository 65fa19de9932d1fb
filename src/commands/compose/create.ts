/** `tsctl compose create`: create the services' containers (and networks, volumes) without starting them. */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

interface Opts extends ComposeProjectFlags {
  build?: boolean;
  noBuild?: boolean;
  forceRecreate?: boolean;
  /** --no-recreate */
  recreate?: boolean;
  pull?: string;
  removeOrphans?: boolean;
  scale?: string[];
  yes?: boolean;
}

export default defineCommand<Opts>({
  name: 'create',
  summary: 'Creates containers for a service',
  usage: '[OPTIONS] [SERVICE...]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '--build', description: 'Build images before starting containers' },
    { flags: '--no-build', description: "Don't build an image, even if it's policy" },
    { flags: '--force-recreate', description: "Recreate containers even if their configuration and image haven't changed" },
    { flags: '--no-recreate', description: "If containers already exist, don't recreate them. Incompatible with --force-recreate." },
    { flags: '--pull <string>', description: 'Pull image before running ("always"|"missing"|"never"|"build")', default: 'policy' },
    { flags: '--remove-orphans', description: 'Remove containers for services not defined in the Compose file' },
    { flags: '--scale <scale>', description: 'Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present.', repeatable: true },
    { flags: '-y, --yes', description: 'Assume "yes" as answer to all prompts and run non-interactively' },
  ],
  async run(ctx, opts, args) {
    const [engine, { parseScale, upOptionsCheck }] = await Promise.all([import('../../cli/wiring/compose-engine'), import('../../compose/cli-options')]);
    ctx.exit.plainErrors = true;
    upOptionsCheck({ detach: true, abort: false, forceRecreate: opts.forceRecreate === true, noRecreate: opts.recreate === false, build: opts.build === true, noBuild: opts.noBuild === true });
    const scale = parseScale(opts.scale ?? []);
    const s = await engine.openProject(ctx, opts, args);
    await engine.convergeProject(s, args, {
      build: opts.build === true, noBuild: opts.noBuild === true, forceRecreate: opts.forceRecreate === true, noRecreate: opts.recreate === false,
      removeOrphans: opts.removeOrphans === true, scale, ...(opts.pull !== undefined ? { pull: opts.pull } : {}),
    });
  },
});
