import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, InvalidOptionError } from '../../../../src/errors/index';
import { parseMountFlag, parseVolumeFlag, parseVolumesFrom, validMountMode } from '../../../../src/cli/opts/mounts';

const cwd = '/home/u';

test('-v: named volume, anonymous volume, bind with modes', () => {
  assert.deepEqual(parseVolumeFlag('data:/srv', cwd), { type: 'volume', source: 'data', target: '/srv', readOnly: false, mode: '', origin: '-v' });
  assert.deepEqual(parseVolumeFlag('/srv/', cwd), { type: 'volume', source: '', target: '/srv', readOnly: false, mode: '', origin: '-v' });
  assert.deepEqual(parseVolumeFlag('/host:/c:ro,rshared', cwd), { type: 'bind', source: '/host', target: '/c', readOnly: true, mode: 'ro,rshared', propagation: 'rshared', origin: '-v' });
  assert.deepEqual(parseVolumeFlag('/host:/c', cwd), { type: 'bind', source: '/host', target: '/c', readOnly: false, mode: '', propagation: 'rprivate', origin: '-v' });
  assert.deepEqual(parseVolumeFlag('v1:/c:nocopy,Z', cwd), { type: 'volume', source: 'v1', target: '/c', readOnly: false, mode: 'nocopy,Z', noCopy: true, origin: '-v' });
  // docker/cli makes ./rel and ../rel absolute; a bare word is a volume name.
  assert.equal(parseVolumeFlag('./d:/c', cwd).source, '/home/u/d');
  assert.equal(parseVolumeFlag('../d:/c', cwd).source, '/home/d');
  assert.equal(parseVolumeFlag('.:/c', cwd).source, '/home/u');
});

test('-v: CLI errors (exit 125) and daemon errors with Docker texts', () => {
  const cli = (spec: string, msg: string) => assert.throws(() => parseVolumeFlag(spec, cwd), (e: unknown) => e instanceof InvalidOptionError && e.message === msg, spec);
  const daemon = (spec: string, msg: string) =>
    assert.throws(() => parseVolumeFlag(spec, cwd), (e: unknown) => e instanceof InvalidArgumentError && e.message === `Error response from daemon: ${msg}`, spec);
  cli('', 'invalid empty volume spec');
  cli('a::/b', 'invalid spec: a::/b: empty section between colons');
  cli('/a:/b:ro:', 'invalid spec: /a:/b:ro:: empty section between colons');
  cli('/a:/b:ro:x', 'invalid spec: /a:/b:ro:x: too many colons');
  daemon('/a:/b:xyz', 'invalid mode: xyz');
  daemon('/a:/b:ro,rw', 'invalid mode: ro,rw');
  daemon('/data:ro', "invalid volume specification: '/data:ro'");
  daemon('v:rel', `invalid volume specification: 'v:rel': invalid mount config for type "volume": invalid mount path: 'rel' mount path must be absolute`);
  daemon('/a:/', "invalid volume specification: '/a:/': invalid specification: destination can't be '/'");
  daemon('a/b:/c', 'create a/b: "a/b" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path');
});

test('validMountMode: one of each kind', () => {
  for (const ok of ['', 'ro', 'rw', 'z', 'Z', 'ro,z', 'rslave', 'ro,Z,shared,nocopy', 'cached']) assert.equal(validMountMode(ok), true, ok);
  for (const bad of ['x', 'ro,rw', 'z,Z', 'shared,slave', 'ro,', 'nocopy,nocopy']) assert.equal(validMountMode(bad), false, bad);
});

