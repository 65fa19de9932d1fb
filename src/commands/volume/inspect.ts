/** `tsctl volume inspect VOLUME...`: Docker's volume objects (JSON array, `-f json`, `-f TEMPLATE`). */
import { defineCommand } from '../../cli/define';
import { FORMAT_FLAG } from '../shared-flags';

export default defineCommand<{ format?: string }>({
  name: 'inspect',
  summary: 'Display detailed information on one or more volumes',
  usage: '[OPTIONS] VOLUME [VOLUME...]',
  args: { min: 1 },
  flags: [FORMAT_FLAG],
  async run(ctx, opts, args) {
    const [{ volumeDeps }, { inspectVolumes }, { renderImageInspect }, { inspectTemplate }, errs] = await Promise.all([
      import('../../cli/wiring/volumes'),
      import('../../services/volumes/list'),
      import('../../output/views/image'),
      import('../../output/inspect'),
      import('../../errors/index'),
    ]);
    const tmpl = inspectTemplate(opts.format);
    const results = await inspectVolumes(await volumeDeps(ctx), args);
    const { output, errors } = renderImageInspect(results, opts.format, tmpl);
    ctx.io.stdout.write(output);
    errs.throwCollected(errors);
  },
});
