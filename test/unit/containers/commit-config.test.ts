import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commitImageConfig, containerConfig, parseChange, splitWords } from '../../../src/services/containers/commit-config';
import type { ContainerConfig, ImageConfigFile } from '../../../src/oci/types';

const apply = (changes: string[], base: ContainerConfig = {}): ContainerConfig => {
  const c = structuredClone(base);
  for (const ch of changes) parseChange(ch)(c);
  return c;
};

test('--change: Dockerfile instructions on the config', () => {
  assert.deepEqual(apply(['CMD ["cat", "/x"]']).Cmd, ['cat', '/x']);
  assert.deepEqual(apply(['cmd echo hi']).Cmd, ['/bin/sh', '-c', 'echo hi']);
  assert.deepEqual(apply(['ENTRYPOINT ["echo"]'], { Cmd: ['sleep'] }), { Entrypoint: ['echo'], Cmd: null });
  assert.deepEqual(apply(['ENV A=1 B="two words"', 'ENV A 3 4'], { Env: ['PATH=/bin', 'A=0'] }).Env, ['PATH=/bin', 'B=two words', 'A=3 4']);
  assert.deepEqual(apply(['EXPOSE 80 53/UDP']).ExposedPorts, { '80/tcp': {}, '53/udp': {} });
  assert.deepEqual(apply(['LABEL a=b "c d"=e']).Labels, { a: 'b', 'c d': 'e' });
  assert.equal(apply(['WORKDIR /a', 'WORKDIR b']).WorkingDir, '/a/b');
  assert.equal(apply(['USER 1000:1000']).User, '1000:1000');
  assert.deepEqual(apply(['VOLUME /v1 /v2']).Volumes, { '/v1': {}, '/v2': {} });
  assert.deepEqual(apply(['VOLUME ["/v"]']).Volumes, { '/v': {} });
  assert.equal(apply(['STOPSIGNAL SIGINT']).StopSignal, 'SIGINT');
  assert.deepEqual(apply(['ONBUILD run echo']).OnBuild, ['run echo']);
  assert.deepEqual(apply(['HEALTHCHECK CMD true']).Healthcheck, { Test: ['CMD-SHELL', 'true'] });
  assert.deepEqual(apply(['HEALTHCHECK NONE']).Healthcheck, { Test: ['NONE'] });
});

test('--change: Docker\'s errors', () => {
  assert.throws(() => parseChange('RUN echo'), /^InvalidArgumentError: Error response from daemon: run is not a valid change command$/);
  assert.throws(() => parseChange('FROM x'), /from is not a valid change command/);
  assert.throws(() => parseChange('EXPOSE abc'), /invalid containerPort: abc/);
  assert.throws(() => parseChange('ONBUILD ONBUILD x'), /Chaining ONBUILD/);
  assert.throws(() => splitWords('"open'), /matching "/);
});

test('container config from image config + spec; the committed image config', () => {
  const image: ImageConfigFile = {
    architecture: 'amd64', os: 'linux', author: 'old', rootfs: { type: 'layers', diff_ids: ['sha256:a'] }, history: [{ created_by: 'base' }],
    config: { Env: ['PATH=/bin'], Cmd: ['sh'], Entrypoint: null, Labels: { img: '1' } },
  };
  const cfg = containerConfig(image, { args: ['sh', '-c', 'echo'], env: ['PATH=/bin', 'HOSTNAME=abc', 'X=1'], cwd: '/', labels: { user: 'x' } });
  assert.deepEqual(cfg, { Env: ['PATH=/bin', 'X=1'], Cmd: ['sh', '-c', 'echo'], Entrypoint: null, Labels: { img: '1', user: 'x' } });
  const out = commitImageConfig(image, cfg, { containerCmd: ['sh', '-c', 'echo'], author: '', comment: 'm', created: new Date('2024-01-01T00:00:00Z'), diffID: 'sha256:b' });
  assert.deepEqual(out.rootfs.diff_ids, ['sha256:a', 'sha256:b']);
  assert.deepEqual(out.history?.at(-1), { created: '2024-01-01T00:00:00.000Z', created_by: 'sh -c echo', comment: 'm' });
  assert.equal(out.author, undefined);
  assert.equal(out.created, '2024-01-01T00:00:00.000Z');
  assert.deepEqual(image.rootfs.diff_ids, ['sha256:a'], 'the parent is not modified');
});
