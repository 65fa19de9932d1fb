/** The `builder` group: BuildKit builds and its cache. */
import { defineGroup } from '../../cli/define';
import build from '../image/build';
import du from './du';
import prune from './prune';

export default defineGroup({
  name: 'builder',
  summary: 'Manage builds',
  commands: [build, du, prune],
});
