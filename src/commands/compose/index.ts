/** The `compose` group: Docker Compose v2's commands (src/compose/ loads, plans and runs projects). */
import { defineGroup } from '../../cli/define';
import { COMPOSE_PROJECT_FLAGS } from '../shared-flags';
import build from './build';
import config from './config';
import create from './create';
import down from './down';
import exec from './exec';
import images from './images';
import kill from './kill';
import logs from './logs';
import ls from './ls';
import pause from './pause';
import port from './port';
import ps from './ps';
import pull from './pull';
import push from './push';
import restart from './restart';
import run from './run';
import rm from './rm';
import start from './start';
import stop from './stop';
import top from './top';
import unpause from './unpause';
import up from './up';
import version from './version';

export default defineGroup({
  name: 'compose',
  summary: 'Define and run multi-container applications',
  flags: COMPOSE_PROJECT_FLAGS,
  commands: [build, config, create, down, exec, images, kill, logs, ls, pause, port, ps, pull, push, restart, rm, run, start, stop, top, unpause, up, version],
});
