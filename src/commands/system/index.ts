/** The `system` group; `info` and `version` are also top-level, as in Docker. */
import { defineGroup } from '../../cli/define';
import info from './info';

export default defineGroup({
  name: 'system',
  summary: 'Manage tsctl',
  commands: [info],
});
