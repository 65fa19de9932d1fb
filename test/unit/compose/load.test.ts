import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../../src/compose/load';
import { configDocument, serviceNames, volumeNames } from '../../../src/compose/config';
import { renderComposeConfig } from '../../../src/output/views/compose';
import { FIXTURES, fixtureHost, memHost } from './host';

test('basic fixture: discovery with the override file, name from the directory, .env, anchors and merge keys', () => {
  const p = loadProject({}, fixtureHost('basic', { FROM_SHELL: 'shell' }));
  const dir = `${FIXTURES}/basic`;
  assert.equal(p.name, 'basic');
  assert.equal(p.workingDir, dir);
  assert.deepEqual(p.composeFiles, [`${dir}/compose.yaml`, `${dir}/compose.override.yaml`]);
  const web = p.services.web!;
  assert.equal(web.image, 'busybox:1.36');
  assert.equal(web.restart, 'unless-stopped');
  // Override merge: labels map merged, command replaced, ports merged by key (8080:80 once), volumes by target.
  assert.deepEqual(web.labels, { tier: 'frontend' });
  assert.deepEqual(p.services.db!.labels, { tier: 'backend' });
  assert.deepEqual(web.command, ['sleep', '60']);
  assert.deepEqual(web.ports.map((x) => `${x.host_ip ?? ''}:${x.published}:${x.target}/${x.protocol}`), [
    ':8080:80/tcp', '127.0.0.1:9000:9000/udp', '127.0.0.1:9001:9001/udp', ':8443:443/tcp',
  ]);
  assert.deepEqual(web.volumes.map((v) => [v.type, v.source, v.target, v.read_only]), [
    ['bind', `${dir}/other`, '/app', undefined], ['volume', 'data', '/data', undefined], ['bind', '/tmp/cache', '/cache', undefined],
  ]);
  assert.deepEqual(web.environment, { GREETING: 'hi there', FROM_SHELL: 'shell', EXTRA: 'yes' });
  assert.deepEqual(web.depends_on, { db: { condition: 'service_started', required: true } });
  assert.deepEqual(web.networks, { front: { aliases: ['www'] }, back: null });
  assert.deepEqual(web.healthcheck, { test: ['CMD-SHELL', 'wget -q -O- http://localhost/'], interval: 90e9, timeout: 5e8, retries: 3 });
  assert.deepEqual(p.services.db!.entrypoint, ['/bin/sh', '-c']);
  assert.equal(p.services.db!.deploy?.replicas, 2);
  assert.deepEqual(p.networks, { front: { name: 'basic_front' }, back: { external: true, name: 'shared-back' } });
  assert.deepEqual(p.volumes, { data: { name: 'basic_data' } });
});

test('project name: -p > COMPOSE_PROJECT_NAME > name: > directory (normalised); explicit names are checked', () => {
  const files = { '/work/My_App.v2/compose.yaml': 'services: {a: {image: x}}\n' };
  assert.equal(loadProject({}, memHost(files, {}, '/work/My_App.v2')).name, 'my_appv2');
  assert.equal(loadProject({}, memHost(files, { COMPOSE_PROJECT_NAME: 'fromenv' }, '/work/My_App.v2')).name, 'fromenv');
  assert.equal(loadProject({ projectName: 'flag' }, memHost(files, { COMPOSE_PROJECT_NAME: 'fromenv' }, '/work/My_App.v2')).name, 'flag');
  const named = { '/p/compose.yaml': 'name: top-level\nservices: {a: {image: x}}\n' };
  assert.equal(loadProject({}, memHost(named, {}, '/p')).name, 'top-level');
  assert.throws(() => loadProject({ projectName: 'Bad Name' }, memHost(named, {}, '/p')), {
    message: 'invalid project name "Bad Name": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number',
  });
  assert.throws(() => loadProject({}, memHost({ '/__/compose.yaml': 'services: {a: {image: x}}' }, {}, '/__')), /project name must not be empty/);
  // COMPOSE_PROJECT_NAME from .env counts too.
  assert.equal(loadProject({}, memHost({ ...named, '/p/.env': 'COMPOSE_PROJECT_NAME=dotenv' }, {}, '/p')).name, 'dotenv');
});

