/**
 * Tasks.Metrics payloads reduced to `stats` counters: a cgroup v1 payload captured from containerd 1.6.20's runc
 * shim on a v1 host, and a cgroup v2 payload written field by field on the wire (proto3 leaves zero fields out,
 * as the shim does) from a v2 container's files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { CGROUPS_V1_METRICS, CGROUPS_V2_METRICS, decodeTaskStats, fromCgroupsV1 } from '../../../src/containerd/metrics';
import { Metrics as MetricsV1 } from '../../../src/containerd/gen/containerd/cgroups/v1/metrics';

/**
 * `tsctl run -d -m 32m busybox sh -c '…; dd if=/dev/zero of=/dev/null'` ~1.5 s after start (MetricsResponse
 * metrics[0].data.value). Decoded: cpu.usage.total 867575435, memory.usage {usage 2662400, limit 33554432},
 * total_inactive_file 1982464, pids.current 1, blkio lists empty (no block device I/O on that host).
 */
const V1_CAPTURED =
  'EgIIARofChsIi83YnQMQgO34tQIYgLGRZCIItNfznAPX9WQSACKZAQiAoHkQgOADOOYKQPIGSPIJWIDAA2CAIGiAgHlwgCCAAYCA' +
  'gBCIAYCAgCCQAYCgeZgBgOADwAHmCsgB8gbQAfIJ4AGAwAPoAYAg8AGAgHn4AYAgigIPCICAgBAQgMCiARiAoPkBkgIPCICAgCAQ' +
  'gMCiARiAoPkBmgISCIDg////////fxCAoBUYgOApogIKCIDg////////fyoASgA=';

test('cgroup v1: the captured shim payload', () => {
  const s = decodeTaskStats({ typeUrl: CGROUPS_V1_METRICS, value: Buffer.from(V1_CAPTURED, 'base64') });
  assert.deepEqual(s, {
    cgroup: 1, cpuNs: 867575435, memoryUsage: 2662400, inactiveFile: 1982464, memoryLimit: 33554432, blockRead: 0, blockWrite: 0, pids: 1,
  });
});

test('cgroup v1: blkio io_service_bytes_recursive counts Read and Write only, over every device', () => {
  const m = MetricsV1.decode(Buffer.from(V1_CAPTURED, 'base64'));
  const entry = (op: string, major: bigint, value: bigint) => ({ op, device: '', major, minor: 0n, value });
  // blkio.throttle.io_service_bytes_recursive of a container that read a file and wrote one:
  //   8:0 Read 4096000 / 8:0 Write 12288 / 8:0 Sync 12288 / 8:0 Async 4096000 / 8:0 Discard 0 / 8:0 Total 4108288
  //   253:0 Read 8192 / 253:0 Write 0 / … / Total 8192
  m.blkio = {
    ioServicedRecursive: [], ioQueuedRecursive: [], ioServiceTimeRecursive: [], ioWaitTimeRecursive: [], ioMergedRecursive: [],
    ioTimeRecursive: [], sectorsRecursive: [],
    ioServiceBytesRecursive: [
      entry('Read', 8n, 4096000n), entry('Write', 8n, 12288n), entry('Sync', 8n, 12288n), entry('Async', 8n, 4096000n),
      entry('Discard', 8n, 0n), entry('Total', 8n, 4108288n), entry('Read', 253n, 8192n), entry('Write', 253n, 0n), entry('Total', 253n, 8192n),
    ],
  };
  const s = fromCgroupsV1(MetricsV1.decode(MetricsV1.encode(m).finish()));
  assert.equal(s.blockRead, 4104192);
  assert.equal(s.blockWrite, 12288);
});

/**
 * A v2 container's files:
 *   cpu.stat       usage_usec 2381462 / user_usec 1650126 / system_usec 731336 / …
 *   memory.current 5545984          memory.max max           pids.current 3
 *   memory.stat    anon 1343488 / file 3784704 / … / inactive_file 2011136 / active_file 1773568 / …
 *   io.stat        8:0 rbytes=4096000 wbytes=12288 rios=12 wios=3 dbytes=0 dios=0
 *                  253:0 rbytes=8192 wbytes=4096 rios=2 wios=1 dbytes=0 dios=0
 * as the shim encodes them (io.containerd.cgroups.v2.Metrics; field numbers of containerd/cgroups' stats proto).
 */
function v2Payload(): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.Varint).uint64(3n).join(); // pids.current
  w.tag(2, WireType.LengthDelimited).fork() // cpu
    .tag(1, WireType.Varint).uint64(2381462n).tag(2, WireType.Varint).uint64(1650126n).tag(3, WireType.Varint).uint64(731336n).join();
  w.tag(4, WireType.LengthDelimited).fork() // memory
    .tag(1, WireType.Varint).uint64(1343488n).tag(2, WireType.Varint).uint64(3784704n)
    .tag(13, WireType.Varint).uint64(2011136n).tag(14, WireType.Varint).uint64(1773568n)
    .tag(32, WireType.Varint).uint64(5545984n).tag(33, WireType.Varint).uint64((1n << 64n) - 1n).join();
  const io = w.tag(6, WireType.LengthDelimited).fork();
  io.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.Varint).uint64(8n).tag(2, WireType.Varint).uint64(0n)
    .tag(3, WireType.Varint).uint64(4096000n).tag(4, WireType.Varint).uint64(12288n).tag(5, WireType.Varint).uint64(12n).tag(6, WireType.Varint).uint64(3n).join();
  io.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.Varint).uint64(253n)
    .tag(3, WireType.Varint).uint64(8192n).tag(4, WireType.Varint).uint64(4096n).tag(5, WireType.Varint).uint64(2n).tag(6, WireType.Varint).uint64(1n).join();
  io.join();
  return w.finish();
}

test('cgroup v2: usage_usec in ns, memory.current / memory.max, inactive_file, io.stat summed over devices', () => {
  const s = decodeTaskStats({ typeUrl: CGROUPS_V2_METRICS, value: Buffer.from(v2Payload()) });
  assert.deepEqual(s, {
    cgroup: 2, cpuNs: 2381462000, memoryUsage: 5545984, inactiveFile: 2011136, memoryLimit: 2 ** 64, blockRead: 4104192, blockWrite: 16384, pids: 3,
  });
});

test('type URLs: a prefixed URL is accepted, an unknown type or no data gives nothing', () => {
  assert.equal(decodeTaskStats({ typeUrl: `type.googleapis.com/${CGROUPS_V2_METRICS}`, value: Buffer.from(v2Payload()) })?.cgroup, 2);
  assert.equal(decodeTaskStats({ typeUrl: 'io.containerd.windows.v1.Stats', value: Buffer.alloc(0) }), undefined);
  assert.equal(decodeTaskStats(undefined), undefined);
  // An empty v2 message (a task the shim knows nothing about yet) is all zeros.
  assert.deepEqual(decodeTaskStats({ typeUrl: CGROUPS_V2_METRICS, value: Buffer.alloc(0) }), {
    cgroup: 2, cpuNs: 0, memoryUsage: 0, inactiveFile: 0, memoryLimit: 0, blockRead: 0, blockWrite: 0, pids: 0,
  });
});
