/** The `container` group; Docker's top-level aliases (`ps`) are registered in commands/index.ts. */
import { defineGroup } from '../../cli/define';
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
import ls from './ls';
import rm from './rm';
import stop from './stop';
import wait from './wait';

export default defineGroup({
  name: 'container',
  summary: 'Manage containers',
  commands: [commit, cp, create, exec, exportCmd, inspect, kill, logs, ls, rm, run, start, stop, wait],
});
