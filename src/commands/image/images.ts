/**
 * `tsctl images` / `tsctl image ls [REPOSITORY[:TAG]]`: Docker's image list (docker/cli cli/command/image/list.go),
 * one row per repository:tag, newest first. Untagged (dangling) images show only with `-a` or
 * `--filter dangling=true`, as in Docker 29; containerd has no intermediate build images to add.
 */
import { defineCommand } from '../../cli/define';

interface Opts {
  all?: boolean;
  quiet?: boolean;
  /** commander turns `--no-trunc` into trunc=false. */
  trunc?: boolean;
  digests?: boolean;
  format?: string;
  filter?: string[];
}

export default defineCommand<Opts>({
  name: 'ls',
  aliases: ['list'],
  summary: 'List images',
  usage: '[OPTIONS] [REPOSITORY[:TAG]]',
  args: { min: 0, max: 1 },
  flags: [
    { flags: '-a, --all', description: 'Show all images (default hides dangling images; containerd keeps no intermediate images)' },
    { flags: '--digests', description: 'Show digests' },
    { flags: '-f, --filter <filter>', description: 'Filter output based on conditions provided (repeatable)', repeatable: true },
    { flags: '--format <string>', description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template" },
    { flags: '--no-trunc', description: "Don't truncate output" },
    { flags: '-q, --quiet', description: 'Only show image IDs' },
  ],
  async run(ctx, opts, args) {
    const [{ listImages, parseFilterFlags }, { renderImageList }, stores, { platformPicker, hostPlatform }, errs] = await Promise.all([
      import('../../services/images/list'),
      import('../../output/views/image'),
      import('../../containerd/stores'),
      import('../../services/images/pick'),
      import('../../errors/index'),
    ]);
    let filters;
    try {
      filters = parseFilterFlags(opts.filter, '-f, --filter');
    } catch (e) {
      if (e instanceof errs.InvalidOptionError) throw new errs.UsageError(e.message, `${ctx.commandPath} ${'[OPTIONS] [REPOSITORY[:TAG]]'}`, ctx.commandPath);
      throw e;
    }
    if (args[0] !== undefined) filters.set('reference', [...(filters.get('reference') ?? []), args[0]]);
    const client = await ctx.containerd();
    const now = new Date();
    const images = await listImages(
      {
        images: stores.imagesPort(client),
        content: stores.contentPort(client),
        snapshots: stores.snapshotsPort(client),
        snapshotter: ctx.settings.snapshotter,
        pick: platformPicker(hostPlatform(process.arch)),
        containers: client.containers,
      },
      { all: opts.all === true, filters, now },
    );
    ctx.io.stdout.write(renderImageList(images, { ...opts, noTrunc: opts.trunc === false, now }));
  },
});
