import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TsctlError } from '../../../../src/errors/index';
import type { ContainerConfig } from '../../../../src/oci/types';
import {
  NO_COMMAND_MESSAGE,
  containerEnv,
  mergeConfigEnv,
  replaceOrAppendEnv,
  resolveCommand,
  resolveWorkingDir,
} from '../../../../src/services/containers/spec/process';
import { buildSpec } from '../../../../src/services/containers/spec/build';
import { image, input } from './fixtures';

// Dockerfile reference, "Understand how CMD and ENTRYPOINT interact": the image config holds both forms as
// arrays (shell form is ["/bin/sh", "-c", "…"]).
const SHELL_EP = ['/bin/sh', '-c', 'exec_entry p1_entry'];
const EXEC_EP = ['exec_entry', 'p1_entry'];
const CMD_EXEC = ['exec_cmd', 'p1_cmd'];
const CMD_DEFAULT = ['p1_cmd', 'p2_cmd'];
const CMD_SHELL = ['/bin/sh', '-c', 'exec_cmd p1_cmd'];

test('Docker documented ENTRYPOINT × CMD table', () => {
  const rows: [ContainerConfig, string[] | 'error'][] = [
    [{}, 'error'],
    [{ Entrypoint: SHELL_EP }, SHELL_EP],
    [{ Entrypoint: EXEC_EP }, EXEC_EP],
    [{ Cmd: CMD_DEFAULT }, CMD_DEFAULT],
    [{ Entrypoint: SHELL_EP, Cmd: CMD_DEFAULT }, [...SHELL_EP, ...CMD_DEFAULT]],
    [{ Entrypoint: EXEC_EP, Cmd: CMD_DEFAULT }, ['exec_entry', 'p1_entry', 'p1_cmd', 'p2_cmd']],
    [{ Cmd: CMD_SHELL }, CMD_SHELL],
    [{ Entrypoint: SHELL_EP, Cmd: CMD_SHELL }, [...SHELL_EP, ...CMD_SHELL]],
    [{ Entrypoint: EXEC_EP, Cmd: CMD_SHELL }, ['exec_entry', 'p1_entry', '/bin/sh', '-c', 'exec_cmd p1_cmd']],
    [{ Entrypoint: EXEC_EP, Cmd: CMD_EXEC }, ['exec_entry', 'p1_entry', 'exec_cmd', 'p1_cmd']],
  ];
  for (const [cfg, want] of rows) {
    if (want === 'error') assert.throws(() => resolveCommand(cfg, {}), { message: NO_COMMAND_MESSAGE });
    else assert.deepEqual(resolveCommand(cfg, {}).argv, want, JSON.stringify(cfg));
  }
});

test('run overrides: args replace CMD, --entrypoint drops the image CMD, --entrypoint "" clears both', () => {
  const cfg: ContainerConfig = { Entrypoint: ['/entry'], Cmd: ['default'] };
  assert.deepEqual(resolveCommand(cfg, { cmd: ['x', 'y'] }), { entrypoint: ['/entry'], cmd: ['x', 'y'], argv: ['/entry', 'x', 'y'] });
  assert.deepEqual(resolveCommand(cfg, { entrypoint: ['/bin/echo'] }), { entrypoint: ['/bin/echo'], cmd: null, argv: ['/bin/echo'] });
  assert.deepEqual(resolveCommand(cfg, { entrypoint: ['/bin/echo'], cmd: ['hi'] }).argv, ['/bin/echo', 'hi']);
  assert.deepEqual(resolveCommand(cfg, { entrypoint: [''], cmd: ['ls', '-l'] }), { entrypoint: null, cmd: ['ls', '-l'], argv: ['ls', '-l'] });
  assert.throws(() => resolveCommand(cfg, { entrypoint: [''] }), { message: NO_COMMAND_MESSAGE });
  assert.throws(() => resolveCommand(undefined, {}), (e: unknown) => e instanceof TsctlError && e.code === 'INVALID_ARGUMENT');
  // Empty args are "no args": the image CMD stays.
  assert.deepEqual(resolveCommand({ Cmd: ['sh'] }, { cmd: [] }).argv, ['sh']);
  // Null fields in the image config are "unset".
  assert.deepEqual(resolveCommand({ Entrypoint: null, Cmd: ['true'] }, {}).argv, ['true']);
});

