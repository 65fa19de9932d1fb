/** `tsctl image tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]`: another name for an image; prints nothing. */
import { defineCommand } from '../../cli/define';

export default defineCommand({
  name: 'tag',
  summary: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  usage: 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  args: { min: 2, max: 2 },
  async run(ctx, _opts, args) {
    const [{ tagImage }, stores, { platformPicker, hostPlatform }] = await Promise.all([
      import('../../services/images/tag'),
      import('../../containerd/stores'),
      import('../../services/images/pick'),
    ]);
    const client = await ctx.containerd();
    await tagImage(
      { images: stores.imagesPort(client), content: stores.contentPort(client), pick: platformPicker(hostPlatform(process.arch)) },
      args[0] ?? '',
      args[1] ?? '',
    );
  },
});
