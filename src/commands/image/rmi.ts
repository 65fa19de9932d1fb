/**
 * `tsctl rmi` / `tsctl image rm IMAGE...`: removes image names and images, printing Docker's `Untagged:` and
 * `Deleted:` lines per image (docker/cli cli/command/image/remove.go). Every argument is tried; failures are
 * reported together (exit 1) — except that with `-f` images that do not exist are only reported, exit 0.
 */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ force?: boolean; prune?: boolean }>({
  name: 'rm',
  aliases: ['remove', 'rmi'],
  summary: 'Remove one or more images',
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  args: { min: 1 },
  flags: [
    { flags: '-f, --force', description: 'Force removal of the image' },
    { flags: '--no-prune', description: 'Do not delete untagged parents (containerd images have none)' },
  ],
  async run(ctx, opts, args) {
    const [{ removeImages }, { renderDeleteLines }, stores, { platformPicker, hostPlatform }, errs] = await Promise.all([
      import('../../services/images/remove'),
      import('../../output/views/image'),
      import('../../containerd/stores'),
      import('../../services/images/pick'),
      import('../../errors/index'),
    ]);
    const client = await ctx.containerd();
    const errors = await removeImages(
      {
        images: stores.imagesPort(client),
        content: stores.contentPort(client),
        pick: platformPicker(hostPlatform(process.arch)),
        containers: client.containers,
        tasks: client.tasks,
      },
      args,
      { force: opts.force === true },
      (lines) => ctx.io.stdout.write(renderDeleteLines(lines)),
    );
    if (opts.force === true && errors.length > 0 && errors.every((e) => e instanceof errs.NotFoundError)) {
      ctx.io.stderr.write(`${errors.map((e) => e.message).join('\n')}\n`);
      return;
    }
    errs.throwCollected(errors);
  },
});