test('--mount: fields, aliases and defaults', () => {
  assert.deepEqual(parseMountFlag('type=bind,src=/h,dst=/c,readonly,bind-propagation=rslave', cwd), {
    type: 'bind', source: '/h', target: '/c', readOnly: true, mode: '', origin: '--mount', propagation: 'rslave',
  });
  assert.deepEqual(parseMountFlag('target=/c', cwd), { type: 'volume', source: '', target: '/c', readOnly: false, mode: '', origin: '--mount' });
  assert.deepEqual(parseMountFlag('type=volume,source=vv,destination=/c,volume-nocopy,volume-opt=type=tmpfs,volume-opt=device=tmpfs,ro=false', cwd), {
    type: 'volume', source: 'vv', target: '/c', readOnly: false, mode: '', origin: '--mount', noCopy: true, volumeOptions: { type: 'tmpfs', device: 'tmpfs' },
  });
  assert.deepEqual(parseMountFlag('type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770', cwd), {
    type: 'tmpfs', source: '', target: '/t', readOnly: false, mode: '', origin: '--mount', tmpfsSize: 1048576, tmpfsMode: 0o1770,
  });
  assert.equal(parseMountFlag('type=bind,src=./x,dst=/c', cwd).source, '/home/u/x');
  assert.equal(parseMountFlag('"type=bind","src=/a,b",dst=/c', cwd).source, '/a,b');
});

test('--mount: pflag-wrapped CLI errors and daemon validation', () => {
  const cli = (v: string, cause: string) =>
    assert.throws(() => parseMountFlag(v, cwd), (e: unknown) => e instanceof InvalidOptionError && e.message === `invalid argument "${v.replace(/"/g, '\\"')}" for "--mount" flag: ${cause}`, v);
  const daemon = (v: string, msg: string) => assert.throws(() => parseMountFlag(v, cwd), (e: unknown) => e instanceof InvalidArgumentError && e.message === `Error response from daemon: ${msg}`, v);
  cli('type=bind,src=/a', 'target is required');
  cli('type=bind,foo=1,dst=/a', "unexpected key 'foo' in 'foo=1'");
  cli('type=bind,src,dst=/a', "invalid field 'src' must be a key=value pair");
  cli('type=tmpfs,dst=/a,volume-nocopy', "cannot mix 'volume-*' options with mount type 'tmpfs'");
  cli('type=volume,dst=/a,bind-propagation=shared', "cannot mix 'bind-*' options with mount type 'volume'");
  cli('type=tmpfs,dst=/a,tmpfs-mode=9', 'invalid value for tmpfs-mode: 9');
  cli('type=bind,dst=/a,readonly=maybe', `invalid value for 'readonly': strconv.ParseBool: parsing "maybe": invalid syntax`);
  cli('', 'value is empty');
  daemon('type=foo,dst=/a', 'invalid mount config for type "foo": mount type unknown');
  daemon('type=bind,dst=/a', 'invalid mount config for type "bind": field Source must not be empty');
  daemon('type=bind,src=rel,dst=/a', `invalid mount config for type "bind": invalid mount path: 'rel' mount path must be absolute`);
  daemon('type=bind,src=/x,dst=a', `invalid mount config for type "bind": invalid mount path: 'a' mount path must be absolute`);
  daemon('type=tmpfs,src=x,dst=/a', 'invalid mount config for type "tmpfs": field Source must not be specified');
  daemon('type=bind,src=/x,dst=/a,bind-propagation=odd', 'invalid mount config for type "bind": invalid propagation mode: odd');
});

test('--volumes-from: container with an optional mode (no propagation or copy modes)', () => {
  assert.deepEqual(parseVolumesFrom('c1'), { container: 'c1', readOnly: false });
  assert.deepEqual(parseVolumesFrom('c1:ro'), { container: 'c1', readOnly: true });
  assert.deepEqual(parseVolumesFrom('c1:rw,z'), { container: 'c1', readOnly: false });
  assert.throws(() => parseVolumesFrom('c1:x'), /^InvalidArgumentError: Error response from daemon: invalid mode: x$/);
  assert.throws(() => parseVolumesFrom('c1:rshared'), /invalid mode: rshared/);
  assert.throws(() => parseVolumesFrom('c1:nocopy'), /invalid mode: nocopy/);
});
