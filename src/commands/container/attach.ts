/** `tsctl attach` / `tsctl container attach`: attach our stdio to a running container (output from the log). */
import { defineCommand } from '../../cli/define';
import { ATTACH_FLAGS, type AttachFlags } from './shared-run-flags';

export default defineCommand<AttachFlags & { stdin?: boolean }>({
  name: 'attach',
  summary: 'Attach local standard input, output, and error streams to a running container',
  usage: '[OPTIONS] CONTAINER',
  args: { min: 1, max: 1 },
  flags: [{ flags: '--no-stdin', description: 'Do not attach STDIN' }, ...ATTACH_FLAGS],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, { attachToTask }, { stdinFifoPath, containerStdio }, { parseDetachKeys, DEFAULT_DETACH_KEYS }, { fifoWriter }, errors] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../cli/wiring/attach'),
      import('../../cli/wiring/run-io'),
      import('../../cli/opts/detach-keys'),
      import('../../util/fifo'),
      import('../../errors/index'),
    ]);
    const ref = args[0] ?? '';
    const detachKeys = parseDetachKeys(opts.detachKeys ?? DEFAULT_DETACH_KEYS);
    const deps = await containerDeps(ctx);
    const c = await findContainer(deps.list, ref);
    const task = await deps.tasks.get(c.id);
    if (!task || task.status === 'stopped' || task.status === 'created' || task.status === 'unknown') {
      throw new errors.ConflictError('You cannot attach to a stopped container, start it first');
    }
    if (task.status === 'paused') throw new errors.ConflictError('You cannot attach to a paused container, unpause it first');
    const stdio = await containerStdio(deps, c.id);
    const withStdin = stdio.stdin !== 'none' && opts.stdin !== false;
    if (withStdin && stdio.tty && !(ctx.io.stdin as NodeJS.ReadStream).isTTY) throw new errors.InvalidOptionError('the input device is not a TTY');
    const writer = withStdin ? fifoWriter(stdinFifoPath(deps, c.id)) : undefined;
    try {
      const result = await attachToTask(ctx, deps, c.id, {
        tty: stdio.tty,
        ...(writer ? { stdin: writer } : {}),
        closeStdin: stdio.stdin === 'once' && !stdio.tty,
        since: new Date(),
        detachKeys,
        sigProxy: opts.sigProxy !== false,
        exited: deps.tasks.wait(c.id, ctx.signal),
      });
      if (result !== 'detached' && result.exitStatus !== 0) throw new errors.ContainerExit(result.exitStatus);
    } finally {
      writer?.destroy();
    }
  },
});
