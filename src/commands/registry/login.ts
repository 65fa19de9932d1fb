/** `tsctl login [SERVER]`: log in to a registry (credentials checked, then saved like Docker). */
import { defineCommand } from '../../cli/define';

interface Opts {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
}

export default defineCommand<Opts>({
  name: 'login',
  summary: 'Log in to a registry',
  usage: '[OPTIONS] [SERVER]',
  args: { min: 0, max: 1 },
  flags: [
    { flags: '-u, --username <string>', description: 'Username' },
    { flags: '-p, --password <string>', description: 'Password' },
    { flags: '--password-stdin', description: 'Take the password from stdin' },
  ],
  async run(ctx, opts, args) {
    const [{ login, loginHost }, { RegistryClient }, { storeCredentials }, { credentialStore, CERTS_DIRS }, { InvalidOptionError }, { readSecret }] =
      await Promise.all([
        import('../../services/registry/login'),
        import('../../registry/client'),
        import('../../registry/credentials'),
        import('../../cli/wiring/registry'),
        import('../../errors/index'),
        import('../../cli/prompt'),
      ]);
    const host = loginHost(args[0]);
    let { username, password } = opts;
    if (opts.passwordStdin) {
      if (password !== undefined) throw new InvalidOptionError('--password and --password-stdin are mutually exclusive');
      if (username === undefined) throw new InvalidOptionError('Must provide --username with --password-stdin');
      password = (await readSecret(ctx.io, undefined)).replace(/\r?\n$/, '');
    } else if (password !== undefined) {
      ctx.io.stderr.write('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
    }
    if (username === undefined || password === undefined) {
      if (!ctx.io.isTTY || !(ctx.io.stdin as { isTTY?: boolean }).isTTY) {
        throw new InvalidOptionError('Error: Cannot perform an interactive login from a non TTY device');
      }
      username ??= (await readSecret(ctx.io, 'Username: ', true)).trim();
      password ??= await readSecret(ctx.io, 'Password: ');
    }
    if (password === '') throw new InvalidOptionError('Error: Password Required');
    const creds = { username, password };
    const store = credentialStore(ctx);
    await login(
      {
        check: async (h, c) => {
          const client = new RegistryClient({ insecureHosts: ctx.settings.insecureRegistries, certsDir: CERTS_DIRS, credentials: async () => c });
          try {
            await client.checkLogin(h, ctx.signal);
          } finally {
            await client.close();
          }
        },
        store: (h, c) => storeCredentials(store, h, c),
        erase: async () => false,
      },
      host,
      creds,
    );
    ctx.io.stdout.write('Login Succeeded\n');
  },
});
