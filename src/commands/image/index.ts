/** The `image` group; Docker's top-level aliases (`images`, `rmi`) are registered in commands/index.ts. */
import { defineGroup } from '../../cli/define';
import build from './build';
import history from './history';
import ls from './images';
import inspect from './inspect';
import load from './load';
import prune from './prune';
import pull from './pull';
import push from './push';
import rm from './rmi';
import save from './save';
import tag from './tag';

export default defineGroup({
  name: 'image',
  summary: 'Manage images',
  commands: [build, history, inspect, load, ls, prune, pull, push, rm, save, tag],
});
