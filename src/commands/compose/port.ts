/** `tsctl compose port SERVICE PRIVATE_PORT`: the public address of a service container's port binding. */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

export default defineCommand<ComposeProjectFlags & { protocol?: string; index?: string }>({
  name: 'port',
  summary: 'Print the public port for a port binding',
  usage: '[OPTIONS] SERVICE PRIVATE_PORT',
  args: { min: 2 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '--index <int>', description: 'Index of the container if service has multiple replicas', default: '0' },
    { flags: '--protocol <string>', description: 'tcp or udp', default: 'tcp' },
  ],
  async run(ctx, opts, args) {
    const [{ projectRef, servicePort }, { InvalidOptionError, InvalidArgumentError }] = await Promise.all([
      import('../../cli/wiring/compose-info'),
      import('../../errors/index'),
    ]);
    const [service = '', portArg = ''] = args;
    // strconv.ParseUint(args[1], 10, 16) and cobra's IntVar, with Go's messages.
    if (!/^[0-9]+$/.test(portArg)) throw new InvalidArgumentError(`strconv.ParseUint: parsing ${JSON.stringify(portArg)}: invalid syntax`);
    if (Number(portArg) > 65535) throw new InvalidArgumentError(`strconv.ParseUint: parsing ${JSON.stringify(portArg)}: value out of range`);
    const index = opts.index ?? '0';
    if (!/^[+-]?[0-9]+$/.test(index)) throw new InvalidOptionError(`invalid argument "${index}" for "--index" flag: strconv.ParseInt: parsing ${JSON.stringify(index)}: invalid syntax`);
    const s = await projectRef(ctx, opts);
    ctx.io.stdout.write(`${await servicePort(s, service, Number(portArg), (opts.protocol ?? 'tcp').toLowerCase(), Number(index))}\n`);
  },
});
