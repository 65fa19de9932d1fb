/** `tsctl start` / `tsctl container start`: start stopped containers; `-a`/`-i` attach to one of them. */
import { defineCommand } from '../../cli/define';
import { eachTarget } from '../../cli/each';
import type { AttachFlags } from './shared-run-flags';

export default defineCommand<AttachFlags & { attach?: boolean; interactive?: boolean }>({
  name: 'start',
  summary: 'Start one or more stopped containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  args: { min: 1 },
  flags: [
    { flags: '-a, --attach', description: 'Attach STDOUT/STDERR and forward signals' },
    { flags: '--detach-keys <string>', description: 'Override the key sequence for detaching a container' },
    { flags: '-i, --interactive', description: "Attach container's STDIN" },
  ],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, { startTask }, runIO, { attachToTask }, { parseDetachKeys, DEFAULT_DETACH_KEYS }, errors] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../services/containers/start'),
      import('../../cli/wiring/run-io'),
      import('../../cli/wiring/attach'),
      import('../../cli/opts/detach-keys'),
      import('../../errors/index'),
    ]);
    const attach = opts.attach === true || opts.interactive === true;
    if (attach && args.length > 1) throw new errors.InvalidOptionError('you cannot start and attach multiple containers at once');
    const detachKeys = parseDetachKeys(opts.detachKeys ?? DEFAULT_DETACH_KEYS);
    const deps = await containerDeps(ctx);
    await eachTarget(args, async (ref) => {
      const c = await findContainer(deps.list, ref);
      const stdio = await runIO.containerStdio(deps, c.id);
      const attachStdin = attach && opts.interactive === true && stdio.stdin !== 'none';
      if (attachStdin && stdio.tty && !(ctx.io.stdin as NodeJS.ReadStream).isTTY) throw new errors.InvalidOptionError('the input device is not a TTY');
      const startedAt = new Date();
      const task = await deps.tasks.get(c.id);
      let prepared: Awaited<ReturnType<typeof runIO.taskIO>> | undefined;
      // Docker's start of a running container is a no-op (its stdio FIFOs stay as they are).
      if (!task || task.status === 'stopped') {
        prepared = await runIO.taskIO(ctx, deps, c.id, { ...stdio, attachStdin });
        try {
          prepared.started(await startTask(deps, c.id, prepared.io));
        } catch (e) {
          prepared.started(false);
          throw e;
        }
      }
      if (!attach) {
        ctx.io.stdout.write(`${ref}\n`);
        return;
      }
      const result = await attachToTask(ctx, deps, c.id, {
        tty: stdio.tty,
        ...(prepared?.stdin ? { stdin: prepared.stdin } : {}),
        closeStdin: stdio.stdin === 'once' && !stdio.tty,
        since: startedAt,
        detachKeys,
        sigProxy: true,
        exited: deps.tasks.wait(c.id, ctx.signal),
      });
      if (result !== 'detached' && result.exitStatus !== 0) throw new errors.ContainerExit(result.exitStatus);
    }, (e) => e instanceof errors.ContainerExit);
  },
});
