/** `tsctl exec` / `tsctl container exec`: run a command in a running container. */
import { defineCommand } from '../../cli/define';
import type { ExecOptions } from '../../cli/wiring/exec';


export default defineCommand<ExecOptions>({
  name: 'exec',
  summary: 'Execute a command in a running container',
  usage: '[OPTIONS] CONTAINER COMMAND [ARG...]',
  args: { min: 2 },
  passThrough: true,
  flags: [
    { flags: '-d, --detach', description: 'Detached mode: run command in the background' },
    { flags: '-e, --env <list>', description: 'Set environment variables', repeatable: true },
    { flags: '--env-file <list>', description: 'Read in a file of environment variables', repeatable: true },
    { flags: '-w, --workdir <string>', description: 'Working directory inside the container' },
    { flags: '-u, --user <string>', description: 'Username or UID (format: "<name|uid>[:<group|gid>]")' },
    { flags: '--privileged', description: 'Give extended privileges to the command' },
    { flags: '-i, --interactive', description: 'Keep STDIN open even if not attached' },
    { flags: '-t, --tty', description: 'Allocate a pseudo-TTY' },
    { flags: '--detach-keys <string>', description: 'Override the key sequence for detaching a container' },
  ],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, { execInContainer }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../cli/wiring/exec'),
    ]);
    const [ref = '', ...cmd] = args;
    const deps = await containerDeps(ctx);
    const c = await findContainer(deps.list, ref);
    await execInContainer(ctx, deps, { id: c.id, ref }, cmd, opts);
  },
});
