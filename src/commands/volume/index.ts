/** The `volume` group: Docker's local volumes (state/volumes.ts). */
import { defineGroup } from '../../cli/define';
import create from './create';
import inspect from './inspect';
import ls from './ls';
import prune from './prune';
import rm from './rm';

export default defineGroup({
  name: 'volume',
  summary: 'Manage volumes',
  commands: [create, inspect, ls, prune, rm],
});
