/** `tsctl compose config`: the project after loading, merging, interpolation and normalisation. */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_PROJECT_FLAGS } from '../shared-flags';

interface Opts extends ComposeProjectFlags {
  services?: boolean;
  volumes?: boolean;
  profiles?: boolean;
  images?: boolean;
  quiet?: boolean;
  format?: string;
  interpolate?: boolean;
}

export default defineCommand<Opts>({
  name: 'config',
  summary: 'Parse, resolve and render compose file in canonical format',
  usage: '[OPTIONS] [SERVICE...]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_PROJECT_FLAGS,
    { flags: '--services', description: 'Print the service names, one per line.' },
    { flags: '--volumes', description: 'Print the volume names, one per line.' },
    { flags: '--profiles', description: 'Print the profile names, one per line.' },
    { flags: '--images', description: 'Print the image names, one per line.' },
    { flags: '-q, --quiet', description: 'Only validate the configuration, don\'t print anything' },
    { flags: '--format <string>', description: 'Format the output. Values: [yaml | json]', default: 'yaml' },
    { flags: '--no-interpolate', description: "Don't interpolate environment variables" },
  ],
  async run(ctx, opts, args) {
    const [{ composeHost, loadOptions, printWarnings }, { loadProject }, config, { renderComposeConfig }, { InvalidOptionError }] = await Promise.all([
      import('../../cli/wiring/compose'),
      import('../../compose/load'),
      import('../../compose/config'),
      import('../../output/views/compose'),
      import('../../errors/index'),
    ]);
    if (opts.format !== 'yaml' && opts.format !== 'json') throw new InvalidOptionError(`unsupported format "${opts.format}"`);
    const project = loadProject({ ...loadOptions(opts, args), noInterpolate: opts.interpolate === false }, composeHost(ctx));
    printWarnings(ctx, project.warnings);
    if (opts.quiet) return;
    const lines = (xs: string[]): void => void ctx.io.stdout.write(xs.map((x) => `${x}\n`).join(''));
    // Services named on the command line narrow the output to them.
    if (args.length > 0) project.services = Object.fromEntries(args.map((s) => [s, project.services[s]!]));
    if (opts.services) return lines(config.serviceNames(project));
    if (opts.volumes) return lines(config.volumeNames(project));
    if (opts.profiles) return lines(project.allProfiles);
    if (opts.images) return lines(config.serviceNames(project).map((s) => project.services[s]!.image ?? `${project.name}-${s}`));
    const doc = config.configDocument(project);
    ctx.io.stdout.write(opts.format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : renderComposeConfig(doc));
  },
});
