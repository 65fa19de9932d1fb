/** The service keys that become `run` options reach the containers (one project, checked from inside and with inspect). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadHarness } from '../../harness/env';
import { composeProject } from '../../harness/compose';
import { pollUntil } from '../../harness/wait';

const ok = (r: { exitCode: number; stderr: string; stdout?: string }) => assert.equal(r.exitCode, 0, `${r.stderr}${r.stdout ?? ''}`);
const img = () => loadHarness().images.busybox;

test('service keys: binds (relative), tmpfs, user, working_dir, hostname, extra_hosts, read_only, init, restart, labels, caps, sysctls, ulimits, replicas, entrypoint, network_mode, profiles', async (t) => {
  const p = await composeProject(t, {
    'compose.yaml': `
services:
  main:
    image: ${img()}
    entrypoint: /bin/sh -c
    command: ["echo started > /data/out; exec sleep 300"]
    volumes: ["./data:/data", {type: tmpfs, target: /scratch, tmpfs: {size: 2097152}}]
    working_dir: /scratch
    user: "1000:1000"
    hostname: mainhost
    extra_hosts: ["gateway.test:10.1.2.3"]
    read_only: true
    init: true
    restart: unless-stopped
    labels: {app.tier: backend}
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]
    sysctls: {net.ipv4.ip_unprivileged_port_start: "1000"}
    ulimits: {nofile: {soft: 512, hard: 1024}}
    stop_grace_period: 3s
    stop_signal: SIGTERM
  worker:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    deploy: {replicas: 2}
  sidecar:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    network_mode: "service:main"
  isolated:
    image: ${img()}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    network_mode: none
  debug:
    image: ${img()}
    command: ["sleep", "300"]
    profiles: [debug]
`,
    'data/.keep': '',
  });
  // The service runs as uid 1000: the bind-mounted directory must be writable for it.
  await chmod(join(p.dir, 'data'), 0o777);
  const up = await p.compose(['up', '-d']);
  ok(up);
  const main = `${p.name}-main-1`;
  const exec = async (c: string, cmd: string) => {
    const r = await p.tsctl(['exec', c, 'sh', '-c', cmd]);
    ok(r);
    return r.stdout;
  };
  await pollUntil('the bind-mounted file is written', async () => (await readFile(join(p.dir, 'data', 'out'), 'utf8').catch(() => '')) === 'started\n', { timeoutMs: 10_000, intervalMs: 50 });
  assert.equal(await exec(main, 'id -u; id -g; pwd; hostname; grep gateway.test /etc/hosts | cut -f1'), '1000\n1000\n/scratch\nmainhost\n10.1.2.3\n');
  assert.match(await exec(main, 'df -k /scratch | tail -1'), /\s2048\s/);
  assert.match(await exec(main, 'touch /rootfile 2>&1 || echo refused'), /refused/);
  assert.equal(await exec(main, 'ulimit -n; cat /proc/sys/net/ipv4/ip_unprivileged_port_start'), '512\n1000\n');
  assert.equal(await exec(main, 'cat /proc/1/cmdline | tr "\\0" " "'), '/sbin/docker-init -- /bin/sh -c echo started > /data/out; exec sleep 300 ');
  const insp = await p.tsctl(['inspect', '-f', '{{.HostConfig.RestartPolicy.Name}} {{index .Config.Labels "app.tier"}} {{index .Config.Labels "com.docker.compose.service"}}', main]);
  assert.equal(insp.stdout, 'unless-stopped backend main\n');
  // cap_drop ALL + cap_add NET_BIND_SERVICE: only bit 10 is left.
  assert.equal(await exec(main, 'grep CapBnd /proc/self/status'), 'CapBnd:\t0000000000000400\n');
  // deploy.replicas, network_mode service: (same network namespace as main), none; the profile service is not started.
  const ps = await p.compose(['ps', '--format', '{{.Name}}']);
  assert.deepEqual(ps.stdout.split('\n').filter(Boolean), [`${p.name}-isolated-1`, main, `${p.name}-sidecar-1`, `${p.name}-worker-1`, `${p.name}-worker-2`]);
  assert.equal(await exec(`${p.name}-sidecar-1`, 'hostname -i 2>/dev/null || true; readlink /proc/1/ns/net'), await exec(main, 'hostname -i 2>/dev/null || true; readlink /proc/1/ns/net'));
  assert.equal(await exec(`${p.name}-isolated-1`, 'ls /sys/class/net | tr "\\n" " "'), 'lo ');
  ok(await p.compose(['--profile', 'debug', 'up', '-d', 'debug']));
  assert.match((await p.compose(['ps', '--services'])).stdout, /^debug$/m);
});