test('file discovery: compose.yaml preferred, parents searched, COMPOSE_FILE, -f and --project-directory', () => {
  const files = {
    '/r/compose.yaml': 'services: {a: {image: one}}',
    '/r/docker-compose.yml': 'services: {a: {image: two}}',
    '/r/docker-compose.override.yml': 'services: {a: {environment: [X=1]}}',
    '/r/extra.yaml': 'services: {b: {image: three}}',
    '/r/sub/other.yml': 'services: {c: {image: four, volumes: [./d:/d]}}',
  };
  const p = loadProject({}, memHost(files, {}, '/r/deep/er'));
  assert.deepEqual(p.composeFiles, ['/r/compose.yaml', '/r/docker-compose.override.yml']);
  assert.equal(p.services.a!.image, 'one');
  assert.deepEqual(p.services.a!.environment, { X: '1' });
  assert.deepEqual(p.warnings, ['Found multiple config files with supported names: /r/compose.yaml, /r/docker-compose.yml', 'Using /r/compose.yaml']);
  const viaEnv = loadProject({}, memHost(files, { COMPOSE_FILE: 'compose.yaml:extra.yaml' }, '/r'));
  assert.deepEqual(serviceNames(viaEnv), ['a', 'b']);
  // -f: the project directory is the first file's; relative paths resolve against it.
  const f = loadProject({ files: ['sub/other.yml'] }, memHost(files, {}, '/r'));
  assert.equal(f.workingDir, '/r/sub');
  assert.equal(f.services.c!.volumes[0]!.source, '/r/sub/d');
  const pd = loadProject({ files: ['sub/other.yml'], projectDirectory: '/elsewhere' }, memHost(files, {}, '/r'));
  assert.equal(pd.name, 'elsewhere');
  assert.equal(pd.services.c!.volumes[0]!.source, '/elsewhere/d');
  assert.throws(() => loadProject({}, memHost({}, {}, '/empty')), { message: 'no configuration file provided: not found' });
  assert.throws(() => loadProject({ files: ['nope.yaml'] }, memHost({}, {}, '/r')), { message: 'open /r/nope.yaml: no such file or directory' });
});

