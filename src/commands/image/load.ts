/**
 * `tsctl load [-i FILE] [-q]` (and `image load`): loads a Docker archive or OCI layout tar (gzip too) from a file
 * or stdin. Prints Docker's `Loaded image: NAME` per name, `Loaded image ID: sha256:…` for an image without one.
 * As in Docker, `-q` only suppresses progress output (tsctl prints none), not the `Loaded image` lines.
 */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ input?: string; quiet?: boolean }>({
  name: 'load',
  summary: 'Load an image from a tar archive or STDIN',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [
    { flags: '-i, --input <string>', description: 'Read from tar archive file, instead of STDIN' },
    { flags: '-q, --quiet', description: 'Suppress the load output' },
  ],
  async run(ctx, opts) {
    const [{ InvalidArgumentError, NotFoundError }, { loadImages }, { hostPlatform }, stores] = await Promise.all([
      import('../../errors/index'),
      import('../../services/images/load'),
      import('../../registry/platform'),
      import('../../containerd/stores'),
    ]);
    const path = opts.input ?? '';
    let input: AsyncIterable<Uint8Array>;
    let close = (): void => undefined;
    if (path === '') {
      if ((ctx.io.stdin as { isTTY?: boolean }).isTTY === true) throw new InvalidArgumentError('requested load from stdin, but stdin is empty');
      input = ctx.io.stdin;
    } else {
      const { open } = await import('node:fs/promises');
      const fh = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') throw new NotFoundError(`open ${path}: no such file or directory`);
        throw e;
      });
      const stream = fh.createReadStream({ highWaterMark: 1 << 20 });
      input = stream;
      close = () => stream.destroy();
    }
    const client = await ctx.containerd();
    try {
      const loaded = await loadImages(
        {
          images: stores.imagesPort(client),
          content: stores.contentPort(client),
          snapshots: stores.snapshotsPort(client),
          diff: stores.diffPort(client),
          leases: client.leases,
          now: () => new Date(),
        },
        { snapshotter: ctx.settings.snapshotter, host: hostPlatform(process.arch) },
        input,
      );
      for (const img of loaded) ctx.io.stdout.write(img.name === undefined ? `Loaded image ID: ${img.id}\n` : `Loaded image: ${img.name}\n`);
    } finally {
      close();
    }
  },
});
