import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoistGlobalFlags } from '../../../src/cli/globals';
import { commandShape } from '../../../src/cli/program';

const shape = commandShape();
const hoist = (s: string) => hoistGlobalFlags(s.split(' ').filter(Boolean), shape);

test('global flags before the command stay in front', () => {
  assert.deepEqual(hoist('--namespace x namespace ls'), ['--namespace', 'x', 'namespace', 'ls']);
});

test('global flags after the command are hoisted in front of it', () => {
  assert.deepEqual(hoist('namespace ls -n x --debug'), ['-n', 'x', '--debug', 'namespace', 'ls']);
  assert.deepEqual(hoist('version --address=/tmp/c.sock -f {{.Client.Version}}'), ['--address=/tmp/c.sock', 'version', '-f', '{{.Client.Version}}']);
  assert.deepEqual(hoist('ns rm a --address /s b'), ['--address', '/s', 'ns', 'rm', 'a', 'b']);
});

test("a command's own flag of the same name wins over the global one", () => {
  // namespace ls has -q but not -n/-a; version has -f. Here -f belongs to version, its value must not be taken as a command.
  assert.deepEqual(hoist('version -f json -a /s'), ['-a', '/s', 'version', '-f', 'json']);
});

test('a flag value that looks like a command name is not taken as a command', () => {
  assert.deepEqual(hoist('-n version version'), ['-n', 'version', 'version']);
});

test('-- ends hoisting', () => {
  assert.deepEqual(hoist('ns rm -- --debug'), ['ns', 'rm', '--', '--debug']);
});

test('--help is never hoisted', () => {
  assert.deepEqual(hoist('namespace ls --help'), ['namespace', 'ls', '--help']);
});

test('booleans accept =true / =false as pflag does', () => {
  assert.deepEqual(hoist('namespace ls --quiet=true'), ['namespace', 'ls', '--quiet']);
  assert.deepEqual(hoist('namespace ls -q=true'), ['namespace', 'ls', '-q']);
  assert.deepEqual(hoist('namespace ls --quiet=false'), ['namespace', 'ls']);
  assert.deepEqual(hoist('ps --no-trunc=true -a=false'), ['ps', '--no-trunc']);
  assert.deepEqual(hoist('ps --debug=true'), ['--debug', 'ps']);
  assert.deepEqual(hoist('ps --quiet=maybe'), ['ps', '--quiet=maybe']);
});

test("a group's flags before the verb move after it in long form (compose -f x logs -f); global ones are still hoisted", () => {
  assert.deepEqual(hoist('compose -f a.yaml --profile dev -n ns config --services'), ['-n', 'ns', 'compose', 'config', '--file', 'a.yaml', '--profile', 'dev', '--services']);
  assert.deepEqual(hoist('compose -p=x config'), ['compose', 'config', '--project-name=x']);
  // The verb's own -f (logs --follow) stays apart from the group's -f (--file).
  assert.deepEqual(hoist('compose -f a.yaml logs -f'), ['compose', 'logs', '--file', 'a.yaml', '-f']);
  // A value that looks like a verb stays the flag's value.
  assert.deepEqual(hoist('compose -p config config'), ['compose', 'config', '--project-name', 'config']);
  assert.deepEqual(hoist('compose -f a.yaml'), ['compose', '--file', 'a.yaml']);
});
