/** Hidden plumbing run by tsctl's own processes (the container logger's hook), not by users. */
import { defineGroup } from '../../cli/define';
import containerEvent from './container-event';

export default defineGroup({
  name: 'internal',
  hidden: true,
  summary: "tsctl's own plumbing (run by the container logger)",
  commands: [containerEvent],
});
