/** `tsctl run` / `tsctl container run`: create and start a container; attached, its output and exit code are ours. */
import { defineCommand } from '../../cli/define';
import { ATTACH_FLAGS, RUN_FLAGS, type AttachFlags, type RunFlags } from './shared-run-flags';

export default defineCommand<RunFlags & AttachFlags & { detach?: boolean }>({
  name: 'run',
  summary: 'Create and run a new container from an image',
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  args: { min: 1 },
  passThrough: true,
  flags: [{ flags: '-d, --detach', description: 'Run container in background and print container ID' }, ...ATTACH_FLAGS, ...RUN_FLAGS],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { prepareRun }, { createContainer }, { startCreated }, { pullWithOutput }, { parseDetachKeys, DEFAULT_DETACH_KEYS }, errors] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../cli/wiring/run-spec'),
      import('../../services/containers/create'),
      import('../../cli/wiring/run-start'),
      import('../../cli/wiring/pull'),
      import('../../cli/opts/detach-keys'),
      import('../../errors/index'),
    ]);
    const attached = opts.detach !== true;
    const attachStdin = attached && opts.interactive === true;
    // Docker checks the terminal before anything else, and this error exits 1 (not 125).
    if (attachStdin && opts.tty && !(ctx.io.stdin as NodeJS.ReadStream).isTTY) throw new errors.InvalidOptionError('the input device is not a TTY');
    ctx.exit.escalate125 = true;
    const detachKeys = parseDetachKeys(opts.detachKeys ?? DEFAULT_DETACH_KEYS);
    const deps = await containerDeps(ctx, opts.platform);
    const prepared = await prepareRun(ctx, deps, opts, args[0] ?? '', args.slice(1), attached);
    const created = await prepared.created(createContainer(
      {
        ...deps,
        spec: prepared.spec,
        imageLabels: prepared.imageLabels,
        pull: (name) => pullWithOutput(ctx, name, { quiet: false, ...(opts.platform ? { platform: opts.platform } : {}), unpack: 'auto', concurrency: 3, printName: false, io: { ...ctx.io, stdout: ctx.io.stderr, isTTY: ctx.io.errIsTTY } }),
        onMessage: (line) => ctx.io.stderr.write(`${line}\n`),
      },
      prepared.request,
    ));
    await startCreated(ctx, deps, created.id, {
      attached, rm: opts.rm === true, tty: opts.tty === true, interactive: opts.interactive === true, detachKeys, sigProxy: opts.sigProxy !== false, log: prepared.log,
    });
  },
});
