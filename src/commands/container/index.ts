/** The `container` group; Docker's top-level aliases (`ps`) are registered in commands/index.ts. */
import { defineGroup } from '../../cli/define';
import attach from './attach';
import commit from './commit';
import cp from './cp';
import create from './create';
import exportCmd from './export';
import inspect from './inspect';
import exec from './exec';
import kill from './kill';
import logs from './logs';
import run from './run';
import start from './start';
import stats from './stats';
import ls from './ls';
import rm from './rm';
import stop from './stop';
import wait from './wait';
import pause from './pause';
import port from './port';
import unpause from './unpause';
import rename from './rename';
import top from './top';
import prune from './prune';
import restart from './restart';

export default defineGroup({
  name: 'container',
  summary: 'Manage containers',
  commands: [attach, commit, cp, create, exec, exportCmd, inspect, kill, logs, ls, pause, port, prune, rename, restart, rm, run, start, stats, stop, top, unpause, wait],
});
