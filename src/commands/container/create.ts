/** `tsctl create` / `tsctl container create`: create a container without starting it; prints its ID. */
import { defineCommand } from '../../cli/define';
import { RUN_FLAGS, type RunFlags } from './shared-run-flags';

export default defineCommand<RunFlags>({
  name: 'create',
  summary: 'Create a new container',
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  args: { min: 1 },
  passThrough: true,
  flags: RUN_FLAGS,
  async run(ctx, opts, args) {
    // docker/cli's create returns daemon errors as they are (exit 1); its flag parsing errors exit 125.
    ctx.exit.optionErrors125 = true;
    const [{ containerDeps }, { prepareRun }, { createContainer }, { pullWithOutput }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../cli/wiring/run-spec'),
      import('../../services/containers/create'),
      import('../../cli/wiring/pull'),
    ]);
    const deps = await containerDeps(ctx, opts.platform);
    const prepared = await prepareRun(ctx, deps, opts, args[0] ?? '', args.slice(1));
    const created = await prepared.created(createContainer(
      {
        ...deps,
        spec: prepared.spec,
        imageLabels: prepared.imageLabels,
        pull: (name) => pullWithOutput(ctx, name, { quiet: false, unpack: 'auto', concurrency: 3, printName: false, io: { ...ctx.io, stdout: ctx.io.stderr, isTTY: ctx.io.errIsTTY } }),
        onMessage: (line) => ctx.io.stderr.write(`${line}\n`),
      },
      prepared.request,
    ));
    ctx.io.stdout.write(`${created.id}\n`);
  },
});
