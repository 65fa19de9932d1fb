import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { harnessCtr, harnessEnv, loadHarness, TSCTL_BIN, tsctl, withNamespace } from '../../harness/env';
import { ptySession } from '../../harness/pty';

/** Resolves once the child's stdout has shown `text` (the stream keeps flowing into the result). */
function outputSeen(child: { stdout: NodeJS.ReadableStream | null }, text: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const onData = (b: Buffer): void => {
      seen += b.toString();
      if (seen.includes(text)) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
  });
}

const cli = (ns: string, rest: string): string => `${process.execPath} ${TSCTL_BIN} -n ${ns} ${rest}`;

test('run -i: stdin piped in and closed at EOF, stdout/stderr apart, exit code, --rm leaves nothing', async (t) => {
  const ns = withNamespace(t, 'stdio-i');
  const img = loadHarness().images.busybox;
  const cat = await tsctl(['-n', ns, 'run', '--rm', '-i', img, 'cat'], { input: 'hello\nworld\n' });
  assert.equal(cat.exitCode, 0, cat.stderr);
  assert.equal(cat.stdout, 'hello\nworld\n');
  const sh = await tsctl(['-n', ns, 'run', '-i', '--name', 'sh', img, 'sh', '-c', 'wc -l; echo oops >&2; exit 3'], { input: 'a\nb\nc\n' });
  assert.equal(sh.exitCode, 3);
  assert.equal(sh.stdout.trim(), '3');
  assert.equal(sh.stderr, 'oops\n');
  // The same output is in the container's log, written by the logger tsctl started for the FIFOs.
  const logs = await tsctl(['-n', ns, 'logs', 'sh']);
  assert.equal(logs.stdout.trim(), '3');
  assert.equal(logs.stderr, 'oops\n');
  const empty = await tsctl(['-n', ns, 'run', '--rm', '-i', img, 'wc', '-c'], { input: '' });
  assert.equal(empty.stdout.trim(), '0');
  assert.equal((await tsctl(['-n', ns, 'rm', 'sh'])).exitCode, 0);
  assert.deepEqual((await harnessCtr(['containers', 'ls', '-q'], ns)).stdout.trim(), '');
  assert.doesNotMatch((await harnessCtr(['snapshots', 'ls'], ns)).stdout, /Active/, 'no container snapshot left');
});

test('-t without a terminal: "the input device is not a TTY", exit 1, nothing created', async (t) => {
  const ns = withNamespace(t, 'stdio-notty');
  const img = loadHarness().images.busybox;
  const r = await tsctl(['-n', ns, 'run', '-it', img, 'sh'], { input: '' });
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, 'the input device is not a TTY\n');
  assert.equal((await harnessCtr(['containers', 'ls', '-q'], ns)).stdout.trim(), '');
});