test('interp fixture: every interpolation form, .env quoting, typed casts, --env-file replacing .env', () => {
  const p = loadProject({}, fixtureHost('interp'));
  assert.equal(p.name, 'interp-demo');
  assert.deepEqual(p.services.app!.environment, {
    PLAIN: 'from-dotenv', BRACED: 'from-dotenv', DEFAULT_UNSET: 'fallback', DEFAULT_EMPTY_COLON: 'colon', DEFAULT_EMPTY_DASH: '[]',
    ALT_SET: 'alt', ALT_EMPTY_COLON: '[]', ALT_EMPTY_PLUS: 'alt', NESTED: 'from-dotenv-nested', DOLLAR: '$HOME and ${PLAIN}',
    REQUIRED: 'from-dotenv', FROM_DOTENV: 'line one\nline "two" from-dotenv', QUOTED: 'literal ${PLAIN} # not a comment',
  });
  assert.equal(p.services.app!.deploy?.replicas, 3);
  assert.equal(p.services.app!.read_only, true);
  assert.equal(p.environment.UNQUOTED, 'value');
  // The shell wins over .env.
  assert.equal(loadProject({}, fixtureHost('interp', { PLAIN: 'shell', NAME: 'named' })).services.app!.environment.PLAIN, 'shell');
  const other = loadProject({ envFiles: ['other.env'] }, { ...fixtureHost('interp'), env: { RO: 'false' } });
  assert.equal(other.services.app!.environment.PLAIN, 'from-other');
  assert.equal(other.services.app!.deploy?.replicas, 1);
  assert.equal(other.services.app!.read_only, false);
  assert.throws(() => loadProject({ envFiles: ['missing.env'] }, fixtureHost('interp')), /couldn't find env file: .*\/interp\/missing.env/);
});

test('unset variables warn once and become empty; required ones fail naming the path', () => {
  const p = loadProject({}, memHost({ '/p/compose.yaml': 'services:\n  a:\n    image: "x${TAG}"\n    command: ["$TAG"]\n' }));
  assert.equal(p.services.a!.image, 'x');
  assert.deepEqual(p.warnings, ['The "TAG" variable is not set. Defaulting to a blank string.']);
  assert.throws(() => loadProject({}, memHost({ '/p/compose.yaml': 'services:\n  a:\n    image: "${TAG:?set TAG}"\n' }, {}, '/p')), {
    message: 'error while interpolating services.a.image: required variable TAG is missing a value: set TAG',
  });
  const raw = loadProject({ noInterpolate: true }, memHost({ '/p/compose.yaml': 'services:\n  a:\n    image: "${TAG:?x}"\n' }, {}, '/p'));
  assert.equal(raw.services.a!.image, '${TAG:?x}');
});

test('extends fixture: another file (paths relative to it, env_file read), same file, chains and !reset', () => {
  const p = loadProject({}, fixtureHost('extends'));
  const common = `${FIXTURES}/extends/common`;
  const web = p.services.web!;
  assert.equal(web.image, 'busybox:web');
  assert.deepEqual(web.command, ['sh', '-c', 'echo base']);
  assert.deepEqual(web.environment, { FROM_FILE: '1', LEVEL: 'base', ROLE: 'web' });
  assert.deepEqual(web.env_file, [{ path: `${common}/base.env`, required: true }]);
  assert.deepEqual(web.volumes.map((v) => v.source), [`${common}/data`]);
  assert.equal(web.extends, undefined);
  const worker = p.services.worker!;
  assert.equal(worker.image, 'busybox:web');
  assert.deepEqual(worker.command, ['work']);
  assert.deepEqual(worker.volumes, []);
  assert.equal(worker.environment.ROLE, 'web');
});

test('extends errors: unknown service, cycles', () => {
  assert.throws(() => loadProject({}, memHost({ '/p/compose.yaml': 'services:\n  a:\n    extends: nope\n    image: x\n' })), {
    message: 'cannot extend service "a" in /p/compose.yaml: service "nope" not found in /p/compose.yaml',
  });
  assert.throws(() => loadProject({}, memHost({ '/p/compose.yaml': 'services:\n  a: {extends: b, image: x}\n  b: {extends: a, image: y}\n' })), /Circular reference with extends: a -> b -> a/);
});

test('include fixture: resources imported, paths and .env of the included project; conflicts fail', () => {
  const p = loadProject({}, fixtureHost('include'));
  assert.deepEqual(serviceNames(p), ['app', 'db']);
  assert.equal(p.services.db!.image, 'busybox:sub');
  assert.equal(p.services.db!.volumes[0]!.source, `${FIXTURES}/include/sub/init`);
  assert.deepEqual(volumeNames(p), ['dbdata']);
  assert.equal(p.volumes.dbdata!.name, 'include_dbdata');
  assert.throws(() => loadProject({}, memHost({
    '/p/compose.yaml': 'include: [inc.yaml]\nservices:\n  db: {image: x}\n',
    '/p/inc.yaml': 'services:\n  db: {image: y}\n',
  })), /imported compose file \/p\/inc.yaml defines conflicting service "db"/);
  assert.throws(() => loadProject({}, memHost({
    '/p/compose.yaml': 'include: [inc.yaml]\nservices:\n  a: {image: x}\n',
    '/p/inc.yaml': 'include: [compose.yaml]\nservices:\n  b: {image: y}\n',
  })), /include cycle detected/);
});

test('profiles: default, --profile, COMPOSE_PROFILES, *, a targeted service, and a dependency left disabled', () => {
  const names = (o: Parameters<typeof loadProject>[0], env: Record<string, string> = {}): string[] => serviceNames(loadProject(o, fixtureHost('profiles', env)));
  assert.deepEqual(names({}), ['web']);
  assert.deepEqual(names({ profiles: ['dev'] }), ['db', 'mock', 'web']);
  assert.deepEqual(names({}, { COMPOSE_PROFILES: 'debug,dev' }), ['db', 'debug', 'mock', 'web']);
  assert.deepEqual(names({ profiles: ['*'] }), ['db', 'debug', 'mock', 'tool', 'web']);
  assert.deepEqual(names({ services: ['debug'] }), ['debug', 'web']);
  const p = loadProject({}, fixtureHost('profiles'));
  assert.deepEqual(p.allProfiles, ['debug', 'dev', 'tools']);
  assert.deepEqual(Object.keys(p.disabledServices).sort(), ['db', 'debug', 'mock', 'tool']);
  assert.throws(() => names({ services: ['tool'] }), {
    message: 'service "tool" depends on undefined service "db": invalid compose project',
    hint: '"db" is disabled by its profiles (dev): enable one with --profile',
  });
  assert.throws(() => names({ services: ['nope'] }), { message: 'no such service: nope' });
});

test('override tags: !reset drops, !override replaces instead of merging', () => {
  const p = loadProject({ files: ['a.yaml', 'b.yaml'] }, memHost({
    '/p/a.yaml': 'services:\n  s:\n    image: x\n    ports: ["80:80", "81:81"]\n    environment: {A: "1", B: "2"}\n    user: root\n',
    '/p/b.yaml': 'services:\n  s:\n    ports: !override ["90:90"]\n    environment: !reset {}\n    user: !reset null\n',
  }));
  assert.deepEqual(p.services.s!.ports.map((x) => x.published), ['90']);
  assert.deepEqual(p.services.s!.environment, {});
  assert.equal(p.services.s!.user, undefined);
});

test('normalisation: env_file, bare variables, depends_on map, build, networks, secrets/configs, implicit deps', () => {
  const p = loadProject({}, memHost({
    '/p/compose.yaml': [
      'services:',
      '  web:',
      '    build: ./web',
      '    env_file: [web.env, {path: opt.env, required: false}]',
      '    environment: [FROM_SHELL, UNSET, OVER=env]',
      '    depends_on:',
      '      db: {condition: service_healthy}',
      '      job: {condition: service_completed_successfully, required: false}',
      '    networks: {front: {aliases: [w], ipv4_address: 10.1.0.5}}',
      '    secrets: [token, {source: cert, target: /c, mode: 0400}]',
      '    configs: [conf]',
      '    stop_grace_period: 1m',
      '    tmpfs: /run',
      '  db:',
      '    image: db',
      '    build: {context: ., dockerfile: Dockerfile.db, args: [V=1]}',
      '    network_mode: "service:net"',
      '    healthcheck: {disable: true}',
      '  job: {image: j, volumes_from: [db], links: ["db:database"]}',
      '  net: {image: n}',
      'networks: {front: {name: custom}}',
      'secrets: {token: {file: ./token.txt}, cert: {environment: CERT}}',
      'configs: {conf: {content: "x=1"}}',
    ].join('\n'),
    '/p/web.env': 'OVER=file\nFILE=${FROM_SHELL}\n',
    '/p/token.txt': 'secret',
  }, { FROM_SHELL: 'sh', CERT: 'pem' }));
  const web = p.services.web!;
  assert.deepEqual(web.build, { context: '/p/web' });
  assert.deepEqual(web.environment, { OVER: 'env', FILE: 'sh', FROM_SHELL: 'sh', UNSET: null });
  assert.deepEqual(web.depends_on, {
    db: { condition: 'service_healthy', required: true },
    job: { condition: 'service_completed_successfully', required: false },
  });
  assert.deepEqual(web.networks, { front: { aliases: ['w'], ipv4_address: '10.1.0.5' } });
  assert.deepEqual(web.secrets, [{ source: 'token' }, { source: 'cert', target: '/c', mode: 0o400 }]);
  assert.equal(web.stop_grace_period, 60e9);
  assert.deepEqual(web.tmpfs, ['/run']);
  const db = p.services.db!;
  assert.deepEqual(db.build, { context: '/p', dockerfile: 'Dockerfile.db', args: { V: '1' } });
  assert.equal(db.networks, undefined);
  assert.deepEqual(db.healthcheck, { disable: true, test: ['NONE'] });
  assert.deepEqual(db.depends_on, { net: { condition: 'service_started', required: true } });
  assert.deepEqual(p.services.job!.depends_on, { db: { condition: 'service_started', required: true } });
  assert.deepEqual(p.networks, { front: { name: 'custom' }, default: { name: 'p_default' } });
  assert.deepEqual(p.secrets, { token: { file: '/p/token.txt', name: 'p_token' }, cert: { environment: 'CERT', name: 'p_cert' } });
  assert.deepEqual(p.configs, { conf: { content: 'x=1', name: 'p_conf' } });
});

test('config rendering: Compose\'s layout', () => {
  const p = loadProject({}, memHost({
    '/p/compose.yaml': 'services:\n  web:\n    image: busybox\n    command: echo hi\n    ports: ["8080:80"]\n    environment: {B: "2", A: "1"}\n    healthcheck: {test: ["CMD", "true"], interval: 90s}\n    volumes: [data:/data]\nvolumes:\n  data: {}\n',
  }));
  assert.equal(renderComposeConfig(configDocument(p)), [
    'name: p',
    'services:',
    '  web:',
    '    command:',
    '      - echo',
    '      - hi',
    '    environment:',
    '      A: "1"',
    '      B: "2"',
    '    healthcheck:',
    '      test:',
    '        - CMD',
    '        - "true"',
    '      interval: 1m30s',
    '    image: busybox',
    '    networks:',
    '      default: null',
    '    ports:',
    '      - mode: ingress',
    '        target: 80',
    '        published: "8080"',
    '        protocol: tcp',
    '    volumes:',
    '      - type: volume',
    '        source: data',
    '        target: /data',
    '        volume: {}',
    'networks:',
    '  default:',
    '    name: p_default',
    'volumes:',
    '  data:',
    '    name: p_data',
    '',
  ].join('\n'));
});

test('unicity: one entry per key in keyed lists, also within one file (compose-go EnforceUnicity)', () => {
  const p = loadProject({}, memHost({
    '/p/compose.yaml': 'services:\n  s:\n    image: x\n    ports: ["80:80", "81:81", "80:80"]\n    volumes: ["a:/d", "b:/d"]\n    cap_add: [NET_ADMIN, NET_ADMIN]\n    security_opt: [a, a]\nvolumes: {a: {}, b: {}}\n',
  }));
  const s = p.services.s!;
  assert.deepEqual(s.ports.map((x) => x.published), ['80', '81']);
  assert.deepEqual(s.volumes.map((v) => v.source), ['b']);
  assert.deepEqual(s.cap_add, ['NET_ADMIN']);
  // Lists compose-go does not index keep their duplicates.
  assert.deepEqual(s.security_opt, ['a', 'a']);
});

test('project name details: name: is normalised (not refused), ${COMPOSE_PROJECT_NAME} interpolates, docker-compose.yml before .yaml', () => {
  const p = loadProject({}, memHost({ '/p/compose.yaml': 'name: My.App\nservices:\n  a: {image: x, container_name: "${COMPOSE_PROJECT_NAME}-a"}\n' }));
  assert.equal(p.name, 'myapp');
  assert.equal(p.services.a!.container_name, 'myapp-a');
  const d = loadProject({}, memHost({
    '/q/docker-compose.yaml': 'services: {a: {image: yaml}}',
    '/q/docker-compose.yml': 'services: {a: {image: yml}}',
    '/q/compose.override.yaml': 'services: {a: {user: u1}}',
    '/q/docker-compose.override.yml': 'services: {a: {user: u2}}',
  }, {}, '/q'));
  assert.equal(d.services.a!.image, 'yml');
  assert.equal(d.services.a!.user, 'u1');
  assert.deepEqual(d.warnings, [
    'Found multiple config files with supported names: /q/docker-compose.yml, /q/docker-compose.yaml', 'Using /q/docker-compose.yml',
    'Found multiple override files with supported names: /q/compose.override.yaml, /q/docker-compose.override.yml', 'Using /q/compose.override.yaml',
  ]);
  assert.throws(() => loadProject({}, memHost({
    '/p/compose.yaml': 'include: [inc.yaml]\nservices: {a: {image: x}}\n',
    '/p/inc.yaml': 'include: [compose.yaml]\nservices: {b: {image: y}}\n',
  })), { message: 'include cycle detected:\n/p/compose.yaml\n include /p/inc.yaml\n include /p/compose.yaml' });
});
