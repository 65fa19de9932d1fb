import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { harnessCtr, loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';

/** A build context directory with these files, removed after the test. */
function context(t: TestContext, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsctl-build-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const base = (): string => loadHarness().images.busybox;

/** tsctl with binary stdin/stdout (tars), against the harness. */
async function tsctlBinary(args: string[], input?: Uint8Array): Promise<{ exitCode: number | undefined; stdout: Uint8Array; stderr: string }> {
  const h = loadHarness();
  const r = await execa(process.execPath, [join(process.cwd(), 'bin', 'tsctl'), ...args], {
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
    encoding: 'buffer',
    env: { CONTAINERD_ADDRESS: h.containerdAddress, TSCTL_CONFIG: h.tsctlConfig, BUILDKIT_HOST: h.buildkitHost },
    reject: false,
  });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: Buffer.from(r.stderr).toString('utf8') };
}

test('multi-stage: ARG before FROM, --target, COPY, RUN, .dockerignore, --build-arg from env, labels, two tags, -q, --iidfile; the image runs', async (t) => {
  const ns = withNamespace(t, 'build');
  const dir = context(t, {
    'Dockerfile': [
      `ARG BASE=${base()}`,
      'FROM $BASE AS builder',
      'ARG GREETING',
      'COPY . /src',
      'RUN cat /src/hello.txt > /out && echo "$GREETING" >> /out && ls /src > /listing',
      'FROM $BASE AS final',
      'COPY --from=builder /out /out',
      'COPY --from=builder /listing /listing',
      'CMD ["cat", "/out"]',
      'FROM $BASE AS broken',
      'RUN exit 9',
      '',
    ].join('\n'),
    'hello.txt': 'hello from the context\n',
    'ignored.txt': 'must not reach the build\n',
    '.dockerignore': 'ignored.txt\n',
  });
  const iid = join(dir, '..', `${uniqueName('iid')}.txt`);
  t.after(() => rmSync(iid, { force: true }));
  const r = await tsctl(
    ['-n', ns, 'build', '-q', '--target', 'final', '--build-arg', 'GREETING', '--label', 'org.test.kind=multi', '-t', 'app:1', '-t', 'example.org/team/app:v2', '--iidfile', iid, dir],
    { env: { GREETING: 'hey from env' } },
  );
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^sha256:[a-f0-9]{64}\n$/);
  const id = r.stdout.trim();
  assert.equal(readFileSync(iid, 'utf8'), id);

  const ls = await tsctl(['-n', ns, 'images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
  assert.deepEqual(ls.stdout.trim().split('\n').sort(), [`app:1 ${id.slice(7, 19)}`, `example.org/team/app:v2 ${id.slice(7, 19)}`]);
  const labels = await tsctl(['-n', ns, 'image', 'inspect', '--format', '{{index .Config.Labels "org.test.kind"}}', 'app:1']);
  assert.equal(labels.stdout, 'multi\n');

  const run = await tsctl(['-n', ns, 'run', '--rm', 'app:1']);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout, 'hello from the context\nhey from env\n');
  const listing = await tsctl(['-n', ns, 'run', '--rm', 'example.org/team/app:v2', 'cat', '/listing']);
  assert.equal(listing.stdout, 'Dockerfile\nhello.txt\n');
});

test('--secret reaches RUN --mount=type=secret; -o DIR and -o type=tar export the result and make no image', async (t) => {
  const ns = withNamespace(t, 'build');
  const dir = context(t, {
    'Dockerfile': [`FROM ${base()} AS work`, 'RUN --mount=type=secret,id=tok cat /run/secrets/tok > /tok', 'FROM scratch', 'COPY --from=work /tok /tok', ''].join('\n'),
    'tok.txt': 's3cr3t',
  });
  const out = join(dir, 'out');
  // Secrets are not part of BuildKit's cache key: --no-cache makes each RUN see its own.
  const r = await tsctl(['-n', ns, 'build', '--progress', 'plain', '--no-cache', '--secret', `id=tok,src=${join(dir, 'tok.txt')}`, '-o', out, dir]);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(readFileSync(join(out, 'tok'), 'utf8'), 's3cr3t');

  const tarPath = join(dir, 'out.tar');
  const e = await tsctl(['-n', ns, 'build', '-q', '--no-cache', '--secret', 'id=tok,env=TOKEN', '-o', `type=tar,dest=${tarPath}`, dir], { env: { TOKEN: 'from-env' } });
  assert.equal(e.exitCode, 0, e.stderr);
  const tok = await execa('tar', ['-xOf', tarPath, 'tok']);
  assert.equal(tok.stdout, 'from-env');
  assert.equal((await tsctl(['-n', ns, 'images', '-a', '-q'])).stdout, '');
});

test('-f - (Dockerfile on stdin), context - (Dockerfile or a tar on stdin), Containerfile fallback, --platform linux/amd64', async (t) => {
  const ns = withNamespace(t, 'build');
  const dir = context(t, { 'data.txt': 'context data\n', 'Containerfile': `FROM ${base()}\nCOPY data.txt /c\nRUN echo containerfile >> /c\n` });

  const stdinDf = await tsctl(['-n', ns, 'build', '-q', '-t', 'fromstdin', '-f', '-', dir], { input: `FROM ${base()}\nCOPY data.txt /d\n` });
  assert.equal(stdinDf.exitCode, 0, stdinDf.stderr);
  assert.equal((await tsctl(['-n', ns, 'run', '--rm', 'fromstdin', 'cat', '/d'])).stdout, 'context data\n');

  const noCtx = await tsctl(['-n', ns, 'build', '-q', '-t', 'noctx', '-'], { input: `FROM ${base()}\nRUN echo no context > /n\n` });
  assert.equal(noCtx.exitCode, 0, noCtx.stderr);
  assert.equal((await tsctl(['-n', ns, 'run', '--rm', 'noctx', 'cat', '/n'])).stdout, 'no context\n');

  const tar = await execa('tar', ['-c', '-C', dir, '.'], { encoding: 'buffer' });
  const tarCtx = await tsctlBinary(['-n', ns, 'build', '-q', '-t', 'tarctx', '-'], tar.stdout);
  assert.equal(tarCtx.exitCode, 0, tarCtx.stderr);
  assert.equal((await tsctl(['-n', ns, 'run', '--rm', 'tarctx', 'cat', '/c'])).stdout, 'context data\ncontainerfile\n');

  const plat = await tsctl(['-n', ns, 'build', '-q', '--platform', 'linux/amd64', '-t', 'plat', dir]);
  assert.equal(plat.exitCode, 0, plat.stderr);
  assert.equal((await tsctl(['-n', ns, 'image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', 'plat'])).stdout, 'linux/amd64\n');
  assert.equal((await tsctl(['-n', ns, 'run', '--rm', 'plat', 'cat', '/c'])).stdout, 'context data\ncontainerfile\n');

  const both = await tsctl(['-n', ns, 'build', '-f', '-', '-'], { input: 'FROM scratch\n' });
  assert.equal(both.exitCode, 1);
  assert.match(both.stderr, /can't use stdin for both build context and dockerfile/);
});

test('a build without a tag is kept as a dangling image', async (t) => {
  const ns = withNamespace(t, 'build');
  const r = await tsctl(['-n', ns, 'build', '-q', '-'], { input: `FROM ${base()}\nRUN echo dangling > /x\n` });
  assert.equal(r.exitCode, 0, r.stderr);
  const ls = await tsctl(['-n', ns, 'images', '-a', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
  assert.equal(ls.stdout, `<none>:<none> ${r.stdout.trim().slice(7, 19)}\n`);
});

test("in buildkitd's own namespace the image exporter names and unpacks the image in place", async (t) => {
  const h = loadHarness();
  const ns = h.buildkitNamespace;
  const tag = `${uniqueName('direct')}:1`;
  const tag2 = `${uniqueName('direct')}:2`;
  t.after(async () => {
    await tsctl(['-n', ns, 'rmi', '-f', tag, tag2]);
  });
  const r = await tsctl(['-n', ns, 'build', '--progress', 'plain', '-t', tag, '-t', tag2, '-'], { input: `FROM ${base()}\nRUN echo direct > /d\n` });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`naming to docker.io/library/${tag} done`));
  assert.match(r.stderr, /unpacking to /);
  assert.doesNotMatch(r.stderr, /sending tarball/);
  const run = await tsctl(['-n', ns, 'run', '--rm', tag2, 'cat', '/d']);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout, 'direct\n');
});

test('a failing RUN shows the step, its output and BuildKit\'s error, exit 1, and leaves no image', async (t) => {
  const ns = withNamespace(t, 'build');
  const r = await tsctl(['-n', ns, 'build', '--progress', 'plain', '-t', 'broken', '-'], { input: `FROM ${base()}\nRUN echo about to fail && exit 3\n` });
  assert.equal(r.exitCode, 1);
  assert.match(r.stderr, /about to fail/);
  assert.match(r.stderr, />>> RUN echo about to fail && exit 3/);
  assert.match(r.stderr, /\nERROR: failed to build: failed to solve: process "\/bin\/sh -c echo about to fail && exit 3" did not complete successfully: exit code: 3\n$/);
  assert.equal((await tsctl(['-n', ns, 'images', '-a', '-q'])).stdout, '');

  const q = await tsctl(['-n', ns, 'build', '-q', '-'], { input: `FROM ${base()}\nRUN exit 4\n` });
  assert.equal(q.exitCode, 1);
  assert.equal(q.stdout, '');
  assert.match(q.stderr, /did not complete successfully: exit code: 4\n$/);
});

test('no buildkitd: one clear error saying how to start it', async (t) => {
  const dir = context(t, { Dockerfile: 'FROM scratch\n' });
  const missing = `unix://${join(dir, 'no-buildkitd.sock')}`;
  for (const args of [['build', dir], ['builder', 'du'], ['builder', 'prune', '-f']]) {
    const r = await tsctl(args, { env: { BUILDKIT_HOST: missing } });
    assert.equal(r.exitCode, 1, args.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^cannot reach buildkitd: no buildkitd answers \(unix:\/\/.*no-buildkitd\.sock: ENOENT\)\. Start one with `bash scripts\/setup-host\.sh --start`.*\n$/);
  }
});

test('builder du lists the cache; builder prune -f empties it', async (t) => {
  const ns = withNamespace(t, 'build');
  assert.equal((await tsctl(['-n', ns, 'build', '-q', '-'], { input: `FROM ${base()}\nRUN echo cache > /c\n` })).exitCode, 0);
  const du = await tsctl(['builder', 'du']);
  assert.equal(du.exitCode, 0, du.stderr);
  assert.match(du.stdout, /^ID +RECLAIMABLE +SIZE +LAST ACCESSED\n(.+\n)+Reclaimable: +\S+\nTotal: +\S+\n$/);
  const prune = await tsctl(['builder', 'prune', '-f', '-a']);
  assert.equal(prune.exitCode, 0, prune.stderr);
  assert.match(prune.stdout, /^Deleted build cache objects:\n(\w+\n)+\nTotal reclaimed space: \S+\n$/);
  const after = await tsctl(['builder', 'du']);
  assert.match(after.stdout, /^Reclaimable: +0B\nTotal: +0B\n$/);
  const again = await tsctl(['builder', 'prune', '-f']);
  assert.equal(again.stdout, 'Total reclaimed space: 0B\n');
});

test('--network none, --add-host, --cache-to/--cache-from type=local, -o - (a tar on stdout)', async (t) => {
  const ns = withNamespace(t, 'build');
  const dir = context(t, {
    Dockerfile: `FROM ${base()}\nRUN grep -c : /proc/net/dev > /ifaces; grep myhost /etc/hosts > /hosts\n`,
  });
  const cache = join(dir, '..', uniqueName('cache'));
  t.after(() => rmSync(cache, { recursive: true, force: true }));
  const r = await tsctl(['-n', ns, 'build', '-q', '--no-cache', '--network', 'none', '--add-host', 'myhost:10.1.2.3', '--cache-to', `type=local,dest=${cache}`, '-t', 'net', dir]);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal((await tsctl(['-n', ns, 'run', '--rm', 'net', 'cat', '/ifaces'])).stdout, '1\n');
  assert.match((await tsctl(['-n', ns, 'run', '--rm', 'net', 'cat', '/hosts'])).stdout, /^10\.1\.2\.3\s+myhost\n$/);
  assert.ok(readFileSync(join(cache, 'index.json'), 'utf8').includes('manifests'));

  const fromCache = await tsctlBinary(['-n', ns, 'build', '--progress', 'plain', '--network', 'none', '--add-host', 'myhost:10.1.2.3', '--cache-from', `type=local,src=${cache}`, '-o', '-', dir]);
  assert.equal(fromCache.exitCode, 0, fromCache.stderr);
  assert.match(fromCache.stderr, /importing cache manifest from local/);
  assert.match(fromCache.stderr, /RUN grep -c : \/proc\/net\/dev.*\n#\d+ CACHED/);
  const ifaces = await execa('tar', ['-xO', 'ifaces'], { input: fromCache.stdout });
  assert.equal(ifaces.stdout, '1');
});

test('--ssh id=<key file> exposes an agent socket to RUN --mount=type=ssh', async (t) => {
  const ns = withNamespace(t, 'build');
  const dir = context(t, {
    'Dockerfile': [`FROM ${base()}`, 'RUN --mount=type=ssh,id=deploy test -S "$SSH_AUTH_SOCK" && echo agent-ok > /ssh.txt', ''].join('\n'),
  });
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'key')]);
  const tag = `ssh-${uniqueName('b')}:1`;
  const r = await tsctl(['-n', ns, 'build', '--progress', 'plain', '--no-cache', '--ssh', `deploy=${join(dir, 'key')}`, '-t', tag, dir]);
  assert.equal(r.exitCode, 0, r.stderr);
  const run = await tsctl(['-n', ns, 'run', '--rm', '--network', 'none', tag, 'cat', '/ssh.txt']);
  assert.equal(run.stdout, 'agent-ok\n', run.stderr);
});

