/** The `compose` group: Docker Compose v2's commands (src/compose/ loads, plans and runs projects). */
import { defineGroup } from '../../cli/define';
import { COMPOSE_PROJECT_FLAGS } from '../shared-flags';
import config from './config';

export default defineGroup({
  name: 'compose',
  summary: 'Define and run multi-container applications',
  flags: COMPOSE_PROJECT_FLAGS,
  commands: [config],
});
