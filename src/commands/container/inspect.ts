/**
 * `tsctl container inspect CONTAINER...`: Docker's container objects as a JSON array (4-space indent), `-f json`
 * compact, or `-f TEMPLATE` per container (typed first, then the raw JSON with missingkey=error, as docker/cli's
 * inspector). Found containers are printed even when others are not; the errors follow and the exit code is 1.
 * A template that does not parse exits 64.
 */
import { defineCommand } from '../../cli/define';
import { FORMAT_FLAG } from '../shared-flags';

export default defineCommand<{ format?: string; size?: boolean }>({
  name: 'inspect',
  summary: 'Display detailed information on one or more containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  args: { min: 1 },
  flags: [FORMAT_FLAG, { flags: '-s, --size', description: 'Display total file sizes' }],
  async run(ctx, opts, args) {
    const [{ containerDeps, inspectExtras }, { inspectContainers }, { renderImageInspect }, { inspectTemplate }, errs] =
      await Promise.all([
        import('../../cli/wiring/containers'),
        import('../../services/containers/inspect'),
        import('../../output/views/image'),
        import('../../output/inspect'),
        import('../../errors/index'),
      ]);
    const format = opts.format;
    const tmpl = inspectTemplate(format);
    const deps = await containerDeps(ctx);
    const results = await inspectContainers({ ...deps, ...inspectExtras(deps, opts.size === true) }, args);
    const { output, errors } = renderImageInspect(results, format, tmpl);
    ctx.io.stdout.write(output);
    errs.throwCollected(errors);
  },
});