test('run -it: a real terminal (raw, window size, exit code), Ctrl-P Ctrl-Q detaches, attach comes back', async (t) => {
  const ns = withNamespace(t, 'stdio-tty');
  const img = loadHarness().images.busybox;
  const s = ptySession(cli(ns, `run --name tty -it ${img} sh`), { cols: 101, rows: 33 });
  t.after(() => s.kill());
  await s.waitFor(/# /);
  s.write('tty; stty size; echo sum-$((40+2))\r');
  const out = await s.waitFor(/sum-42\r\n/);
  assert.match(out, /\/dev\/pts\/\d+\r\n/);
  assert.match(out, /33 101\r\n/);
  assert.doesNotMatch(out, /\r\r\n/, 'output is not post-processed twice');
  s.write('\x10\x11'); // detach
  assert.equal(await s.exited, 0);
  const ps = await tsctl(['-n', ns, 'ps', '--format', '{{.Names}} {{.Status}}']);
  assert.match(ps.stdout, /^tty Up /);
  const a = ptySession(cli(ns, 'attach tty'));
  t.after(() => a.kill());
  // Attach shows what comes next; a line typed now is run by the same shell.
  await new Promise((r) => setTimeout(r, 500));
  a.write('echo again-$((1+1)); exit 7\r');
  await a.waitFor(/again-2/);
  assert.equal(await a.exited, 7);
  const logs = await tsctl(['-n', ns, 'logs', 'tty']);
  assert.match(logs.stdout, /sum-42/);
  assert.match(logs.stdout, /again-2/);
});

test('run -di + attach: stdin kept open for attach, attach returns the exit code; start -ai', async (t) => {
  const ns = withNamespace(t, 'stdio-attach');
  const img = loadHarness().images.busybox;
  const d = await tsctl(['-n', ns, 'run', '-di', '--name', 'reader', img, 'sh', '-c', 'read a; echo "first $a"; read b; echo "second $b"; exit 4']);
  assert.equal(d.exitCode, 0, d.stderr);
  const one = await execa(process.execPath, [TSCTL_BIN, '-n', ns, 'attach', 'reader'], { env: harnessEnv(), input: 'x\ny\n', reject: false, stripFinalNewline: false });
  assert.equal(one.exitCode, 4, one.stderr);
  assert.equal(one.stdout, 'first x\nsecond y\n');
  const stopped = await tsctl(['-n', ns, 'attach', 'reader']);
  assert.equal(stopped.exitCode, 1);
  assert.equal(stopped.stderr, 'You cannot attach to a stopped container, start it first\n');
  // start -ai on the stopped container: a new task with new FIFOs, our stdin attached.
  const again = await tsctl(['-n', ns, 'start', '-ai', 'reader'], { input: 'p\nq\n' });
  assert.equal(again.exitCode, 4, again.stderr);
  assert.equal(again.stdout, 'first p\nsecond q\n');
  const none = await tsctl(['-n', ns, 'run', '-d', '--name', 'plain', img, 'sh', '-c', 'sleep 1; echo late; exit 2']);
  assert.equal(none.exitCode, 0, none.stderr);
  const watch = await tsctl(['-n', ns, 'attach', 'plain']);
  assert.equal(watch.exitCode, 2);
  assert.equal(watch.stdout, 'late\n');
});

test('exec -i and exec -it', async (t) => {
  const ns = withNamespace(t, 'stdio-exec');
  const img = loadHarness().images.busybox;
  assert.equal((await tsctl(['-n', ns, 'run', '-d', '--name', 'box', img, 'sleep', '1000'])).exitCode, 0);
  const w = await tsctl(['-n', ns, 'exec', '-i', 'box', 'sh', '-c', 'cat > /tmp/f; wc -c < /tmp/f; echo e >&2; exit 6'], { input: '12345' });
  assert.equal(w.exitCode, 6);
  assert.equal(w.stdout.trim(), '5');
  assert.equal(w.stderr, 'e\n');
  const r = await tsctl(['-n', ns, 'exec', 'box', 'cat', '/tmp/f']);
  assert.equal(r.stdout, '12345');
  const s = ptySession(cli(ns, 'exec -it box sh'), { cols: 90, rows: 20 });
  t.after(() => s.kill());
  await s.waitFor(/# /);
  s.write('echo $TERM; stty size; exit 9\r');
  const out = await s.waitFor(/20 90\r\n/);
  assert.match(out, /xterm\r\n/);
  assert.equal(await s.exited, 9);
  assert.equal((await tsctl(['-n', ns, 'rm', '-f', 'box'])).exitCode, 0);
});

test('attached run proxies signals to the container (--sig-proxy), and not with --sig-proxy=false', async (t) => {
  const ns = withNamespace(t, 'stdio-sig');
  const img = loadHarness().images.busybox;
  const script = 'trap "echo got-term; exit 9" TERM; echo ready; while :; do sleep 0.1; done';
  const child = execa(process.execPath, [TSCTL_BIN, '-n', ns, 'run', '--name', 'sig', img, 'sh', '-c', script], { env: harnessEnv(), reject: false });
  await outputSeen(child, 'ready');
  child.kill('SIGTERM');
  const r = await child;
  assert.equal(r.exitCode, 9, r.stderr);
  assert.match(r.stdout, /got-term/);
  const off = execa(process.execPath, [TSCTL_BIN, '-n', ns, 'run', '--sig-proxy=false', '--name', 'nosig', img, 'sh', '-c', script], { env: harnessEnv(), reject: false });
  await outputSeen(off, 'ready');
  off.kill('SIGTERM');
  const o = await off;
  assert.equal(o.exitCode, 143);
  const ps = await tsctl(['-n', ns, 'ps', '--format', '{{.Names}}']);
  assert.equal(ps.stdout, 'nosig\n', 'without the proxy the container keeps running');
  assert.equal((await tsctl(['-n', ns, 'rm', '-f', 'nosig'])).exitCode, 0);
});
