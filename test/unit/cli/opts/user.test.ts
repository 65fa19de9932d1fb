import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from '../../../../src/errors/index';
import { additionalGroups, parseGroup, parsePasswd, parseUserSpec, resolveUser } from '../../../../src/cli/opts/user';

const passwd = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin

  app:x:1000:1000:App,,,:/home/app:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
`;
const group = `root:x:0:
daemon:x:1:app
# a comment
app:x:1000:
audio:x:29:app,other
video:x:44:
nogroup:x:65534:
`;

test('parseUserSpec: name|uid[:group|gid]', () => {
  assert.deepEqual(parseUserSpec('app'), { user: 'app', group: undefined });
  assert.deepEqual(parseUserSpec('1000:1000'), { user: '1000', group: '1000' });
  assert.deepEqual(parseUserSpec('app:video'), { user: 'app', group: 'video' });
  assert.deepEqual(parseUserSpec('app:'), { user: 'app', group: undefined });
  assert.deepEqual(parseUserSpec(''), { user: '', group: undefined });
  assert.deepEqual(parseUserSpec('a:b:c'), { user: 'a', group: 'b' });
});

test('parsePasswd / parseGroup', () => {
  assert.deepEqual(parsePasswd(passwd)[2], { name: 'app', uid: 1000, gid: 1000, home: '/home/app', shell: '/bin/bash' });
  assert.equal(parsePasswd(passwd).length, 4);
  assert.deepEqual(parseGroup(group).map((g) => g.name), ['root', 'daemon', 'app', 'audio', 'video', 'nogroup']);
  assert.deepEqual(parseGroup(group)[3], { name: 'audio', gid: 29, members: ['app', 'other'] });
  assert.deepEqual(parsePasswd('x:x:notanumber:7'), [{ name: 'x', uid: 0, gid: 7, home: '', shell: '' }]);
});

test('resolveUser resolves as moby GetExecUser + dockerd getUser', () => {
  assert.deepEqual(resolveUser('', passwd, group), { uid: 0, gid: 0, additionalGids: [0], home: '/root' });
  assert.deepEqual(resolveUser('app', passwd, group), { uid: 1000, gid: 1000, additionalGids: [1000, 1, 29], home: '/home/app' });
  assert.deepEqual(resolveUser('1000', passwd, group), { uid: 1000, gid: 1000, additionalGids: [1000, 1, 29], home: '/home/app' });
  assert.deepEqual(resolveUser('app:video', passwd, group), { uid: 1000, gid: 44, additionalGids: [44], home: '/home/app' });
  assert.deepEqual(resolveUser('app:44', passwd, group), { uid: 1000, gid: 44, additionalGids: [44], home: '/home/app' });
  assert.deepEqual(resolveUser('4242', passwd, group), { uid: 4242, gid: 0, additionalGids: [0], home: undefined });
  assert.deepEqual(resolveUser('4242:4343', passwd, group), { uid: 4242, gid: 4343, additionalGids: [4343], home: undefined });
  assert.deepEqual(resolveUser('nobody', passwd, group, ['audio', '5000', 'audio']), {
    uid: 65534, gid: 65534, additionalGids: [65534, 29, 5000], home: '/nonexistent',
  });
  assert.deepEqual(resolveUser('1000:1000', undefined, undefined), { uid: 1000, gid: 1000, additionalGids: [1000], home: undefined });
  assert.deepEqual(resolveUser('', undefined, undefined), { uid: 0, gid: 0, additionalGids: [0], home: undefined });
});

test('resolveUser errors as dockerd reports them', () => {
  assert.throws(() => resolveUser('x', passwd, group), (e: unknown) =>
    e instanceof InvalidArgumentError && e.message === 'Error response from daemon: unable to find user x: no matching entries in passwd file');
  assert.throws(() => resolveUser('app', undefined, group), { message: 'Error response from daemon: unable to find user app: no matching entries in passwd file' });
  assert.throws(() => resolveUser('app:nope', passwd, group), { message: 'Error response from daemon: unable to find group nope: no matching entries in group file' });
  assert.throws(() => resolveUser('app', passwd, group, ['nope']), { message: 'Error response from daemon: unable to find group nope: no matching entries in group file' });
  assert.throws(() => resolveUser('-1', passwd, group), { message: 'Error response from daemon: uids and gids must be in range 0-2147483647' });
  assert.throws(() => resolveUser('app:2147483648', passwd, group), { message: 'Error response from daemon: uids and gids must be in range 0-2147483647' });
  assert.throws(() => additionalGroups(['99999999999'], []), /uids and gids must be in range/);
});
