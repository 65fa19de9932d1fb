/**
 * `tsctl save IMAGE... [-o FILE]` (and `image save`): one tar that is both a Docker archive and an OCI layout.
 * To stdout unless -o; a terminal is refused, as Docker does. With -o the tar is written to a temporary file
 * next to the target and renamed into place only when complete (Docker's CopyToFile), so a failed save leaves
 * no partial file.
 */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ output?: string; platform?: string }>({
  name: 'save',
  summary: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  args: { min: 1 },
  flags: [
    { flags: '-o, --output <string>', description: 'Write to a file, instead of STDOUT' },
    { flags: '--platform <string>', description: 'Save only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")' },
  ],
  async run(ctx, opts, args) {
    const [{ InvalidArgumentError }, { saveImages }, { hostPlatform, parsePlatform }, { imagesPort, contentPort }] = await Promise.all([
      import('../../errors/index'),
      import('../../services/images/save'),
      import('../../registry/platform'),
      import('../../containerd/stores'),
    ]);
    const output = opts.output ?? '';
    if (output === '' && ctx.io.isTTY) throw new InvalidArgumentError('cowardly refusing to save to a terminal. Use the -o flag or redirect');
    const host = hostPlatform(process.arch);
    const platform = opts.platform === undefined || opts.platform === '' ? undefined : parsePlatform(opts.platform, host);
    const { dirname, join } = await import('node:path');
    const { stat } = await import('node:fs/promises');
    if (output !== '') {
      const dir = dirname(output);
      const st = await stat(dir).catch(() => undefined);
      if (!st?.isDirectory()) throw new InvalidArgumentError(`failed to save image: invalid output path: directory "${dir}" does not exist`);
    }
    const client = await ctx.containerd();
    const deps = { images: imagesPort(client), content: contentPort(client) };
    const req = { refs: args, host, ...(platform ? { platform } : {}) };
    if (output === '') {
      const swallow = (): void => undefined; // EPIPE etc. surface through the writer
      ctx.io.stdout.on('error', swallow);
      try {
        await saveImages(deps, req, ctx.io.stdout);
      } finally {
        ctx.io.stdout.off('error', swallow);
      }
      return;
    }
    const { createWriteStream } = await import('node:fs');
    const { rename, rm } = await import('node:fs/promises');
    const { randomBytes } = await import('node:crypto');
    const tmp = join(dirname(output), `.tsctl_temp_${randomBytes(6).toString('hex')}`);
    const file = createWriteStream(tmp, { mode: 0o644 });
    try {
      await new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', reject));
      await saveImages(deps, req, file);
      await new Promise<void>((resolve, reject) => file.once('error', reject).end(() => resolve()));
      await rename(tmp, output);
    } catch (e) {
      file.destroy();
      await rm(tmp, { force: true });
      throw e;
    }
  },
});
