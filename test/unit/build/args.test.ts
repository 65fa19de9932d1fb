import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addHostEntry,
  buildctlBuildArgs,
  buildctlPruneArgs,
  normalizeCache,
  normalizeOutput,
  parseBytes,
  resolveBuildArgs,
  specField,
  specType,
  storeOutput,
  userOutputs,
  workerSharesStore,
} from '../../../src/build/args';
import { errorText } from '../../../src/build/buildctl';
import { looksLikeArchive } from '../../../src/build/context';
import { parseCacheRecords, renderBuilderPrune, renderDiskUsage } from '../../../src/output/views/builder';

const base = { addr: 'unix:///run/buildkit/buildkitd.sock', contextDir: '/ctx', dockerfileDir: '/df', dockerfileName: 'Dockerfile' };

test('minimal build: frontend, both locals, filename', () => {
  assert.deepEqual(buildctlBuildArgs(base), [
    '--addr', 'unix:///run/buildkit/buildkitd.sock', 'build', '--frontend', 'dockerfile.v0',
    '--local', 'context=/ctx', '--local', 'dockerfile=/df', '--opt', 'filename=Dockerfile',
  ]);
});

test('every option maps to its buildctl flag, in a stable order', () => {
  const argv = buildctlBuildArgs({
    ...base,
    dockerfileName: 'Containerfile',
    target: 'build',
    buildArgs: ['A=1', 'B=x=y'],
    labels: ['org.a=b', 'empty'],
    platforms: ['linux/amd64,linux/arm64', 'linux/386'],
    noCache: true,
    pull: true,
    secrets: ['id=tok,src=/tmp/tok', 'id=e,env=HOME'],
    ssh: ['default'],
    cacheFrom: ['reg/app:cache', 'type=local,src=/c'],
    cacheTo: ['type=local,dest=/c'],
    outputs: ['type=local,dest=/out'],
    network: 'host',
    addHosts: ['db:10.0.0.2', 'v6:[::1]'],
    progress: 'plain',
    metadataFile: '/md.json',
  });
  assert.deepEqual(argv.slice(5), [
    '--local', 'context=/ctx', '--local', 'dockerfile=/df', '--opt', 'filename=Containerfile',
    '--opt', 'target=build',
    '--opt', 'build-arg:A=1', '--opt', 'build-arg:B=x=y',
    '--opt', 'label:org.a=b', '--opt', 'label:empty=',
    '--opt', 'platform=linux/amd64,linux/arm64,linux/386',
    '--opt', 'image-resolve-mode=pull',
    '--opt', 'force-network-mode=host', '--allow', 'network.host',
    '--opt', 'add-hosts=db=10.0.0.2,v6=::1',
    '--no-cache',
    '--secret', 'id=tok,src=/tmp/tok', '--secret', 'id=e,env=HOME',
    '--ssh', 'default',
    '--import-cache', 'type=registry,ref=reg/app:cache', '--import-cache', 'type=local,src=/c',
    '--export-cache', 'type=local,dest=/c',
    '--output', 'type=local,dest=/out',
    '--progress', 'plain',
    '--metadata-file', '/md.json',
  ]);
});

test('--network none forces no network without the entitlement; default adds nothing', () => {
  const none = buildctlBuildArgs({ ...base, network: 'none' });
  assert.ok(none.includes('force-network-mode=none'));
  assert.ok(!none.includes('--allow'));
  assert.ok(!buildctlBuildArgs({ ...base, network: 'default' }).some((a) => a.startsWith('force-network-mode')));
  assert.throws(() => buildctlBuildArgs({ ...base, network: 'bridge0' }), /network mode "bridge0" not supported by buildkit/);
});

test('empty target and progress are left out; bad progress is rejected', () => {
  const argv = buildctlBuildArgs({ ...base, target: '', progress: '' });
  assert.ok(!argv.some((a) => a.startsWith('target=')));
  assert.ok(!argv.includes('--progress'));
  assert.throws(() => buildctlBuildArgs({ ...base, progress: 'fancy' }), /invalid progress mode "fancy"/);
});

test('--build-arg KEY takes the environment value, and is dropped when unset', () => {
  assert.deepEqual(resolveBuildArgs(['A=1', 'HOME', 'NOPE', 'E='], { HOME: '/root' }), ['A=1', 'HOME=/root', 'E=']);
});

test('-o shorthands: a directory, - for a tar on stdout, specs as given', () => {
  assert.equal(normalizeOutput('out'), 'type=local,dest=out');
  assert.equal(normalizeOutput('-'), 'type=tar,dest=-');
  assert.equal(normalizeOutput('type=tar,dest=/x.tar'), 'type=tar,dest=/x.tar');
  assert.equal(specType('type=tar,dest=/x.tar'), 'tar');
  assert.equal(specField('type=tar,dest=/x.tar', 'dest'), '/x.tar');
  assert.equal(specType('dest=/x'), undefined);
});

test('--output type=docker without dest means the image store', () => {
  assert.deepEqual(userOutputs(['type=docker']), []);
  assert.deepEqual(userOutputs(['type=docker,name=x']), []);
  assert.deepEqual(userOutputs(['type=docker,dest=/x.tar']), ['type=docker,dest=/x.tar']);
  assert.deepEqual(userOutputs(['out', '-']), ['type=local,dest=out', 'type=tar,dest=-']);
  assert.deepEqual(userOutputs([]), []);
});

