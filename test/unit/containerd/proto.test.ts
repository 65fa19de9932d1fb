// Unit tests for the generated containerd protobuf bindings (src/containerd/gen,
// produced by scripts/gen-proto.sh). Pure encode/decode — no daemon needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Timestamp } from '../../../src/containerd/gen/google/protobuf/timestamp';
import {
  NamespacesClient,
  NamespacesService,
  Namespace,
} from '../../../src/containerd/gen/containerd/services/namespaces/v1/namespace';
import {
  ContentService,
  WriteAction,
  WriteContentRequest,
} from '../../../src/containerd/gen/containerd/services/content/v1/content';
import {
  Container,
  ContainersService,
} from '../../../src/containerd/gen/containerd/services/containers/v1/containers';
import { TasksService, MetricsResponse } from '../../../src/containerd/gen/containerd/services/tasks/v1/tasks';
import { EventsService, Envelope } from '../../../src/containerd/gen/containerd/services/events/v1/events';
import { VersionClient, VersionService } from '../../../src/containerd/gen/containerd/services/version/v1/version';
import { IntrospectionService } from '../../../src/containerd/gen/containerd/services/introspection/v1/introspection';
import { ImagesService } from '../../../src/containerd/gen/containerd/services/images/v1/images';
import { SnapshotsService } from '../../../src/containerd/gen/containerd/services/snapshots/v1/snapshots';
import { LeasesService } from '../../../src/containerd/gen/containerd/services/leases/v1/leases';
import { DiffService } from '../../../src/containerd/gen/containerd/services/diff/v1/diff';
import { TaskExit } from '../../../src/containerd/gen/containerd/events/task';
import { Options as RuncOptions } from '../../../src/containerd/gen/containerd/runc/options/oci';
import { Status as TaskStatus, Process } from '../../../src/containerd/gen/containerd/types/task/task';
import { Metrics as CgroupsV2Metrics } from '../../../src/containerd/gen/containerd/cgroups/v2/metrics';
import { Metrics as CgroupsV1Metrics } from '../../../src/containerd/gen/containerd/cgroups/v1/metrics';

const U64_MAX = 18446744073709551615n; // 2^64 - 1

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('Namespace{name:"a"} encodes to the hand-computed wire bytes 0a 01 61', () => {
  const bytes = Namespace.encode({ name: 'a', labels: {} }).finish();
  assert.equal(hex(bytes), '0a0161');
  assert.deepEqual(Namespace.decode(Buffer.from([0x0a, 0x01, 0x61])), { name: 'a', labels: {} });
});

test('map entries are encoded as nested key/value messages', () => {
  // field 2 (labels), len 6: { 1: "k", 2: "v" }
  const bytes = Namespace.encode({ name: '', labels: { k: 'v' } }).finish();
  assert.equal(hex(bytes), '12060a016b120176');
});

test('WriteContentRequest with bytes round-trips and matches hand-computed bytes', () => {
  const msg: WriteContentRequest = {
    action: WriteAction.WRITE,
    ref: 'r',
    total: 0n,
    expected: '',
    offset: 5n,
    data: Buffer.from([1, 2]),
    labels: {},
  };
  const bytes = WriteContentRequest.encode(msg).finish();
  // action=1 varint 1 | ref=2 "r" | offset=5 varint 5 | data=6 bytes 01 02
  assert.equal(hex(bytes), '0801120172' + '2805' + '32020102');
  const back = WriteContentRequest.decode(bytes);
  assert.deepEqual(back, msg);

  const big: WriteContentRequest = {
    action: WriteAction.COMMIT,
    ref: 'pull-sha256:abc',
    total: 5_000_000_000n, // > 2^32
    expected: 'sha256:' + 'a'.repeat(64),
    offset: 4_999_999_999n,
    data: Buffer.alloc(70_000, 0xab),
    labels: { 'containerd.io/uncompressed': 'sha256:' + 'b'.repeat(64) },
  };
  const back2 = WriteContentRequest.decode(WriteContentRequest.encode(big).finish());
  assert.deepEqual(back2, big);
  assert.equal(typeof back2.total, 'bigint');
  assert.ok(Buffer.isBuffer(back2.data));
});

