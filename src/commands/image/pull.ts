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
    const [{ parseReference, parseNormalizedNamed }, { pullImage }, wiring, { registryClient }, { PullView }, { parseIntFlag }, { InvalidOptionError }, { matchingManifests }] =
      await Promise.all([
        import('../../registry/reference'),
        import('../../services/images/pull'),
        import('../../cli/wiring/images'),
        import('../../cli/wiring/registry'),
        import('../../output/views/pull'),
        import('../../cli/parse'),
        import('../../errors/index'),
        import('../../registry/platform'),
      ]);
    const input = args[0] ?? '';
    const ref = parseReference(input);
    if (!['auto', 'true', 'false'].includes(opts.unpack ?? 'auto')) throw new InvalidOptionError(`invalid value "${opts.unpack}" for --unpack: want auto, true or false`);
    const concurrency = parseIntFlag('--max-concurrent-downloads', opts.maxConcurrentDownloads ?? '3');
    const deps = await wiring.imageDeps(ctx, opts.platform);
    const want = wiring.wantedPlatform(opts.platform);
    const registry = registryClient(ctx);
    const view = new PullView(ctx.io, opts.quiet === true);
    const given = parseNormalizedNamed(input);
    view.start({ defaultTag: given.tag === undefined && given.digest === undefined, tagOrDigest: ref.digest ?? ref.tag ?? 'latest', familiarRepo: ref.path });
    try {
      const result = await pullImage(
        {
          ...deps,
          source: {
            resolve: () => registry.resolve(ref, undefined, ctx.signal),
            fetchManifest: (d) => registry.fetchManifest(ref, d.digest, ctx.signal),
            fetchBlob: (d, offset) => registry.fetchBlob(ref, d, { offset, signal: ctx.signal }),
          },
          selectManifests: (index) => (opts.allPlatforms ? index.manifests : matchingManifests(index, want).slice(0, 1)),
          runnableHere: (p) => opts.unpack === 'true' || wiring.runnableHere(p),
        },
        { name: ref.toString(), host: ref.domain, repository: ref.path, snapshotter: deps.snapshotter, unpack: opts.unpack !== 'false', concurrency },
        (e) => view.event(e),
      );
      view.finish({ digest: result.image.target.digest, downloaded: result.downloaded, familiarName: ref.familiarName(), fullName: ref.toString() });
    } catch (e) {
      view.abort();
      throw e;
    } finally {
      await registry.close();
    }
  },
});
