/** The `network` group: CNI networks (bridge, macvlan, ipvlan) stored as conflists, and the built-ins. */
import { defineGroup } from '../../cli/define';
import connect from './connect';
import create from './create';
import disconnect from './disconnect';
import inspect from './inspect';
import ls from './ls';
import prune from './prune';
import rm from './rm';

export default defineGroup({
  name: 'network',
  summary: 'Manage networks',
  commands: [connect, create, disconnect, inspect, ls, prune, rm],
});
