import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerContainerInspect, goTime, GO_ZERO_TIME, type ContainerInspectInput } from '../../../src/compat/inspect-container';
import { hostConfigFromSpec, splitCommand } from '../../../src/services/containers/inspect';
import { parseTemplate } from '../../../src/output/gotemplate/index';

const hostConfig = hostConfigFromSpec({
  process: { args: ['sh'], capabilities: { bounding: ['CAP_CHOWN', 'CAP_NET_ADMIN'] } },
  root: { readonly: true },
  mounts: [{ destination: '/dev/shm', type: 'tmpfs', options: ['nosuid', 'size=1048576'] }, { destination: '/scratch', type: 'tmpfs', options: ['rw', 'size=1m'] }],
  linux: { namespaces: [{ type: 'network' }], seccomp: {}, maskedPaths: ['/proc/kcore'], resources: { memory: { limit: 1024 }, cpu: { quota: 150000, period: 100000 }, pids: { limit: 10 } } },
});

function sampleInput(status: 'running' | 'exited' | 'created' = 'exited'): ContainerInspectInput {
  return {
    id: 'abc', created: new Date('2024-01-02T03:04:05.120Z'), path: 'sleep', args: ['10'],
    state: { status, pid: 42, exitCode: status === 'exited' ? 3 : 0, startedAt: undefined, finishedAt: status === 'exited' ? new Date('2024-01-02T03:04:06Z') : undefined },
    image: 'sha256:x', logPath: '', name: 'web', driver: 'overlayfs', hostConfig,
    config: { hostname: 'abc', user: '', tty: false, env: ['A=1'], cmd: ['sleep', '10'], entrypoint: undefined, image: 'busybox', workingDir: '', labels: { b: '2', a: '1' }, exposedPorts: undefined, stopSignal: '', stopTimeout: undefined },
  };
}

function sample(status: 'running' | 'exited' | 'created') {
  return new DockerContainerInspect(sampleInput(status));
}

test('container object: Docker key order, state, zero times, nil slices', () => {
  const j = JSON.parse(JSON.stringify(sample('exited'))) as Record<string, unknown>;
  assert.deepEqual(Object.keys(j).slice(0, 6), ['Id', 'Created', 'Path', 'Args', 'State', 'Image']);
  assert.equal(j.Created, '2024-01-02T03:04:05.12Z');
  assert.equal(j.Name, '/web');
  assert.equal(j.ExecIDs, null);
  assert.equal('SizeRw' in j, false);
  assert.deepEqual(j.State, {
    Status: 'exited', Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 0, ExitCode: 3, Error: '',
    StartedAt: GO_ZERO_TIME, FinishedAt: '2024-01-02T03:04:06Z',
  });
  const cfg = j.Config as Record<string, unknown>;
  assert.equal(cfg.Entrypoint, null);
  assert.deepEqual(cfg.Labels, { a: '1', b: '2' });
  assert.equal(cfg.Image, 'busybox');
  assert.equal(sample('running').State.Pid, 42);
  assert.equal(goTime(undefined), GO_ZERO_TIME);
});

test('HostConfig from the spec', () => {
  assert.deepEqual(hostConfig.capAdd, ['NET_ADMIN']);
  assert.ok(hostConfig.capDrop.includes('KILL'));
  assert.equal(hostConfig.privileged, false);
  assert.equal(hostConfig.readonlyRootfs, true);
  assert.equal(hostConfig.shmSize, 1048576);
  assert.deepEqual(hostConfig.tmpfs, { '/scratch': 'rw,size=1m' });
  assert.equal(hostConfig.memory, 1024);
  assert.equal(hostConfig.nanoCpus, 1.5e9);
  assert.equal(hostConfig.pidsLimit, 10);
  assert.equal(hostConfig.networkMode, 'none');
  assert.equal(hostConfig.init, null);
});

test('Entrypoint/Cmd split against the image config', () => {
  assert.deepEqual(splitCommand(['/ep', 'a', 'b'], { Entrypoint: ['/ep'] }), { entrypoint: ['/ep'], cmd: ['a', 'b'] });
  assert.deepEqual(splitCommand(['/other', 'a'], { Entrypoint: ['/ep'] }), { entrypoint: ['/other'], cmd: ['a'] });
  assert.deepEqual(splitCommand(['sh'], { Cmd: ['sh'] }), { entrypoint: undefined, cmd: ['sh'] });
});

test('templates see the typed struct', () => {
  const t = parseTemplate('{{.State.Status}} {{.State.Running}} {{.Name}} {{.Config.Env}} {{json .Config.Labels}}');
  assert.equal(t.executePartial(sample('running')).output, 'running true /web [A=1] {"a":"1","b":"2"}');
  const bad = parseTemplate('{{.Nope}}').executePartial(sample('created'));
  assert.notEqual(bad.error, undefined);
});

test('hostConfigFromSpec: resource fields from the spec, LogConfig/ContainerIDFile/CFS/Devices from the labels', () => {
  const spec = {
    linux: {
      resources: {
        memory: { limit: 64, swap: 128, reservation: 32, swappiness: 10, disableOOMKiller: true },
        cpu: { shares: 512, period: 50000, quota: 25000, cpus: '0-1', mems: '0' },
        blockIO: { weight: 300 },
      },
    },
  };
  const labels = {
    'tsctl/log-config': JSON.stringify({ Type: 'json-file', Config: { 'max-size': '1k', 'max-file': '2' } }),
    'tsctl/host-config': JSON.stringify({ ContainerIDFile: '/tmp/cid', CpuPeriod: 50000, CpuQuota: 25000, Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }] }),
  };
  const j = JSON.parse(JSON.stringify(new DockerContainerInspect({ ...sampleInput(), hostConfig: hostConfigFromSpec(spec, labels) }).HostConfig)) as Record<string, unknown>;
  assert.deepEqual(
    [j.Memory, j.MemorySwap, j.MemoryReservation, j.MemorySwappiness, j.OomKillDisable, j.CpuShares, j.CpuPeriod, j.CpuQuota, j.NanoCpus, j.CpusetCpus, j.CpusetMems, j.BlkioWeight],
    [64, 128, 32, 10, true, 512, 50000, 25000, 0, '0-1', '0', 300],
  );
  assert.deepEqual(j.LogConfig, { Type: 'json-file', Config: { 'max-file': '2', 'max-size': '1k' } });
  assert.equal(j.ContainerIDFile, '/tmp/cid');
  assert.deepEqual(j.Devices, [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }]);
  // Without the labels: --cpus's quota/period show as NanoCpus, the log is json-file without options.
  const plain = hostConfigFromSpec(spec);
  assert.deepEqual([plain.nanoCpus, plain.cpuPeriod, plain.cpuQuota, plain.logType, plain.logConfig], [500000000, 0, 0, 'json-file', {}]);
  assert.equal(hostConfigFromSpec({}, { 'tsctl/log-config': '{bad' }).logType, 'json-file');
  assert.equal(hostConfigFromSpec({ linux: { resources: { memory: { limit: 64 } } } }).memorySwap, -1);
  assert.equal(hostConfigFromSpec({}).memorySwap, 0);
});
