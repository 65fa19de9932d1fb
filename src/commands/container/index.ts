/** The `container` group; Docker's top-level aliases (`ps`) are registered in commands/index.ts. */
import { defineGroup } from '../../cli/define';
import ls from './ls';

export default defineGroup({
  name: 'container',
  summary: 'Manage containers',
  commands: [ls],
});
