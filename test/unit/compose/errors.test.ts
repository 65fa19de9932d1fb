import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../../src/compose/load';
import { ConfigError } from '../../../src/errors/index';
import { memHost } from './host';

/** Loads /p/compose.yaml with `yaml` (plus other files) and returns the error message. */
function fails(yaml: string, files: Record<string, string> = {}, env: Record<string, string> = {}): string {
  try {
    loadProject({}, memHost({ '/p/compose.yaml': yaml, ...files }, env, '/p'));
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message;
  }
  assert.fail('loaded without an error');
}

test('schema: unknown keys, wrong types, enums, required properties — with the file and the path', () => {
  assert.equal(fails('services: {}\nbogus: 1\n'), "validating /p/compose.yaml: (root) additional properties 'bogus' not allowed");
  assert.equal(fails('services:\n  web: {image: x, imagee: y}\n'), "validating /p/compose.yaml: services.web additional properties 'imagee' not allowed");
  assert.equal(fails('services:\n  web: {image: x, ports: [[80]]}\n'), 'validating /p/compose.yaml: services.web.ports.0 must be a mapping, number or string');
  assert.equal(fails('services:\n  web: {image: 5}\n'), 'validating /p/compose.yaml: services.web.image must be a string');
  assert.equal(fails('services:\n  web: {image: x, privileged: [1]}\n'), 'validating /p/compose.yaml: services.web.privileged must be a boolean or string');
  assert.equal(fails('services:\n  web: {image: x, cgroup: bogus}\n'), 'validating /p/compose.yaml: services.web.cgroup value must be one of "host", "private"');
  assert.equal(fails('services:\n  web: {image: x, depends_on: {db: {condition: later}}}\n  db: {image: y}\n'),
    'validating /p/compose.yaml: services.web.depends_on.db.condition value must be one of "service_started", "service_healthy", "service_completed_successfully"');
  assert.equal(fails('services:\n  web: {image: x, volumes: [{source: a, target: /b}]}\n'), "validating /p/compose.yaml: services.web.volumes.0 missing property 'type'");
  assert.equal(fails('services:\n  web: {image: x, networks: {front: {alias: [a]}}}\nnetworks: {front: {}}\n'),
    "validating /p/compose.yaml: services.web.networks.front additional properties 'alias' not allowed");
  assert.equal(fails('services:\n  web: {image: x}\nvolumes:\n  data: {driverr: local}\n'), "validating /p/compose.yaml: volumes.data additional properties 'driverr' not allowed");
  // x- extensions are allowed anywhere.
  loadProject({}, memHost({ '/p/compose.yaml': 'x-top: 1\nservices:\n  web: {image: x, x-mine: {a: 1}}\n' }));
});

test('YAML: syntax errors, duplicate keys, empty and non-mapping files', () => {
  assert.match(fails('services:\n  web: [\n'), /^failed to parse \/p\/compose.yaml: yaml: line \d+: /);
  assert.match(fails('services:\n  web: {image: x}\n  web: {image: y}\n'), /^failed to parse \/p\/compose.yaml: yaml: line 3: Map keys must be unique/);
  assert.equal(fails(''), 'empty compose file');
  assert.equal(fails('- a\n'), 'top-level object must be a mapping');
});

test('services: no image nor build, undefined references, bad ports, inconsistent scale', () => {
  assert.equal(fails('services:\n  web: {command: x}\n'), 'service "web" has neither an image nor a build context specified: invalid compose project');
  assert.equal(fails('services:\n  web: {image: x, networks: [front]}\n'), 'service "web" refers to undefined network front: invalid compose project');
  assert.equal(fails('services:\n  web: {image: x, volumes: ["data:/d"]}\n'), 'service "web" refers to undefined volume data: invalid compose project');
  assert.equal(fails('services:\n  web: {image: x, secrets: [s]}\n'), 'service "web" refers to undefined secret s: invalid compose project');
  assert.equal(fails('services:\n  web: {image: x, configs: [c]}\n'), 'service "web" refers to undefined config c: invalid compose project');
  assert.equal(fails('services:\n  web: {image: x, ports: ["80/foo"]}\n'), 'invalid proto: foo');
  assert.equal(fails('services:\n  web: {image: x, scale: 2, deploy: {replicas: 3}}\n'), 'service "web" has inconsistent scale (2) and deploy.replicas (3): invalid compose project');
  assert.equal(fails('services:\n  web: {image: x, network_mode: host, networks: [a]}\nnetworks: {a: {}}\n'),
    'service "web" declares mutually exclusive `network_mode` and `networks`: invalid compose project');
  assert.equal(fails('services:\n  web: {image: x, healthcheck: {interval: "10"}}\n'), 'services.web.healthcheck.interval: time: invalid duration "10"');
});

test('files: missing env_file, secret file, secret environment variable', () => {
  assert.equal(fails('services:\n  web: {image: x, env_file: web.env}\n'), 'env file /p/web.env not found: stat /p/web.env: no such file or directory');
  assert.equal(fails('services:\n  web: {image: x, secrets: [s]}\nsecrets: {s: {file: ./s.txt}}\n'), 'secret "s" file /p/s.txt not found: stat /p/s.txt: no such file or directory');
  assert.equal(fails('services:\n  web: {image: x, secrets: [s]}\nsecrets: {s: {environment: TOKEN}}\n'), 'secret "s" environment variable TOKEN is not set');
});

test('dependencies: undefined services and cycles (also through implicit dependencies)', () => {
  assert.equal(fails('services:\n  web: {image: x, depends_on: [db]}\n'), 'service "web" depends on undefined service "db": invalid compose project');
  assert.equal(fails('services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [c]}\n  c: {image: x, depends_on: [a]}\n'),
    'dependency cycle detected: a -> b -> c -> a');
  assert.equal(fails('services:\n  a: {image: x, network_mode: "service:b"}\n  b: {image: x, depends_on: [a]}\n'), 'dependency cycle detected: a -> b -> a');
  const p = loadProject({}, memHost({ '/p/compose.yaml': 'services:\n  web: {image: x, depends_on: {db: {condition: service_started, required: false}}}\n' }));
  assert.match(p.warnings.join('\n'), /depends on undefined service "db" \(required: false\): ignored/);
});

test('schema: single types and mappings in compose-go\'s words', () => {
  assert.equal(fails('services:\n  web: {image: x, labels: 5}\n'), 'validating /p/compose.yaml: services.web.labels must be a array or mapping');
  assert.equal(fails('services: []\n'), 'validating /p/compose.yaml: services must be a mapping');
  assert.equal(fails('services:\n  web: {image: x, cap_add: cap}\n'), 'validating /p/compose.yaml: services.web.cap_add must be a array');
});
