/** `tsctl pull` / `tsctl image pull`: fetch an image from a registry into containerd and unpack it. */
import { defineCommand } from '../../cli/define';

interface Opts {
  quiet?: boolean;
  platform?: string;
  allPlatforms?: boolean;
  unpack?: string;
  maxConcurrentDownloads?: string;
}

export default defineCommand<Opts>({
  name: 'pull',
  summary: 'Download an image from a registry',
  usage: '[OPTIONS] NAME[:TAG|@DIGEST]',
  args: { min: 1, max: 1 },
  flags: [
    { flags: '-q, --quiet', description: 'Suppress verbose output' },
    { flags: '--platform <string>', description: 'Set platform if server is multi-platform capable (e.g. linux/arm64)' },
    { flags: '--all-platforms', description: 'Pull content for all platforms (not unpacked)' },
    { flags: '--unpack <mode>', description: 'Unpack the image for the current single platform (auto/true/false)', default: 'auto' },
    { flags: '--max-concurrent-downloads <int>', description: 'Maximum number of layers downloaded at once', default: '3' },
  ],
  async run(ctx, opts, args) {
    const [{ pullWithOutput }, { parseIntFlag }, { InvalidOptionError }] = await Promise.all([
      import('../../cli/wiring/pull'),
      import('../../cli/parse'),
      import('../../errors/index'),
    ]);
    const unpack = opts.unpack ?? 'auto';
    if (unpack !== 'auto' && unpack !== 'true' && unpack !== 'false') throw new InvalidOptionError(`invalid value "${unpack}" for --unpack: want auto, true or false`);
    await pullWithOutput(ctx, args[0] ?? '', {
      quiet: opts.quiet === true,
      ...(opts.platform ? { platform: opts.platform } : {}),
      allPlatforms: opts.allPlatforms === true,
      unpack,
      concurrency: parseIntFlag('--max-concurrent-downloads', opts.maxConcurrentDownloads ?? '3'),
    });
  },
});