test('Container with Any spec, runtime options, labels and extensions round-trips', () => {
  const spec = { ociVersion: '1.1.0', root: { path: 'rootfs' }, process: { args: ['sh'] } };
  const runcOpts = RuncOptions.encode({
    noPivotRoot: false,
    noNewKeyring: false,
    shimCgroup: '',
    ioUid: 0,
    ioGid: 0,
    binaryName: 'runc',
    root: '',
    criuPath: '',
    systemdCgroup: true,
    criuImagePath: '',
    criuWorkPath: '',
    taskApiAddress: '',
    taskApiVersion: 0,
  }).finish();
  const c: Container = {
    id: 'web',
    labels: { 'nerdctl/name': 'web', 'containerd.io/restart.status': 'running' },
    image: 'docker.io/library/alpine:latest',
    runtime: {
      name: 'io.containerd.runc.v2',
      options: { typeUrl: 'containerd.runc.v1.Options', value: Buffer.from(runcOpts) },
    },
    spec: {
      typeUrl: 'types.containerd.io/opencontainers/runtime-spec/1/Spec',
      value: Buffer.from(JSON.stringify(spec)),
    },
    snapshotter: 'overlayfs',
    snapshotKey: 'web',
    createdAt: new Date('2024-05-01T12:34:56.789Z'),
    updatedAt: undefined,
    extensions: { 'tsctl/meta': { typeUrl: 'google.protobuf.Empty', value: Buffer.alloc(0) } },
    sandbox: '',
  };
  const back = Container.decode(Container.encode(c).finish());
  assert.deepEqual(back, c);
  assert.ok(back.createdAt instanceof Date);
  assert.deepEqual(JSON.parse(back.spec!.value.toString('utf8')), spec);
  const opts = RuncOptions.decode(back.runtime!.options!.value);
  assert.equal(opts.binaryName, 'runc');
  assert.equal(opts.systemdCgroup, true);
});

test('TaskExit event with Timestamp round-trips inside an Envelope Any', () => {
  const exitedAt = new Date('2025-01-02T03:04:05.006Z');
  const ev: TaskExit = { containerId: 'web', id: 'web', pid: 4242, exitStatus: 137, exitedAt };
  const env: Envelope = {
    timestamp: new Date('2025-01-02T03:04:05.100Z'),
    namespace: 'default',
    topic: '/tasks/exit',
    event: { typeUrl: 'containerd.events.TaskExit', value: Buffer.from(TaskExit.encode(ev).finish()) },
  };
  const back = Envelope.decode(Envelope.encode(env).finish());
  assert.equal(back.topic, '/tasks/exit');
  assert.equal(back.event?.typeUrl, 'containerd.events.TaskExit');
  const decoded = TaskExit.decode(back.event!.value);
  assert.deepEqual(decoded, ev);
  assert.equal(decoded.exitedAt?.getTime(), exitedAt.getTime());

  // Timestamp wire form: field 5, {seconds=1735787045, nanos=6_000_000}
  const ts = TaskExit.encode({ containerId: '', id: '', pid: 0, exitStatus: 0, exitedAt }).finish();
  assert.equal(ts[0], 0x2a); // field 5, LEN
  const inner = Buffer.from(ts).subarray(2);
  assert.equal(ts[1], inner.length);
  assert.deepEqual(Timestamp.decode(inner), { seconds: 1735787045n, nanos: 6_000_000 });
});

test('Process status enum uses containerd.v1.types numbering', () => {
  const p: Process = {
    containerId: 'c',
    id: 'c',
    pid: 1,
    status: TaskStatus.RUNNING,
    stdin: '',
    stdout: 'file:///var/log/c.log',
    stderr: 'file:///var/log/c.log',
    terminal: false,
    exitStatus: 0,
    exitedAt: undefined,
  };
  assert.equal(TaskStatus.RUNNING, 2);
  assert.equal(TaskStatus.PAUSING, 5);
  assert.deepEqual(Process.decode(Process.encode(p).finish()), p);
});

test('cgroups v2 Metrics: usage_limit = 2^64-1 survives encode/decode as bigint', () => {
  const m: CgroupsV2Metrics = {
    pids: { current: 3n, limit: U64_MAX },
    cpu: undefined,
    memory: undefined,
    rdma: undefined,
    io: { usage: [{ major: 8n, minor: 0n, rbytes: 1n << 40n, wbytes: 0n, rios: 1n, wios: 0n }], psi: undefined },
    hugetlb: [],
    memoryEvents: undefined,
    network: [],
  };
  const memory = {
    ...zeroV2Memory(),
    usage: 12_345_678n,
    inactiveFile: 1_000n,
    usageLimit: U64_MAX,
  };
  const full: CgroupsV2Metrics = { ...m, memory };
  const bytes = CgroupsV2Metrics.encode(full).finish();
  // field 33 varint tag = 0x88 0x02, value 2^64-1 = ff ff ff ff ff ff ff ff ff 01
  assert.ok(hex(bytes).includes('8802' + 'ff'.repeat(9) + '01'));
  const back = CgroupsV2Metrics.decode(bytes);
  assert.equal(back.memory?.usageLimit, U64_MAX);
  assert.equal(typeof back.memory?.usageLimit, 'bigint');
  assert.equal(back.pids?.limit, U64_MAX);
  assert.equal(back.io?.usage[0]?.rbytes, 1n << 40n);
  assert.deepEqual(back, full);

  // and wrapped the way Tasks.Metrics returns it
  const resp: MetricsResponse = {
    metrics: [
      {
        timestamp: new Date('2025-01-01T00:00:00.000Z'),
        id: 'web',
        data: { typeUrl: 'io.containerd.cgroups.v2.Metrics', value: Buffer.from(bytes) },
      },
    ],
  };
  const r = MetricsResponse.decode(MetricsResponse.encode(resp).finish());
  const data = r.metrics[0]?.data;
  assert.equal(data?.typeUrl, 'io.containerd.cgroups.v2.Metrics');
  assert.equal(CgroupsV2Metrics.decode(data!.value).memory?.usageLimit, U64_MAX);
});

