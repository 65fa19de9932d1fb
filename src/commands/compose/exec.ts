/** `tsctl compose exec SERVICE COMMAND…`: run a command in a service's running container (`--index`, default 1). */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

interface Opts extends ComposeProjectFlags {
  detach?: boolean;
  privileged?: boolean;
  user?: string;
  /** -T / --no-TTY (commander: tty=false) */
  tty?: boolean;
  index?: string;
  env?: string[];
  workdir?: string;
}

export default defineCommand<Opts>({
  name: 'exec',
  summary: 'Execute a command in a running container',
  usage: '[OPTIONS] SERVICE COMMAND [ARGS...]',
  args: { min: 2 },
  passThrough: true,
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '-d, --detach', description: 'Detached mode: Run command in the background' },
    { flags: '--privileged', description: 'Give extended privileges to the process' },
    { flags: '-u, --user <string>', description: 'Run the command as this user' },
    { flags: '-T, --no-TTY', description: 'Disable pseudo-TTY allocation. By default `docker compose exec` allocates a TTY.' },
    { flags: '--index <int>', description: 'Index of the container if service has multiple replicas', default: '1' },
    { flags: '-e, --env <string>', description: 'Set environment variables', repeatable: true },
    { flags: '-w, --workdir <string>', description: 'Path to workdir directory for this command' },
  ],
  async run(ctx, opts, args) {
    const [engine, { execInContainer }, { parseIntFlag }, errors] = await Promise.all([
      import('../../cli/wiring/compose-engine'),
      import('../../cli/wiring/exec'),
      import('../../cli/parse'),
      import('../../errors/index'),
    ]);
    const [service = '', ...cmd] = args;
    const index = parseIntFlag('--index', opts.index ?? '1');
    const s = await engine.openProject(ctx, opts, [service]);
    const running = await engine.serviceContainers(s, [service], { states: ['running'] });
    const c = running.find((x) => x.number === index);
    if (!c) throw new errors.FailedPreconditionError(running.length === 0 ? `service "${service}" is not running` : `service "${service}" has no container with index ${index}`);
    // Compose allocates a TTY unless -T, and only when there is a terminal to give it.
    const terminal = (ctx.io.stdin as NodeJS.ReadStream).isTTY === true && ctx.io.isTTY;
    await execInContainer(s.ctx, s.deps, { id: c.id, ref: c.name }, cmd, {
      ...(opts.detach ? { detach: true } : {}),
      ...(opts.privileged ? { privileged: true } : {}),
      ...(opts.user !== undefined ? { user: opts.user } : {}),
      ...(opts.workdir !== undefined ? { workdir: opts.workdir } : {}),
      env: opts.env ?? [],
      // stdin always goes to the process (`compose exec -T db psql < dump.sql`).
      interactive: true,
      tty: opts.tty !== false && terminal,
    });
  },
});
