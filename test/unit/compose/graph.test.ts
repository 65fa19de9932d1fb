import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDependencies, findCycle, startOrder } from '../../../src/compose/graph';
import type { ServiceConfig } from '../../../src/compose/model';

function svc(name: string, deps: string[] = []): ServiceConfig {
  return {
    name, environment: {}, labels: {}, ports: [], expose: [], volumes: [],
    depends_on: Object.fromEntries(deps.map((d) => [d, { condition: 'service_started' as const, required: true }])),
  };
}
const graph = (spec: Record<string, string[]>): Record<string, ServiceConfig> =>
  Object.fromEntries(Object.entries(spec).map(([n, d]) => [n, svc(n, d)]));

test('start order: dependencies first, ties by name', () => {
  assert.deepEqual(startOrder(graph({ web: ['api', 'db'], api: ['db'], db: [], cache: [] })), ['db', 'api', 'cache', 'web']);
});

test('cycles: found as a path; self-dependency too', () => {
  assert.deepEqual(findCycle(graph({ a: ['b'], b: ['a'] })), ['a', 'b', 'a']);
  assert.deepEqual(findCycle(graph({ a: ['a'] })), ['a', 'a']);
  assert.equal(findCycle(graph({ a: ['b'], b: [] })), undefined);
  assert.throws(() => checkDependencies(graph({ x: ['y'], y: ['z'], z: ['y'] })), { message: 'dependency cycle detected: y -> z -> y' });
  assert.throws(() => checkDependencies(graph({ x: ['nope'] })), { message: 'service "x" depends on undefined service "nope": invalid compose project' });
});
