/** `tsctl logout [SERVER]`: remove stored registry credentials. */
import { defineCommand } from '../../cli/define';

export default defineCommand({
  name: 'logout',
  summary: 'Log out from a registry',
  usage: '[SERVER]',
  args: { min: 0, max: 1 },
  async run(ctx, _opts, args) {
    const [{ loginHost }, { eraseCredentials, credentialKey }, { credentialStore }] = await Promise.all([
      import('../../services/registry/login'),
      import('../../registry/credentials'),
      import('../../cli/wiring/registry'),
    ]);
    const host = loginHost(args[0]);
    const shown = host === 'docker.io' ? credentialKey(host) : host;
    if (await eraseCredentials(credentialStore(ctx), host)) ctx.io.stdout.write(`Removing login credentials for ${shown}\n`);
    else ctx.io.stdout.write(`Not logged in to ${shown}\n`);
  },
});
