/**
 * `tsctl inspect NAME|ID...`: containers and images in one call (docker/cli cli/command/system/inspect.go):
 * each reference is looked up as a container first, then as an image; `--type container|image` restricts the
 * lookup (and keeps that kind's own "No such …" error). Untyped misses print `Error: No such object: x`.
 * Output as `container inspect`/`image inspect`: JSON array, `-f json`, or `-f TEMPLATE`; exit 64 on a template
 * that does not parse, 1 when any reference failed (after printing the others).
 */
import type { CliContext } from '../../cli/context';
import { defineCommand } from '../../cli/define';
import { FORMAT_FLAG } from '../shared-flags';

/** Docker's object kinds for --type; tsctl knows containers, images and volumes so far. */
const DOCKER_TYPES = ['config', 'container', 'image', 'network', 'node', 'plugin', 'secret', 'service', 'task', 'volume'];

export default defineCommand<{ format?: string; size?: boolean; type?: string }>({
  name: 'inspect',
  summary: 'Return low-level information on Docker objects',
  usage: '[OPTIONS] NAME|ID [NAME|ID...]',
  args: { min: 1 },
  flags: [
    FORMAT_FLAG,
    { flags: '-s, --size', description: 'Display total file sizes if the type is container' },
    { flags: '--type <string>', description: 'Only inspect objects of the given type' },
  ],
  async run(ctx, opts, args) {
    const [{ containerDeps, inspectExtras }, { inspectObjects, noSuchObject }, { renderImageInspect }, { inspectTemplate }, errs] =
      await Promise.all([
        import('../../cli/wiring/containers'),
        import('../../services/containers/inspect'),
        import('../../output/views/image'),
        import('../../output/inspect'),
        import('../../errors/index'),
      ]);
    const type = opts.type === '' ? undefined : opts.type;
    if (type !== undefined && !DOCKER_TYPES.includes(type)) throw new errs.InvalidArgumentError(`"${type}" is not a valid value for --type`);
    const format = opts.format;
    const tmpl = inspectTemplate(format);
    let results;
    if (type === undefined || type === 'container' || type === 'image' || type === 'volume') {
      const deps = await containerDeps(ctx);
      const { inspectVolume } = await import('../../services/volumes/list');
      const volume = (name: string) => inspectVolume(deps, name);
      results = await inspectObjects({ ...deps, ...inspectExtras(deps, opts.size === true), volume }, args, type);
      if (type === undefined && results.some((r) => 'error' in r && r.error instanceof errs.NotFoundError)) results = await withNetworks(ctx, args, results);
    } else if (type === 'network') {
      const [{ networkDeps }, { inspectNetworks }] = await Promise.all([import('../../cli/wiring/networks'), import('../../services/networks/networks')]);
      results = await inspectNetworks(networkDeps(ctx), args);
    } else {
      // Kinds tsctl does not have yet: nothing of that type exists.
      results = args.map((a) => ({ error: noSuchObject(a) }));
    }
    const { output, errors } = renderImageInspect(results, format, tmpl);
    ctx.io.stdout.write(output);
    errs.throwCollected(errors);
  },
});

/** Untyped lookups that found no container or image: networks next (Docker's order). */
async function withNetworks<R extends { error: unknown } | { ok: unknown }>(ctx: CliContext, args: string[], results: R[]): Promise<(R | { ok: Record<string, unknown> })[]> {
  const [{ networkDeps }, { inspectNetworks }, { NotFoundError }] = await Promise.all([
    import('../../cli/wiring/networks'),
    import('../../services/networks/networks'),
    import('../../errors/index'),
  ]);
  const deps = networkDeps(ctx);
  return Promise.all(
    results.map(async (r, i) => {
      if (!('error' in r) || !(r.error instanceof NotFoundError)) return r;
      const [n] = await inspectNetworks(deps, [args[i] ?? '']);
      return n !== undefined && 'ok' in n ? n : r;
    }),
  );
}