test('cgroups v1 Metrics: unlimited memory limit decodes as bigint', () => {
  // Metrics{memory=4 {usage=33 {limit=1: 2^64-1}}}: hand-built bytes
  const entry = Buffer.from('08' + 'ff'.repeat(9) + '01', 'hex'); // MemoryEntry.limit
  const memStat = Buffer.concat([Buffer.from([0x8a, 0x02, entry.length]), entry]); // field 33, LEN
  const metrics = Buffer.concat([Buffer.from([0x22, memStat.length]), memStat]); // field 4, LEN
  const m = CgroupsV1Metrics.decode(metrics);
  assert.equal(m.memory?.usage?.limit, U64_MAX);
  assert.equal(m.memory?.totalInactiveFile, 0n);
});

test('grpc-js service definitions have containerd method paths and streaming flags', () => {
  assert.equal(VersionService.version.path, '/containerd.services.version.v1.Version/Version');
  assert.equal(VersionService.version.requestStream, false);
  assert.equal(VersionService.version.responseStream, false);

  assert.equal(ContentService.write.path, '/containerd.services.content.v1.Content/Write');
  assert.equal(ContentService.write.requestStream, true);
  assert.equal(ContentService.write.responseStream, true);
  assert.equal(ContentService.read.responseStream, true);
  assert.equal(ContentService.list.responseStream, true);

  assert.equal(EventsService.subscribe.path, '/containerd.services.events.v1.Events/Subscribe');
  assert.equal(EventsService.subscribe.requestStream, false);
  assert.equal(EventsService.subscribe.responseStream, true);

  assert.equal(ContainersService.listStream.path, '/containerd.services.containers.v1.Containers/ListStream');
  assert.equal(ContainersService.listStream.responseStream, true);

  assert.equal(NamespacesService.list.path, '/containerd.services.namespaces.v1.Namespaces/List');
  assert.equal(TasksService.wait.path, '/containerd.services.tasks.v1.Tasks/Wait');
  assert.equal(TasksService.wait.responseStream, false);
  assert.equal(TasksService.closeIo.path, '/containerd.services.tasks.v1.Tasks/CloseIO');
  assert.equal(TasksService.resizePty.path, '/containerd.services.tasks.v1.Tasks/ResizePty');
  assert.equal(ImagesService.delete.path, '/containerd.services.images.v1.Images/Delete');
  assert.equal(SnapshotsService.list.responseStream, true);
  assert.equal(SnapshotsService.prepare.path, '/containerd.services.snapshots.v1.Snapshots/Prepare');
  assert.equal(LeasesService.addResource.path, '/containerd.services.leases.v1.Leases/AddResource');
  assert.equal(DiffService.apply.path, '/containerd.services.diff.v1.Diff/Apply');
  assert.equal(IntrospectionService.server.path, '/containerd.services.introspection.v1.Introspection/Server');
  assert.equal(IntrospectionService.plugins.path, '/containerd.services.introspection.v1.Introspection/Plugins');

  assert.equal(Object.keys(TasksService).length, 17);
  assert.equal(Object.keys(ContentService).length, 9);
  assert.equal(Object.keys(SnapshotsService).length, 10);

  // client constructors are grpc-js generic clients carrying the definition
  assert.equal(typeof VersionClient, 'function');
  assert.equal(VersionClient.service, VersionService);
  assert.equal(typeof NamespacesClient.prototype.list, 'function');
});

function zeroV2Memory(): NonNullable<CgroupsV2Metrics['memory']> {
  return {
    anon: 0n, file: 0n, kernelStack: 0n, slab: 0n, sock: 0n, shmem: 0n, fileMapped: 0n, fileDirty: 0n,
    fileWriteback: 0n, anonThp: 0n, inactiveAnon: 0n, activeAnon: 0n, inactiveFile: 0n, activeFile: 0n,
    unevictable: 0n, slabReclaimable: 0n, slabUnreclaimable: 0n, pgfault: 0n, pgmajfault: 0n,
    workingsetRefault: 0n, workingsetActivate: 0n, workingsetNodereclaim: 0n, pgrefill: 0n, pgscan: 0n,
    pgsteal: 0n, pgactivate: 0n, pgdeactivate: 0n, pglazyfree: 0n, pglazyfreed: 0n, thpFaultAlloc: 0n,
    thpCollapseAlloc: 0n, usage: 0n, usageLimit: 0n, swapUsage: 0n, swapLimit: 0n, maxUsage: 0n,
    swapMaxUsage: 0n, psi: undefined,
  };
}
