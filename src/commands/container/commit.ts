/** `tsctl commit` / `tsctl container commit`: create a new image from a container's changes; prints the image ID. */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ author?: string; change?: string[]; message?: string; pause?: boolean }>({
  name: 'commit',
  summary: "Create a new image from a container's changes",
  usage: '[OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
  args: { min: 1, max: 2 },
  flags: [
    { flags: '-a, --author <string>', description: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' },
    { flags: '-c, --change <list>', description: 'Apply Dockerfile instruction to the created image', repeatable: true },
    { flags: '-m, --message <string>', description: 'Commit message' },
    { flags: '-p, --pause', description: 'Pause container during commit', default: true },
    { flags: '--no-pause', description: 'Do not pause the container during commit', hidden: true },
  ],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { commitContainer }] = await Promise.all([import('../../cli/wiring/containers'), import('../../services/containers/commit')]);
    const deps = await containerDeps(ctx);
    const client = await ctx.containerd();
    const id = await commitContainer(
      {
        ...deps,
        pause: async (containerId) => {
          await client.tasksApi.pause({ containerId });
        },
        resume: async (containerId) => {
          await client.tasksApi.resume({ containerId });
        },
        now: () => new Date(),
      },
      { ref: args[0] as string, repository: args[1], author: opts.author ?? '', message: opts.message ?? '', changes: opts.change ?? [], pause: opts.pause !== false },
    );
    ctx.io.stdout.write(`${id}\n`);
  },
});
