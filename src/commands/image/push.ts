/** `tsctl push` / `tsctl image push`: upload an image (or all tags of a repository) to a registry. */
import { defineCommand } from '../../cli/define';

interface Opts {
  allTags?: boolean;
  platform?: string;
  quiet?: boolean;
}

export default defineCommand<Opts>({
  name: 'push',
  summary: 'Upload an image to a registry',
  usage: '[OPTIONS] NAME[:TAG]',
  args: { min: 1, max: 1 },
  flags: [
    { flags: '-a, --all-tags', description: 'Push all tags of an image to the repository' },
    { flags: '--platform <string>', description: 'Push only this platform of a multi-platform image (e.g. linux/amd64)' },
    { flags: '-q, --quiet', description: 'Suppress verbose output' },
  ],
  async run(ctx, opts, args) {
    const [{ parseNormalizedNamed, parseReference }, { pushImage }, wiring, { registryClient }, { PushView }, errors, { pickManifest }] = await Promise.all([
      import('../../registry/reference'),
      import('../../services/images/push'),
      import('../../cli/wiring/images'),
      import('../../cli/wiring/registry'),
      import('../../output/views/push'),
      import('../../errors/index'),
      import('../../registry/platform'),
    ]);
    const given = parseNormalizedNamed(args[0] ?? '');
    if (opts.allTags && (given.tag !== undefined || given.digest !== undefined)) {
      throw new errors.InvalidOptionError('tag can\'t be used with --all-tags/-a');
    }
    const deps = await wiring.imageDeps(ctx, opts.platform);
    const want = wiring.wantedPlatform(opts.platform);
    const refs = opts.allTags
      ? (await deps.images.list()).filter((r) => r.name.startsWith(`${given.name}:`)).map((r) => parseReference(r.name)).filter((r) => r.name === given.name && r.digest === undefined)
      : [parseReference(args[0] ?? '')];
    if (refs.length === 0) throw new errors.NotFoundError(`An image does not exist locally with the tag: ${given.familiarRepository()}`, 'IMAGE_NOT_FOUND');
    const registry = registryClient(ctx);
    const view = new PushView(ctx.io, opts.quiet === true);
    if (!opts.allTags && given.tag === undefined && given.digest === undefined && !opts.quiet) ctx.io.stdout.write('Using default tag: latest\n');
    view.start(given.name.startsWith('docker.io/') ? `docker.io/${given.path}` : given.name);
    try {
      for (const ref of refs) {
        const image = await deps.images.get(ref.toString());
        if (!image) throw new errors.NotFoundError(`An image does not exist locally with the tag: ${ref.familiarName()}`, 'IMAGE_NOT_FOUND');
        const result = await pushImage(
          {
            content: deps.content,
            target: {
              blobExists: (d) => registry.blobExists(ref, d.digest, ctx.signal),
              mountBlob: (d, from) => registry.mountBlob(ref, d.digest, `${ref.domain}/${from}`, ctx.signal),
              uploadBlob: (d, source) => registry.uploadBlob(ref, d, source, { signal: ctx.signal }),
              putManifest: (reference, mediaType, bytes) => registry.putManifest(ref, reference, mediaType, bytes, ctx.signal),
            },
          },
          {
            image,
            reference: ref.digest ?? ref.tag ?? 'latest',
            host: ref.domain,
            repository: ref.path,
            ...(opts.platform ? { pickOnly: (index: Parameters<typeof pickManifest>[0]) => pickManifest(index, want) } : {}),
            concurrency: 3,
          },
          (e) => view.event(e),
        );
        view.finish(ref.tag ?? ref.digest ?? 'latest', result.digest, result.size, ref.toString());
      }
    } catch (e) {
      view.abort();
      throw e;
    } finally {
      await registry.close();
    }
  },
});