test('a layer-less image (FROM scratch + LABEL) built into another namespace loads through the archive path ("layers": null)', async (t) => {
  const ns = withNamespace(t, 'build');
  const scratch = context(t, { 'Dockerfile': 'FROM scratch\nLABEL only=metadata\n' });
  const s = await tsctl(['-n', ns, 'build', '-q', '-t', 'scratchy:1', scratch]);
  assert.equal(s.exitCode, 0, s.stderr);
  assert.match((await tsctl(['-n', ns, 'image', 'inspect', '-f', '{{json .Config.Labels}}', 'scratchy:1'])).stdout, /"only":"metadata"/);
  assert.match((await tsctl(['-n', ns, 'images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout, /scratchy:1/);
});

test('--pull resolves the base again from the registry: a newer image pushed under the same tag is used', async (t) => {
  const ns = withNamespace(t, 'bpull');
  const h = loadHarness();
  const remote = `${h.registryHost}/tsctl-test/${uniqueName('pullbase')}:v1`;
  const ok = (r: { exitCode: number | undefined; stderr: string }) => assert.equal(r.exitCode, 0, r.stderr);
  ok(await tsctl(['-n', ns, 'pull', '-q', base()]));
  ok(await tsctl(['-n', ns, 'tag', base(), remote]));
  ok(await tsctl(['-n', ns, 'push', '-q', remote]));
  const dir = context(t, { Dockerfile: `FROM ${remote}\nRUN cat /marker 2>/dev/null > /out || echo none > /out\nCMD ["cat", "/out"]\n` });
  ok(await tsctl(['-n', ns, 'build', '-q', '-t', 'pulled:1', dir]));
  assert.equal((await tsctl(['-n', ns, 'run', '--rm', 'pulled:1'])).stdout, 'none\n');
  // A new image under the same tag in the registry.
  ok(await tsctl(['-n', ns, 'run', '--name', 'v2src', base(), 'sh', '-c', 'echo v2 > /marker']));
  ok(await tsctl(['-n', ns, 'commit', 'v2src', remote]));
  ok(await tsctl(['-n', ns, 'push', '-q', remote]));
  ok(await tsctl(['-n', ns, 'rmi', '-f', remote]));
  const r = await tsctl(['-n', ns, 'build', '--pull', '--progress', 'plain', '-t', 'pulled:2', dir]);
  ok(r);
  assert.equal((await tsctl(['-n', ns, 'run', '--rm', 'pulled:2'])).stdout, 'v2\n');
});

test('progress: BuildKit\'s interactive display on a terminal (auto), plain `#N` step lines with --progress plain', async (t) => {
  const ns = withNamespace(t, 'bprog');
  const dir = context(t, { Dockerfile: `FROM ${base()}\nRUN echo building > /x\n` });
  const { ptySession } = await import('../../harness/pty');
  const cli = `${process.execPath} ${join(process.cwd(), 'bin', 'tsctl')} -n ${ns}`;
  const tty = ptySession(`${cli} build --no-cache -t prog:tty ${dir}`);
  assert.equal(await tty.exited, 0, tty.output());
  assert.match(tty.output(), /\[\+\] Building [\d.]+s \(\d+\/\d+\) FINISHED/);
  const plain = await tsctl(['-n', ns, 'build', '--no-cache', '--progress', 'plain', '-t', 'prog:plain', dir]);
  assert.equal(plain.exitCode, 0, plain.stderr);
  assert.match(plain.stderr, /^#1 \[internal\] load build definition from Dockerfile$/m);
  assert.match(plain.stderr, /^#\d+ DONE [\d.]+s$/m);
  assert.doesNotMatch(plain.stderr, /\[\+\] Building/);
});

test('--platform linux/amd64,linux/arm64 makes a two-platform index in the store; the host platform runs', async (t) => {
  const ns = withNamespace(t, 'bmulti');
  const h = loadHarness();
  const { pushMultiLayerIndex } = await import('../../harness/fixtures');
  const work = mkdtempSync(join(tmpdir(), 'tsctl-build-multi-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const multi = await pushMultiLayerIndex(work, h.registryHost, `tsctl-test/${uniqueName('multibase')}`, 'v1');
  // No RUN: nothing has to execute for the foreign platform (no emulation here).
  const dir = context(t, { Dockerfile: `FROM ${multi.ref}\nCOPY note.txt /note.txt\nENV BUILT=yes\nCMD ["cat", "/note.txt"]\n`, 'note.txt': 'multi-platform build\n' });
  const r = await tsctl(['-n', ns, 'build', '--progress', 'plain', '--platform', 'linux/amd64,linux/arm64', '-t', 'multi:1', dir]);
  assert.equal(r.exitCode, 0, r.stderr);
  const ls = await harnessCtr(['images', 'ls'], ns);
  const row = ls.stdout.split('\n').find((l) => l.startsWith('docker.io/library/multi:1'));
  assert.ok(row, ls.stdout);
  assert.match(row, /application\/vnd\.oci\.image\.index\.v1\+json/);
  assert.match(row, /linux\/amd64/);
  assert.match(row, /linux\/arm64/);
  const run = await tsctl(['-n', ns, 'run', '--rm', 'multi:1']);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout, 'multi-platform build\n');
});

test('--add-host name:host-gateway maps to the default bridge network\'s gateway', async (t) => {
  const ns = withNamespace(t, 'bgw');
  const dir = context(t, { Dockerfile: `FROM ${base()}\nRUN grep -w gw /etc/hosts | cut -f1 > /gw\nCMD ["cat", "/gw"]\n` });
  const r = await tsctl(['-n', ns, 'build', '-q', '--no-cache', '--add-host', 'gw:host-gateway', '-t', 'gw:1', dir]);
  assert.equal(r.exitCode, 0, r.stderr);
  const gateway = (await tsctl(['-n', ns, 'network', 'inspect', '-f', '{{(index .IPAM.Config 0).Gateway}}', 'bridge'])).stdout.trim();
  assert.match(gateway, /^\d+\.\d+\.\d+\.\d+$/);
  assert.equal((await tsctl(['-n', ns, 'run', '--rm', '--network', 'none', 'gw:1'])).stdout.trim(), gateway);
});
