import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getVersion, goArch, parseBuildctlVersion, parseRuncVersion } from '../../../src/services/system/version';
import { renderClientVersion, renderServerVersion } from '../../../src/output/views/version';
import { DaemonUnavailableError } from '../../../src/errors/index';

const RUNC = 'runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\ngo: go1.19.8\nlibseccomp: 2.5.4\n';

test('tool version parsers', () => {
  assert.deepEqual(parseRuncVersion(RUNC), { Name: 'runc', Version: '1.1.5+ds1', Details: { GitCommit: '1.1.5+ds1-1+deb12u1' } });
  assert.deepEqual(parseBuildctlVersion('buildctl github.com/moby/buildkit v0.32.2 abc123\n'), { Name: 'buildctl', Version: 'v0.32.2', Details: { GitCommit: 'abc123' } });
  assert.equal(parseRuncVersion('garbage'), undefined);
  assert.equal(goArch('x64'), 'amd64');
});

const deps = {
  clientVersion: '0.1.0', nodeVersion: 'v20.20.2', platform: 'linux', arch: 'x64',
  containerdVersion: async () => ({ version: '1.6.20~ds1', revision: '1.6.20~ds1-1+deb12u3' }),
  toolVersion: async (t: 'runc' | 'buildctl') => (t === 'runc' ? RUNC : undefined),
};

test('version combines client and server components in Docker\'s layout', async () => {
  const { info, serverError } = await getVersion(deps);
  assert.equal(serverError, undefined);
  assert.equal(info.Server?.Version, '1.6.20~ds1');
  const text = renderClientVersion(info) + renderServerVersion(info);
  assert.equal(text, [
    'Client:',
    ' Version:           0.1.0',
    ' Node.js version:   v20.20.2',
    ' OS/Arch:           linux/amd64',
    '',
    'Server:',
    ' containerd:',
    '  Version:          1.6.20~ds1',
    '  GitCommit:        1.6.20~ds1-1+deb12u3',
    ' runc:',
    '  Version:          1.1.5+ds1',
    '  GitCommit:        1.1.5+ds1-1+deb12u1',
    '',
  ].join('\n'));
});

test('an unreachable server still yields the client section and the error', async () => {
  const err = new DaemonUnavailableError('Cannot connect');
  const { info, serverError } = await getVersion({ ...deps, containerdVersion: async () => { throw err; } });
  assert.equal(serverError, err);
  assert.equal(info.Server, undefined);
  assert.equal(renderServerVersion(info), '');
});
