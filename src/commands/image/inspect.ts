/**
 * `tsctl image inspect IMAGE...`: Docker's image objects as a JSON array (4-space indent), `-f json` compact, or
 * `-f TEMPLATE` per image (docker/cli cli/command/inspect/inspector.go). Images that are found are printed even
 * when others are not; the errors follow on stderr and the exit code is 1. A template that does not parse exits 64.
 */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ format?: string }>({
  name: 'inspect',
  summary: 'Display detailed information on one or more images',
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  args: { min: 1 },
  flags: [
    {
      flags: '-f, --format <string>',
      description: "Format output using a custom template: 'json': Print in JSON format; 'TEMPLATE': Print output using the given Go template",
    },
  ],
  async run(ctx, opts, args) {
    const [{ inspectImages }, { renderImageInspect }, { inspectTemplate }, stores, { platformPicker, hostPlatform }, errs] =
      await Promise.all([
        import('../../services/images/inspect'),
        import('../../output/views/image'),
        import('../../output/inspect'),
        import('../../containerd/stores'),
        import('../../services/images/pick'),
        import('../../errors/index'),
      ]);
    const format = opts.format;
    const tmpl = inspectTemplate(format);
    const client = await ctx.containerd();
    const results = await inspectImages(
      {
        images: stores.imagesPort(client),
        content: stores.contentPort(client),
        snapshots: stores.snapshotsPort(client),
        snapshotter: ctx.settings.snapshotter,
        pick: platformPicker(hostPlatform(process.arch)),
      },
      args,
    );
    const { output, errors } = renderImageInspect(results, format, tmpl);
    ctx.io.stdout.write(output);
    errs.throwCollected(errors);
  },
});
