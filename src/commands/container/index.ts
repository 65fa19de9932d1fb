/** The `container` group; Docker's top-level aliases (`ps`) are registered in commands/index.ts. */
import { defineGroup } from '../../cli/define';
import kill from './kill';
import ls from './ls';
import rm from './rm';
import stop from './stop';
import wait from './wait';

export default defineGroup({
  name: 'container',
  summary: 'Manage containers',
  commands: [kill, ls, rm, stop, wait],
});