test('cache shorthand is a registry ref', () => {
  assert.equal(normalizeCache('r/a:c'), 'type=registry,ref=r/a:c');
  assert.equal(normalizeCache('type=gha'), 'type=gha');
});

test('--add-host: host:ip (IPv6 kept whole), bad formats rejected', () => {
  assert.equal(addHostEntry('a:1.2.3.4'), 'a=1.2.3.4');
  assert.equal(addHostEntry('a:fe80::1'), 'a=fe80::1');
  assert.equal(addHostEntry('a=1.2.3.4'), 'a=1.2.3.4');
  assert.throws(() => addHostEntry('nohost'), /bad format for add-host/);
  assert.throws(() => addHostEntry(':1.2.3.4'), /bad format/);
  assert.equal(addHostEntry('gw:host-gateway', '10.47.0.1'), 'gw=10.47.0.1');
  assert.throws(() => addHostEntry('gw:host-gateway'), /unable to derive the IP value for host-gateway/);
});

test('store output: the image exporter (unpacked) or an archive on stdout', () => {
  assert.equal(storeOutput(true, 'docker.io/library/a:1', false), 'type=image,name=docker.io/library/a:1,unpack=true');
  assert.equal(storeOutput(false, 'docker.io/library/a:1', false), 'type=docker,name=docker.io/library/a:1,dest=-');
  assert.equal(storeOutput(false, 'docker.io/library/a:1', true), 'type=oci,name=docker.io/library/a:1,dest=-');
  assert.equal(storeOutput(false, undefined, false), 'type=docker,dest=-');
});

test('a worker shares the store only as a containerd worker on the same containerd and namespace', () => {
  const w = {
    'org.mobyproject.buildkit.worker.executor': 'containerd',
    'org.mobyproject.buildkit.worker.containerd.namespace': 'default',
    'org.mobyproject.buildkit.worker.containerd.uuid': 'u1',
  };
  assert.equal(workerSharesStore([w], { namespace: 'default', containerdUUID: 'u1' }), true);
  assert.equal(workerSharesStore([w], { namespace: 'other', containerdUUID: 'u1' }), false);
  assert.equal(workerSharesStore([w], { namespace: 'default', containerdUUID: 'u2' }), false);
  assert.equal(workerSharesStore([w], { namespace: 'default', containerdUUID: undefined }), false);
  assert.equal(workerSharesStore([{ ...w, 'org.mobyproject.buildkit.worker.executor': 'oci' }], { namespace: 'default', containerdUUID: 'u1' }), false);
  assert.equal(workerSharesStore([], { namespace: 'default', containerdUUID: 'u1' }), false);
});

test('builder prune argv and --keep-storage sizes', () => {
  assert.deepEqual(buildctlPruneArgs('unix:///s', {}), ['--addr', 'unix:///s', 'prune', '--format', '{{json .}}']);
  assert.deepEqual(buildctlPruneArgs('unix:///s', { all: true, keepStorageMB: 10 }), ['--addr', 'unix:///s', 'prune', '--all', '--keep-storage', '10', '--format', '{{json .}}']);
  assert.equal(parseBytes('1024'), 1024);
  assert.equal(parseBytes('1kb'), 1024);
  assert.equal(parseBytes('2MB'), 2 * 1024 * 1024);
  assert.equal(parseBytes('1.5g'), 1.5 * 1024 ** 3);
  assert.throws(() => parseBytes('lots'), /invalid size/);
});

test("buildctl's error lines become the message", () => {
  assert.equal(errorText(['#5 ERROR: x', 'error: failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3'], 'fb'),
    'failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3');
  assert.equal(errorText(['nothing'], 'fallback'), 'fallback');
});

test('stdin context: tar and gzip are archives, a Dockerfile is not', () => {
  const tar = Buffer.alloc(512);
  tar.write('ustar', 257, 'latin1');
  assert.equal(looksLikeArchive(tar), true);
  assert.equal(looksLikeArchive(Buffer.from([0x1f, 0x8b, 8, 0])), true);
  assert.equal(looksLikeArchive(Buffer.from('FROM busybox\nRUN true\n')), false);
});

test('builder du / prune layouts', () => {
  const recs = parseCacheRecords('[{"id":"abc","inUse":false,"shared":true,"size":4096,"lastUsedAt":"2026-01-01T00:00:00Z"},{"id":"def","inUse":true,"size":1000000}]');
  assert.equal(recs.length, 2);
  assert.deepEqual(parseCacheRecords('null'), []);
  assert.deepEqual(parseCacheRecords('{"id":"a"}\n{"id":"b"}\n').map((r) => r.id), ['a', 'b']);
  const du = renderDiskUsage(recs, new Date('2026-01-01T00:02:00Z'));
  assert.match(du, /^ID +RECLAIMABLE +SIZE +LAST ACCESSED\nabc\* +true +4\.1kB +2 minutes ago\ndef +false +1MB +\n/);
  assert.match(du, /Reclaimable: +4\.1kB\nTotal: +1MB\n$/);
  assert.equal(renderBuilderPrune([]), 'Total reclaimed space: 0B\n');
  assert.equal(renderBuilderPrune([{ id: 'a', size: 1000 }]), 'Deleted build cache objects:\na\n\nTotal reclaimed space: 1kB\n');
});
