import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkArgCount } from '../../../src/cli/program';
import { VERSION } from '../../../src/cli/meta';
import type { CommandSpec } from '../../../src/cli/define';
import { ArgCountError } from '../../../src/errors/index';

const spec = (min: number, max?: number): CommandSpec => ({
  name: 'rm', summary: '', usage: '[OPTIONS] NAMESPACE [NAMESPACE...]', args: max === undefined ? { min } : { min, max }, run: async () => undefined,
});

function message(min: number, max: number | undefined, n: number): string | undefined {
  try {
    checkArgCount(['namespace', 'rm'], spec(min, max), Array.from({ length: n }, (_, i) => `a${i}`));
    return undefined;
  } catch (e) {
    assert.ok(e instanceof ArgCountError);
    assert.equal(e.usage, 'tsctl namespace rm [OPTIONS] NAMESPACE [NAMESPACE...]');
    return e.message;
  }
}

test("argument counts use Docker's wording", () => {
  assert.equal(message(1, undefined, 0), "tsctl: 'tsctl namespace rm' requires at least 1 argument");
  assert.equal(message(2, undefined, 1), "tsctl: 'tsctl namespace rm' requires at least 2 arguments");
  assert.equal(message(1, 1, 2), "tsctl: 'tsctl namespace rm' requires exactly 1 argument");
  assert.equal(message(0, 0, 1), "tsctl: 'tsctl namespace rm' accepts no arguments");
  assert.equal(message(0, 2, 3), "tsctl: 'tsctl namespace rm' requires at most 2 arguments");
  assert.equal(message(1, 3, 0), "tsctl: 'tsctl namespace rm' requires at least 1 and at most 3 arguments");
  assert.equal(message(1, undefined, 5), undefined);
});

test('the client version matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
});