test('buildSpec puts the resolved command in process.args and fails without one', () => {
  const s = buildSpec(input({ image: image({ Entrypoint: ['/e'], Cmd: ['c'] }), cmd: ['a'] }));
  assert.deepEqual(s.process.args, ['/e', 'a']);
  assert.throws(() => buildSpec(input({ image: image({}) })), { message: 'no command specified' });
});

test('env: Config.Env merge and Docker daemon environment', () => {
  assert.deepEqual(mergeConfigEnv(['PATH=/img', 'A=1', 'B=2'], []), ['PATH=/img', 'A=1', 'B=2']);
  assert.deepEqual(mergeConfigEnv(['PATH=/img', 'A=1', 'B=2'], ['A=x', 'C=3']), ['A=x', 'C=3', 'PATH=/img', 'B=2']);
  assert.deepEqual(mergeConfigEnv(undefined, ['A=1']), ['A=1']);
  assert.deepEqual(containerEnv(['PATH=/img', 'A=1'], { hostname: 'h1', tty: false }), ['PATH=/img', 'HOSTNAME=h1', 'A=1']);
  assert.deepEqual(containerEnv(['A=1'], { hostname: 'h1', tty: true }), [
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'HOSTNAME=h1',
    'TERM=xterm',
    'A=1',
  ]);
  // A bare KEY unsets a default; HOSTNAME/TERM from the user win.
  assert.deepEqual(replaceOrAppendEnv(['PATH=/p', 'HOSTNAME=h', 'TERM=xterm'], ['TERM', 'HOSTNAME=mine']), ['PATH=/p', 'HOSTNAME=mine']);
  const s = buildSpec(input({ env: ['PATH=/x', 'K=v'] }));
  assert.deepEqual(s.process.env, ['PATH=/x', 'K=v']);
});

test('working dir: -w, image WORKDIR, "/"; relative is rejected', () => {
  assert.equal(resolveWorkingDir({ WorkingDir: '/app' }, undefined), '/app');
  assert.equal(resolveWorkingDir({ WorkingDir: '/app' }, '/srv'), '/srv');
  assert.equal(resolveWorkingDir({}, undefined), '/');
  assert.equal(resolveWorkingDir(undefined, ''), '/');
  assert.throws(() => resolveWorkingDir({}, 'rel'), { message: "the working directory 'rel' is invalid, it needs to be an absolute path" });
  assert.equal(buildSpec(input({ image: image({ Cmd: ['sh'], WorkingDir: '/w' }) })).process.cwd, '/w');
});

test('user: uid/gid with the primary gid first in additionalGids; root by default', () => {
  assert.deepEqual(buildSpec(input()).process.user, { uid: 0, gid: 0, additionalGids: [0] });
  const s = buildSpec(input({ user: { uid: 1000, gid: 100, additionalGids: [10, 27] } }));
  assert.deepEqual(s.process.user, { uid: 1000, gid: 100, additionalGids: [100, 10, 27] });
});

test('hostname defaults to the short id; tty sets terminal and console size', () => {
  const s = buildSpec(input());
  assert.equal(s.hostname, '0123456789ab');
  assert.equal(s.process.terminal, false);
  assert.equal(s.process.consoleSize, undefined);
  const t = buildSpec(input({ hostname: 'web', tty: true, consoleSize: { height: 40, width: 120 } }));
  assert.equal(t.hostname, 'web');
  assert.equal(t.process.terminal, true);
  assert.deepEqual(t.process.consoleSize, { height: 40, width: 120 });
});
