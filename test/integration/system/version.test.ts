import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harnessCtr, tsctl } from '../../harness/env';

async function serverVersion(): Promise<string> {
  const r = await harnessCtr(['version']);
  assert.equal(r.exitCode, 0, r.stderr);
  const m = /Server:\s*\n\s*Version:\s*(\S+)/.exec(r.stdout);
  assert.ok(m?.[1], `no server version in: ${r.stdout}`);
  return m[1];
}

test('version shows the real containerd version in Docker\'s layout', async () => {
  const want = await serverVersion();
  const r = await tsctl(['version']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^Client:\n Version:\s+0\.1\.0\n/);
  assert.match(r.stdout, new RegExp(`\\nServer:\\n containerd:\\n  Version:\\s+${want.replace(/[.+~]/g, '\\$&')}\\n  GitCommit:\\s+\\S+\\n runc:\\n  Version:\\s+\\S+`));
});

test('version --format addresses Docker\'s fields', async () => {
  const want = await serverVersion();
  const r = await tsctl(['version', '--format', '{{.Server.Version}} {{.Client.Version}}']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout, `${want} 0.1.0\n`);
  const j = await tsctl(['version', '--format', 'json']);
  const parsed = JSON.parse(j.stdout) as { Server: { Components: { Name: string }[] } };
  assert.deepEqual(parsed.Server.Components.map((c) => c.Name), ['containerd', 'runc']);
});

test('version without a daemon prints the client and one error line, exit 1', async () => {
  const r = await tsctl(['--address', '/nonexistent/containerd.sock', 'version']);
  assert.equal(r.exitCode, 1);
  assert.match(r.stdout, /^Client:\n/);
  assert.equal(r.stderr, 'Cannot connect to containerd at unix:///nonexistent/containerd.sock: no such file or directory. Is containerd running?\n');
});

test('a missing socket is one clear line naming it, for any command, with flags after the command too', async () => {
  for (const args of [['--address', '/missing.sock', 'namespace', 'ls'], ['namespace', 'ls', '--address', '/missing.sock'], ['info', '-a', 'unix:///missing.sock']]) {
    const r = await tsctl(args);
    assert.equal(r.exitCode, 1, args.join(' '));
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'Cannot connect to containerd at unix:///missing.sock: no such file or directory. Is containerd running?\n');
  }
});

test('--debug adds the stack trace to an error', async () => {
  const r = await tsctl(['--debug', '--address', '/missing.sock', 'namespace', 'ls']);
  assert.equal(r.exitCode, 1);
  assert.match(r.stderr, /^Cannot connect to containerd at unix:\/\/\/missing.sock/);
  assert.match(r.stderr, /\[DAEMON_UNAVAILABLE\]/);
  assert.ok(r.stderr.split('\n').length > 2);
});

test('flag and command errors use Docker\'s exit codes and wording', async () => {
  const flag = await tsctl(['namespace', 'ls', '--bogus']);
  assert.equal(flag.exitCode, 125);
  assert.match(flag.stderr, /^unknown flag: --bogus\n\nUsage:  tsctl namespace ls \[OPTIONS\]\n\nRun 'tsctl namespace ls --help' for more information\n$/);
  const args = await tsctl(['namespace', 'rm']);
  assert.equal(args.exitCode, 1);
  assert.match(args.stderr, /^tsctl: 'tsctl namespace rm' requires at least 1 argument\n/);
  const cmd = await tsctl(['frobnicate']);
  assert.equal(cmd.exitCode, 1);
  assert.equal(cmd.stderr, "tsctl: 'frobnicate' is not a tsctl command.\nSee 'tsctl --help'\n");
});

test('--help and --version exit 0', async () => {
  const help = await tsctl(['--help']);
  assert.equal(help.exitCode, 0);
  assert.match(help.stdout, /Usage: tsctl \[OPTIONS\] COMMAND/);
  assert.match(help.stdout, /namespace/);
  const v = await tsctl(['--version']);
  assert.equal(v.exitCode, 0);
  assert.equal(v.stdout, '0.1.0\n');
});
