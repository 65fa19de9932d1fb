/** `tsctl network create NAME`: a CNI network (docker/cli cli/command/network/create.go); prints its ID. */
import { defineCommand } from '../../cli/define';

interface Opts {
  driver: string;
  subnet?: string[];
  gateway?: string[];
  ipRange?: string[];
  internal?: boolean;
  attachable?: boolean;
  ipv6?: boolean;
  label?: string[];
  opt?: string[];
  ipamDriver?: string;
}

export default defineCommand<Opts>({
  name: 'create',
  summary: 'Create a network',
  usage: '[OPTIONS] NETWORK',
  args: { min: 1, max: 1 },
  flags: [
    { flags: '-d, --driver <string>', description: 'Driver to manage the Network (bridge, macvlan, ipvlan)', default: 'bridge' },
    { flags: '--subnet <strings>', description: 'Subnet in CIDR format that represents a network segment', repeatable: true },
    { flags: '--gateway <strings>', description: 'IPv4 Gateway for the master subnet', repeatable: true },
    { flags: '--ip-range <strings>', description: 'Allocate container ip from a sub-range', repeatable: true },
    { flags: '--internal', description: 'Restrict external access to the network' },
    { flags: '--attachable', description: 'Enable manual container attachment' },
    { flags: '--ipv6', description: 'Enable IPv6 networking' },
    { flags: '--label <list>', description: 'Set metadata on a network', repeatable: true },
    { flags: '-o, --opt <map>', description: 'Set driver specific options', repeatable: true },
    { flags: '--ipam-driver <string>', description: 'IP Address Management Driver', default: 'default' },
  ],
  async run(ctx, opts, args) {
    const [{ networkDeps }, { kvListToRecord }, errs] = await Promise.all([
      import('../../cli/wiring/networks'),
      import('../../cli/opts/labels'),
      import('../../errors/index'),
    ]);
    if (opts.ipamDriver !== undefined && opts.ipamDriver !== 'default' && opts.ipamDriver !== '') {
      throw new errs.NotFoundError(`Error response from daemon: plugin "${opts.ipamDriver}" not found`);
    }
    const deps = networkDeps(ctx);
    const rec = await deps.store.create({
      name: args[0] ?? '',
      driver: opts.driver,
      subnets: opts.subnet ?? [],
      gateways: opts.gateway ?? [],
      ipRanges: opts.ipRange ?? [],
      internal: opts.internal === true,
      attachable: opts.attachable === true,
      ipv6: opts.ipv6 === true,
      labels: kvListToRecord(opts.label ?? []),
      options: kvListToRecord(opts.opt ?? []),
    });
    ctx.io.stdout.write(`${rec.id}\n`);
  },
});
