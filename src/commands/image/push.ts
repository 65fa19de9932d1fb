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
    const [{ parseNormalizedNamed, parseReference }, { pushReference }, wiring, { registryClient }, { PushView }, errors] = await Promise.all([
      import('../../registry/reference'),
      import('../../cli/wiring/push'),
      import('../../cli/wiring/images'),
      import('../../cli/wiring/registry'),
      import('../../output/views/push'),
      import('../../errors/index'),
    ]);
    const given = parseNormalizedNamed(args[0] ?? '');
    if (opts.allTags && (given.tag !== undefined || given.digest !== undefined)) {
      throw new errors.InvalidOptionError('tag can\'t be used with --all-tags/-a');
    }
    const deps = await wiring.imageDeps(ctx, opts.platform);
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
        const result = await pushReference(ctx, deps, registry, ref, { platform: opts.platform, report: (e) => view.event(e) });
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
