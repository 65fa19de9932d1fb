/** `tsctl network inspect NETWORK...`: Docker's network JSON (Containers from the attached containers' state). */
import { defineCommand } from '../../cli/define';
import { FORMAT_FLAG } from '../shared-flags';

export default defineCommand<{ format?: string; verbose?: boolean }>({
  name: 'inspect',
  summary: 'Display detailed information on one or more networks',
  usage: '[OPTIONS] NETWORK [NETWORK...]',
  args: { min: 1 },
  flags: [FORMAT_FLAG, { flags: '-v, --verbose', description: 'Verbose output for diagnostics' }],
  async run(ctx, opts, args) {
    const [{ networkDeps }, { inspectNetworks }, { renderImageInspect }, { inspectTemplate }, { throwCollected }] = await Promise.all([
      import('../../cli/wiring/networks'),
      import('../../services/networks/networks'),
      import('../../output/views/image'),
      import('../../output/inspect'),
      import('../../errors/index'),
    ]);
    const tmpl = inspectTemplate(opts.format);
    const results = await inspectNetworks(networkDeps(ctx), args);
    const { output, errors } = renderImageInspect(results, opts.format, tmpl);
    ctx.io.stdout.write(output);
    throwCollected(errors);
  },
});
