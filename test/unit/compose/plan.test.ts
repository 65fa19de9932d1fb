import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../../src/compose/load';
import { formatPlan, planDown, planUp, selectServices, serviceHash, type Observed, type ObservedContainer } from '../../../src/compose/plan';
import type { Project } from '../../../src/compose/model';
import { memHost } from './host';

function project(yaml: string, name = 'demo'): Project {
  return loadProject({ projectName: name }, memHost({ '/p/compose.yaml': yaml }));
}

const YAML = `
services:
  db:
    image: busybox
    volumes: [data:/data]
  web:
    image: busybox
    depends_on: [db]
    networks: [front, default]
  tool:
    image: busybox
    profiles: [tools]
networks:
  front: {}
  unused: {}
volumes:
  data: {}
`;

function observed(p: Project, cs: Partial<ObservedContainer>[] = [], nets: string[] = [], vols: string[] = []): Observed {
  return {
    containers: cs.map((c, i) => ({
      id: `id${i}`, service: 'db', number: 1, state: 'running', exitCode: 0, oneoff: false,
      name: `${p.name}-${c.service ?? 'db'}-${c.number ?? 1}`,
      hash: serviceHash(p.services[c.service ?? 'db'] ?? p.services.db!), ...c,
    })),
    networks: new Set(nets),
    volumes: new Set(vols),
  };
}

test('fresh project: networks and volumes the services use, containers created in dependency order', () => {
  const p = project(YAML);
  const plan = planUp(p, observed(p));
  assert.deepEqual(formatPlan(plan), [
    'network demo_front: create',
    'network demo_default: create',
    'volume demo_data: create',
    'container demo-db-1: create',
    'container demo-web-1: create',
  ]);
});

test('unchanged running containers stay, stopped ones start, changed ones are recreated', () => {
  const p = project(YAML);
  const obs = observed(p, [{ service: 'db' }, { service: 'web', state: 'exited' }], ['demo_front', 'demo_default'], ['demo_data']);
  assert.deepEqual(formatPlan(planUp(p, obs)).slice(3), ['container demo-db-1: running', 'container demo-web-1: start']);
  const changed = observed(p, [{ service: 'db', hash: 'old' }, { service: 'web' }]);
  assert.deepEqual(formatPlan(planUp(p, changed)).slice(3), ['container demo-db-1: recreate', 'container demo-web-1: running']);
  assert.deepEqual(formatPlan(planUp(p, changed, { noRecreate: true })).slice(3), ['container demo-db-1: running', 'container demo-web-1: running']);
  assert.deepEqual(formatPlan(planUp(p, changed, { forceRecreate: true })).slice(3), ['container demo-db-1: recreate', 'container demo-web-1: recreate']);
});

test('the hash ignores what does not change the container (replicas, depends_on, build)', () => {
  const a = project('services: {a: {image: busybox, deploy: {replicas: 2}, depends_on: [b]}, b: {image: busybox}}').services.a!;
  const b = project('services: {a: {image: busybox, deploy: {replicas: 5}, build: .}, b: {image: busybox}}').services.a!;
  const c = project('services: {a: {image: busybox, environment: [X=1]}}').services.a!;
  assert.equal(serviceHash(a), serviceHash(b));
  assert.notEqual(serviceHash(a), serviceHash(c));
});

test('scale: new numbers fill gaps, scale down removes the highest numbers, container_name', () => {
  const p = project(YAML);
  const obs = observed(p, [{ service: 'db', number: 2, id: 'two' }]);
  assert.deepEqual(formatPlan(planUp(p, obs, { scale: { db: 3 }, services: ['db'] })).slice(2), [
    'container demo-db-2: running', 'container demo-db-1: create', 'container demo-db-3: create',
  ]);
  const three = observed(p, [{ service: 'db', number: 1 }, { service: 'db', number: 2 }, { service: 'db', number: 3 }]);
  const down = planUp(p, three, { scale: { db: 1 }, services: ['db'] });
  assert.deepEqual(down.services[0]!.steps.map((s) => `${s.kind} ${s.number}`), ['remove 2', 'remove 3', 'running 1']);
  const named = project('services: {x: {image: busybox, container_name: fixed}}');
  assert.deepEqual(formatPlan(planUp(named, observed(named))), ['network demo_default: create', 'container fixed: create']);
});

test('orphans are reported (removed with --remove-orphans); disabled profile services are not orphans', () => {
  const p = project(YAML);
  const obs = observed(p, [{ service: 'gone', id: 'g' }, { service: 'tool', id: 't' }, { service: 'db', oneoff: true, id: 'run' }]);
  const plan = planUp(p, obs, { services: ['db'] });
  assert.deepEqual(plan.orphans.map((o) => o.id), ['g']);
  assert.ok(formatPlan(plan).includes('container demo-gone-1: orphan'));
  assert.ok(formatPlan(planUp(p, obs, { removeOrphans: true })).includes('container demo-gone-1: remove orphan'));
});

test('selected services bring their dependencies unless --no-deps', () => {
  const p = project(YAML);
  assert.deepEqual(selectServices(p, ['web']), ['db', 'web']);
  assert.deepEqual(selectServices(p, ['web'], true), ['web']);
  assert.deepEqual(selectServices(p, []), ['db', 'web']);
});

test('down: dependents first, orphans only with --remove-orphans, volumes only with -v, external ones kept', () => {
  const p = project(`${YAML}\n  ext: {external: true}\n`);
  const obs = observed(p, [{ service: 'db', id: 'd' }, { service: 'web', id: 'w' }, { service: 'gone', id: 'g' }, { service: 'db', oneoff: true, id: 'r' }], ['demo_front', 'demo_default', 'demo_unused'], ['demo_data', 'ext']);
  const plain = planDown(p, obs, {});
  assert.deepEqual(plain.containers.map((c) => c.id), ['w', 'd', 'r']);
  assert.deepEqual(plain.networks, ['demo_front', 'demo_unused', 'demo_default']);
  assert.deepEqual(plain.volumes, []);
  const all = planDown(p, obs, { removeOrphans: true, volumes: true });
  assert.deepEqual(all.containers.map((c) => c.id), ['g', 'w', 'd', 'r']);
  assert.deepEqual(all.volumes, ['demo_data']);
});

test('depends_on restart: true — a running dependent is restarted when its dependency is recreated', () => {
  const p = project(`
services:
  db: {image: busybox}
  app: {image: busybox, depends_on: {db: {condition: service_started, restart: true}}}
  other: {image: busybox, depends_on: [db]}
`);
  const obs = observed(p, [{ service: 'db', hash: 'old' }, { service: 'app', hash: serviceHash(p.services.app!) }, { service: 'other', hash: serviceHash(p.services.other!) }]);
  assert.deepEqual(formatPlan(planUp(p, obs)).slice(1), ['container demo-db-1: recreate', 'container demo-app-1: restart', 'container demo-other-1: running']);
});

test('a container made from another image than the service has now is recreated (rebuilt or re-pulled image)', () => {
  const p = project(YAML);
  const obs = { ...observed(p, [{ service: 'db', imageId: 'sha256:old' }, { service: 'web', imageId: 'sha256:same', hash: serviceHash(p.services.web!) }]), images: new Map([['db', 'sha256:new'], ['web', 'sha256:same']]) };
  assert.deepEqual(formatPlan(planUp(p, obs)).slice(3), ['container demo-db-1: recreate', 'container demo-web-1: running']);
});
