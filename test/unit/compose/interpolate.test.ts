import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolateTree, substitute, substituteAt } from '../../../src/compose/interpolate';
import { parseDotenv } from '../../../src/compose/dotenv';

const env: Record<string, string> = { A: 'a', EMPTY: '', B: 'b' };
const look = (k: string): string | undefined => env[k];

test('substitute: every compose-go form', () => {
  assert.equal(substitute('$A ${A} x$A', look), 'a a xa');
  assert.equal(substitute('${NOPE:-d} ${EMPTY:-d} ${EMPTY-d}|', look), 'd d |');
  assert.equal(substitute('${A:+x} [${EMPTY:+x}] [${EMPTY+x}] [${NOPE+x}]', look), 'x [] [x] []');
  assert.equal(substitute('$$A $${A} $$', look), '$A ${A} $');
  assert.equal(substitute('${NOPE:-${ALSO:-${A}-n}}', look), 'a-n');
  assert.equal(substitute('${NOPE:-a}}', look), 'a}');
  assert.equal(substitute('${A?}', look), 'a');
  const unset: string[] = [];
  assert.equal(substitute('[$NOPE][${NOPE2}]', look, (n) => unset.push(n)), '[][]');
  assert.deepEqual(unset, ['NOPE', 'NOPE2']);
});

test('substitute: required variables and invalid templates fail naming the variable and path', () => {
  assert.throws(() => substituteAt('${NOPE:?is needed}', 'services.web.image', look), {
    message: 'error while interpolating services.web.image: required variable NOPE is missing a value: is needed',
  });
  assert.throws(() => substituteAt('${EMPTY:?}', 'services.web.image', look), {
    message: 'error while interpolating services.web.image: required variable EMPTY is missing a value',
  });
  assert.equal(substituteAt('${EMPTY?}', 'x', look), '');
  assert.throws(() => substituteAt('${NOPE?gone}', 'x', look), /required variable NOPE is missing a value: gone/);
  assert.equal(substitute('$1 costs $ and $-x', look), '$1 costs $ and $-x');
  for (const bad of ['${}', '${ A}', '${1}', '${A', '${A!x}']) {
    assert.throws(() => substituteAt(bad, 'services.web.command.0', look), {
      message: `invalid interpolation format for services.web.command.0.\nYou may need to escape any $ with another $.\n${bad}`,
    }, bad);
  }
});

test('interpolateTree: values only (not keys), with typed fields cast', () => {
  const doc = { services: { web: { image: '${A}', 'x-$A': 1, deploy: { replicas: '${N}' }, privileged: '${T}', environment: { K: '${N}' } } } };
  const out = interpolateTree(doc, (k) => ({ A: 'a', N: '3', T: 'true' })[k]);
  assert.deepEqual(out, { services: { web: { image: 'a', 'x-$A': 1, deploy: { replicas: 3 }, privileged: true, environment: { K: '3' } } } });
  assert.throws(() => interpolateTree({ services: { w: { deploy: { replicas: '${N}' } } } }, () => 'x'), /failed to cast to expected type/);
});

test('dotenv: export, comments, quotes, multi-line, escapes, interpolation, inherited keys', () => {
  const src = [
    '# comment',
    '',
    'export A=1',
    'B = spaced  ',
    'C=value # comment',
    'D=no#comment',
    "E='single ${A} # kept'",
    'F="double ${A}\\n\\"q\\" \\$A"  # comment',
    'G="multi',
    'line"',
    'H=${A}-${UNDEFINED:-def}',
    'I',
    'J',
    'K: colon',
    'L=',
    '',
  ].join('\n');
  const got = parseDotenv(src, (k) => ({ I: 'from-env' })[k]);
  assert.deepEqual(got, {
    A: '1', B: 'spaced', C: 'value', D: 'no#comment', E: 'single ${A} # kept', F: 'double 1\n"q" $A', G: 'multi\nline',
    H: '1-def', I: 'from-env', K: 'colon', L: '',
  });
});

test('dotenv: the lookup (shell) wins over earlier values of the file; errors name file and line', () => {
  assert.deepEqual(parseDotenv('A=file\nB=${A}', (k) => ({ A: 'shell' })[k]), { A: 'file', B: 'shell' });
  assert.throws(() => parseDotenv('A=1\nB="open', undefined, '/p/.env'), /failed to read \/p\/.env: line 2: unterminated quoted value/);
  assert.throws(() => parseDotenv('A=1\nBAD KEY=1', undefined, '/p/.env'), /\/p\/.env: line 2/);
  assert.throws(() => parseDotenv('A=${B:?need B}', undefined, 'x.env'), /required variable B is missing a value: need B/);
});
