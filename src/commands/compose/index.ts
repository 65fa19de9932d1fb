/** The `compose` group: Docker Compose v2's commands (src/compose/ loads, plans and runs projects). */
import { defineGroup } from '../../cli/define';
import { COMPOSE_PROJECT_FLAGS } from '../shared-flags';
import config from './config';
import down from './down';
import kill from './kill';
import logs from './logs';
import pause from './pause';
import ps from './ps';
import restart from './restart';
import rm from './rm';
import start from './start';
import stop from './stop';
import unpause from './unpause';
import up from './up';

export default defineGroup({
  name: 'compose',
  summary: 'Define and run multi-container applications',
  flags: COMPOSE_PROJECT_FLAGS,
  commands: [config, down, kill, logs, pause, ps, restart, rm, start, stop, unpause, up],
});
