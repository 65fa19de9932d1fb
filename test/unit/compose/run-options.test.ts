import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../../src/compose/load';
import { serviceRunOptions, unsupportedKeys } from '../../../src/compose/run-options';
import type { Project } from '../../../src/compose/model';
import { memHost } from './host';

function project(yaml: string, files: Record<string, string> = {}): Project {
  return loadProject({ projectName: 'demo' }, memHost({ '/p/compose.yaml': yaml, ...files }, { TOKEN: 's3cret' }));
}

function runOf(p: Project, svc: string, n = 1) {
  return serviceRunOptions({
    project: p, service: p.services[svc]!, number: n, name: `demo-${svc}-${n}`, hash: 'h',
    serviceContainer: (x) => `demo-${x}-1`,
    fileObject: (kind, name) => `/state/${kind}/${name}`,
  });
}

test('image, command, entrypoint, env, ports, expose and Compose labels', () => {
  const p = project(`
services:
  web:
    image: busybox
    command: sh -c 'echo hi'
    entrypoint: ["/bin/env", "-i"]
    environment: {A: "1", B: null}
    ports: ["8080:80", "127.0.0.1:9000:9000/udp", "3000"]
    expose: ["5000"]
    labels: {tier: front}
`);
  const r = runOf(p, 'web');
  assert.equal(r.image, 'busybox');
  assert.deepEqual(r.args, ['sh', '-c', 'echo hi']);
  assert.deepEqual(r.flags.entrypointArgs, ['/bin/env', '-i']);
  assert.deepEqual(r.flags.env, ['A=1']);
  assert.deepEqual(r.flags.publish, ['8080:80/tcp', '127.0.0.1:9000:9000/udp', '3000/tcp']);
  assert.deepEqual(r.flags.expose, ['5000']);
  const labels = Object.fromEntries((r.flags.label ?? []).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  assert.equal(labels.tier, 'front');
  assert.equal(labels['com.docker.compose.project'], 'demo');
  assert.equal(labels['com.docker.compose.service'], 'web');
  assert.equal(labels['com.docker.compose.container-number'], '1');
  assert.equal(labels['com.docker.compose.oneoff'], 'False');
  assert.equal(labels['com.docker.compose.config-hash'], 'h');
  assert.equal(labels['com.docker.compose.project.config_files'], '/p/compose.yaml');
  assert.equal(r.flags.name, 'demo-web-1');
  assert.equal(r.flags.pull, 'missing');
});

test('a build-only service runs the image compose builds; empty entrypoint resets it', () => {
  const p = project('services: {app: {build: ., entrypoint: []}}');
  const r = runOf(p, 'app');
  assert.equal(r.image, 'demo-app');
  assert.deepEqual(r.flags.entrypointArgs, ['']);
});

test('volumes: short binds as -v (host dir created), named volumes by their real name, anonymous, tmpfs', () => {
  const p = project(`
services:
  s:
    image: busybox
    volumes:
      - ./src:/app:ro
      - data:/data
      - /anon
      - {type: tmpfs, target: /t, tmpfs: {size: 1048576}}
      - {type: bind, source: /etc/hostname, target: /h, bind: {create_host_path: false}}
volumes:
  data: {}
`);
  const r = runOf(p, 's');
  assert.deepEqual(r.flags.volume, ['/p/src:/app:ro', '/anon']);
  assert.deepEqual(r.flags.mount, ['type=volume,source=demo_data,target=/data', 'type=tmpfs,target=/t,tmpfs-size=1048576', 'type=bind,source=/etc/hostname,target=/h']);
});

test('networks: real names by priority, the service name and aliases as aliases, ipv4 on a single network; network_mode service:', () => {
  const p = project(`
services:
  a:
    image: busybox
    networks:
      back: {aliases: [db]}
      front: {priority: 10}
  b:
    image: busybox
    network_mode: service:a
  c:
    image: busybox
    networks: {back: {ipv4_address: 10.9.0.5}}
networks:
  back: {}
  front: {name: custom-front}
`);
  const a = runOf(p, 'a');
  assert.deepEqual(a.flags.network, ['custom-front', 'demo_back']);
  assert.deepEqual(a.flags.aliasesByNetwork, { 'custom-front': ['a'], demo_back: ['a', 'db'] });
  assert.deepEqual(runOf(p, 'b').flags.network, ['container:demo-a-1']);
  assert.equal(runOf(p, 'c').flags.ip, '10.9.0.5');
});

test('healthcheck, restart, stop_grace_period, logging, ulimits, sysctls and other run options', () => {
  const p = project(`
services:
  s:
    image: busybox
    healthcheck: {test: ["CMD", "true"], interval: 2s, timeout: 500ms, retries: 4, start_period: 1m}
    restart: on-failure:3
    stop_grace_period: 1500ms
    stop_signal: SIGINT
    logging: {driver: json-file, options: {max-size: 1m}}
    ulimits: {nofile: {soft: 100, hard: 200}, nproc: 50}
    sysctls: {net.core.somaxconn: 1024}
    user: "1000:1000"
    working_dir: /w
    hostname: h
    privileged: true
    read_only: true
    init: true
    tty: true
    stdin_open: true
    cap_add: [NET_ADMIN]
    extra_hosts: ["gw:10.0.0.1"]
    dns: 1.1.1.1
    mem_limit: 64m
    cpus: 0.5
    pull_policy: always
  t:
    image: busybox
    healthcheck: {disable: true}
`);
  const f = runOf(p, 's').flags;
  assert.deepEqual(f.healthTest, ['CMD', 'true']);
  assert.equal(f.healthInterval, '2000ms');
  assert.equal(f.healthTimeout, '500ms');
  assert.equal(f.healthRetries, '4');
  assert.equal(f.healthStartPeriod, '60000ms');
  assert.equal(f.restart, 'on-failure:3');
  assert.equal(f.stopTimeout, '2');
  assert.equal(f.stopSignal, 'SIGINT');
  assert.equal(f.logDriver, 'json-file');
  assert.deepEqual(f.logOpt, ['max-size=1m']);
  assert.deepEqual(f.ulimit, ['nofile=100:200', 'nproc=50']);
  assert.deepEqual(f.sysctl, ['net.core.somaxconn=1024']);
  assert.equal(f.user, '1000:1000');
  assert.equal(f.workdir, '/w');
  assert.equal(f.hostname, 'h');
  assert.ok(f.privileged && f.readOnly && f.init && f.tty && f.interactive);
  assert.deepEqual(f.capAdd, ['NET_ADMIN']);
  assert.deepEqual(f.addHost, ['gw=10.0.0.1']);
  assert.deepEqual(f.dns, ['1.1.1.1']);
  assert.equal(f.memory, '64m');
  assert.equal(f.cpus, '0.5');
  assert.equal(f.pull, 'always');
  assert.equal(runOf(p, 't').flags.healthcheck, false);
});

test('secrets and configs are read-only binds at /run/secrets/<name> and /<name> (or their target)', () => {
  const p = project(`
services:
  s:
    image: busybox
    secrets: [token, {source: file, target: /etc/key}]
    configs: [conf]
secrets:
  token: {environment: TOKEN}
  file: {file: ./key.txt}
configs:
  conf: {content: hello}
`, { '/p/key.txt': 'k' });
  assert.deepEqual(runOf(p, 's').flags.mount, [
    'type=bind,source=/state/secrets/token,target=/run/secrets/token,readonly',
    'type=bind,source=/state/secrets/file,target=/etc/key,readonly',
    'type=bind,source=/state/configs/conf,target=/conf,readonly',
  ]);
});

test('keys tsctl does not implement are named', () => {
  const p = project('services: {s: {image: busybox, pid: host, ipc: "service:t", x-custom: 1, runtime: runc, userns_mode: host}, t: {image: busybox}}');
  assert.deepEqual(unsupportedKeys(p.services.s!), ['runtime', 'userns_mode']);
  assert.equal(runOf(p, 's').flags.pid, 'host');
  assert.equal(runOf(p, 's').flags.ipc, 'container:demo-t-1');
});
