/**
 * The per-container logger (dist/tsctl-logger.js via the launcher from src/logger/install.ts) run by containerd's
 * real runc shim for a `binary://` log URI, and tsctl's json-file reader over what it wrote. Containers are made
 * with `ctr run --log-uri` until `tsctl run` wires the logger in (ctr is only the fixture maker and observer).
 * Needs the built bundle (`npm run build`; scripts/test.sh builds before testing).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { harnessCtr, loadHarness, REPO_ROOT, uniqueName, withNamespace } from '../../harness/env';
import { ensureLoggerLauncher, logURI } from '../../../src/logger/install';
import { formatLogEntry, nodeLogFiles, readLogs, type LogEntry } from '../../../src/services/containers/logs';

const BUNDLE = join(REPO_ROOT, 'dist', 'tsctl-logger.js');
const SCRIPT = 'echo out; echo err >&2; i=0; while [ $i -lt 200 ]; do echo line $i; i=$((i+1)); done';
const TIME_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;

interface JsonLine {
  log: string;
  stream: string;
  time: string;
}

async function setup(t: TestContext, prefix: string): Promise<{ ns: string; root: string; launcher: string; image: string }> {
  assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run \`npm run build\` first (scripts/test.sh does)`);
  const ns = withNamespace(t, prefix);
  const root = mkdtempSync(join(tmpdir(), 'tsctl-logger-it-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const launcher = await ensureLoggerLauncher(root, process.execPath, BUNDLE);
  const image = loadHarness().images.busybox;
  const pull = await harnessCtr(['images', 'pull', '--plain-http', image], ns);
  assert.equal(pull.exitCode, 0, pull.stderr);
  return { ns, root, launcher, image };
}

async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

const taskStopped = (ns: string, id: string) => async (): Promise<boolean> => {
  const r = await harnessCtr(['tasks', 'ls'], ns);
  return new RegExp(`^${id}\\s+\\d+\\s+STOPPED`, 'm').test(r.stdout);
};

/**
 * The processes of the logger for `logPath`: the launcher (a shell, argv: sh, launcher, key value…) and the node
 * process it runs (argv: node, bundle, key value…). Both or neither, once started.
 */
function loggerPids(launcher: string, logPath: string): { shell: number[]; node: number[] } {
  const out = { shell: [] as number[], node: [] as number[] };
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (!argv.includes(logPath)) continue;
      if (argv[1] === launcher) out.shell.push(Number(d));
      else if (argv[1] === BUNDLE) out.node.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Exactly one launcher shell with its one node child; returns the node's pid. */
function theLogger(launcher: string, logPath: string): number {
  const { shell, node } = loggerPids(launcher, logPath);
  assert.equal(shell.length, 1, `one launcher shell for ${logPath}`);
  assert.equal(node.length, 1, `one logger node for ${logPath}`);
  const ppid = Number(/^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${node[0]}/status`, 'utf8'))?.[1]);
  assert.equal(ppid, shell[0], 'node runs as the launcher\'s child');
  reportMemory('launcher shell', shell[0] ?? 0);
  return node[0] ?? 0;
}

/** smaps_rollup fields in kB. */
function memory(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n')) {
    const m = /^(\w+):\s+(\d+) kB$/.exec(line);
    if (m?.[1] !== undefined) out[m[1]] = Number(m[2]);
  }
  return out;
}

function reportMemory(label: string, pid: number): void {
  const m = memory(pid);
  console.log(
    `logger memory (${label}, pid ${pid}): Private_Dirty ${m.Private_Dirty} kB, Rss ${m.Rss} kB, Pss ${m.Pss} kB, Shared_Clean ${m.Shared_Clean} kB`,
  );
}

const readJson = (p: string): JsonLine[] =>
  readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as JsonLine);

async function collect(path: string, opts: Parameters<typeof readLogs>[2] = {}): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for await (const e of readLogs(nodeLogFiles(), path, opts)) out.push(e);
  return out;
}

async function deleteTaskAndExpectLoggerGone(ns: string, id: string, launcher: string, logPath: string): Promise<void> {
  const del = await harnessCtr(['tasks', 'delete', id], ns);
  assert.equal(del.exitCode, 0, del.stderr);
  await waitFor('the logger to exit after the task was deleted', () => {
    const p = loggerPids(launcher, logPath);
    return p.shell.length + p.node.length === 0;
  }, 20_000);
}

test('the shim runs the logger: json-file lines per stream, in order, with times; it exits after task delete', async (t) => {
  const { ns, root, launcher, image } = await setup(t, 'logger');
  const id = uniqueName('log');
  const logPath = join(root, 'containers', ns, id, `${id}-json.log`);
  const uri = logURI(launcher, { path: logPath });
  const run = await harnessCtr(['run', '-d', '--log-uri', uri, image, id, 'sh', '-c', SCRIPT], ns);
  assert.equal(run.exitCode, 0, run.stderr);
  await waitFor('the task to stop', taskStopped(ns, id));

  // The shim keeps the logger (and its pipes) until the task's IO is closed at delete.
  const pid = theLogger(launcher, logPath);
  reportMemory('idle, task stopped', pid);
  // The shim's two variables, plus what the launcher adds: the readiness flag and the shell's PWD.
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter((s) => s !== '' && !s.startsWith('PWD=')).sort();
  assert.deepEqual(environ, [`CONTAINER_ID=${id}`, `CONTAINER_NAMESPACE=${ns}`, 'TSCTL_LOGGER_READY=1']);

  await waitFor('all 202 lines in the log', () => existsSync(logPath) && readJson(logPath).length >= 202);
  const lines = readJson(logPath);
  assert.equal(lines.length, 202);
  const stdout = lines.filter((l) => l.stream === 'stdout');
  const stderr = lines.filter((l) => l.stream === 'stderr');
  assert.deepEqual(stdout.map((l) => l.log), ['out\n', ...Array.from({ length: 200 }, (_, i) => `line ${i}\n`)]);
  assert.deepEqual(stderr.map((l) => l.log), ['err\n']);
  for (const stream of [stdout, stderr]) {
    let prev = '';
    for (const l of stream) {
      assert.match(l.time, TIME_RE);
      assert.ok(Math.abs(Date.parse(l.time) - Date.now()) < 300_000, l.time);
      // RFC3339Nano strings of one day compare in time order once the fraction is padded
      const padded = l.time.replace(/(?:\.(\d+))?Z$/, (_m, f: string | undefined) => `.${(f ?? '').padEnd(9, '0')}Z`);
      assert.ok(padded >= prev, `${padded} after ${prev}`);
      prev = padded;
    }
  }
  assert.match(readFileSync(logPath, 'utf8').split('\n')[0] ?? '', /^\{"log":"(out|err)\\n","stream":"std(out|err)","time":"[^"]+"\}$/);

  // tsctl's reader over the real file (stdout and stderr are separate pipes: their interleaving is not fixed)
  const entries = await collect(logPath, { tail: 3 });
  assert.deepEqual(entries.map((e) => [e.stream, formatLogEntry(e)]), lines.slice(-3).map((l) => [l.stream, l.log]));
  const last = entries.at(-1) as LogEntry;
  assert.equal(formatLogEntry(last, { timestamps: true }), `${lines.at(-1)?.time.replace(/(?:\.(\d+))?Z$/, (_m, f: string | undefined) => `.${(f ?? '').padEnd(9, '0')}Z`)} ${last.line}`);
  assert.deepEqual((await collect(logPath)).map((e) => e.line), lines.map((l) => l.log));

  await deleteTaskAndExpectLoggerGone(ns, id, launcher, logPath);
});

test('rotation with max-size/max-file: file, file.1 … file.N-1 hold the newest lines, contiguous', async (t) => {
  const { ns, root, launcher, image } = await setup(t, 'logrot');
  const id = uniqueName('logrot');
  const logPath = join(root, 'containers', ns, id, `${id}-json.log`);
  const uri = logURI(launcher, { path: logPath, maxSize: 2000, maxFile: 3 });
  const run = await harnessCtr(['run', '-d', '--log-uri', uri, image, id, 'sh', '-c', SCRIPT], ns);
  assert.equal(run.exitCode, 0, run.stderr);
  await waitFor('the task to stop', taskStopped(ns, id));
  await waitFor('line 199 in the log', () => existsSync(logPath) && readFileSync(logPath, 'utf8').includes('"line 199\\n"'));

  assert.ok(existsSync(`${logPath}.1`) && existsSync(`${logPath}.2`), 'two rotated files');
  assert.ok(!existsSync(`${logPath}.3`), 'no more than max-file files');
  for (const p of [`${logPath}.2`, `${logPath}.1`]) {
    const size = readFileSync(p).length;
    assert.ok(size >= 2000 && size < 2200, `${p}: ${size} bytes (rotated once past max-size)`);
  }
  assert.ok(readFileSync(logPath).length < 2200);
  const kept = [`${logPath}.2`, `${logPath}.1`, logPath].flatMap(readJson);
  const joined = kept.filter((l) => l.stream === 'stdout');
  const nums = joined.map((l) => Number(/^line (\d+)\n$/.exec(l.log)?.[1]));
  assert.equal(nums.at(-1), 199);
  assert.deepEqual(nums, Array.from({ length: nums.length }, (_, k) => 200 - nums.length + k));
  assert.ok(nums.length > 60 && nums.length < 200, `${nums.length} lines kept`);

  const all = await collect(logPath);
  assert.deepEqual(all.map((e) => [e.stream, e.line]), kept.map((l) => [l.stream, l.log]));
  assert.deepEqual((await collect(logPath, { tail: 2 })).map((e) => e.line), kept.slice(-2).map((l) => l.log));

  await deleteTaskAndExpectLoggerGone(ns, id, launcher, logPath);
});

test('follow a running container through rotations until it stops; logger memory while it runs', async (t) => {
  const { ns, root, launcher, image } = await setup(t, 'logfol');
  const id = uniqueName('logfol');
  const logPath = join(root, 'containers', ns, id, `${id}-json.log`);
  const uri = logURI(launcher, { path: logPath, maxSize: 1000, maxFile: 4 });
  const script = 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.02; done';
  const run = await harnessCtr(['run', '-d', '--log-uri', uri, image, id, 'sh', '-c', script], ns);
  assert.equal(run.exitCode, 0, run.stderr);

  let markStopped!: () => void;
  const stopped = new Promise<void>((r) => (markStopped = r));
  const ticks: number[] = [];
  const following = (async () => {
    for await (const e of readLogs(nodeLogFiles(), logPath, { follow: true, stopped, pollMs: 100, drainMs: 500 })) {
      ticks.push(Number(/^tick (\d+)\n$/.exec(e.line)?.[1]));
    }
  })();
  await waitFor('60 ticks followed', () => ticks.length >= 60);
  reportMemory('container running, logging', theLogger(launcher, logPath));

  const kill = await harnessCtr(['tasks', 'kill', '--signal', 'SIGKILL', id], ns);
  assert.equal(kill.exitCode, 0, kill.stderr);
  await waitFor('the task to stop', taskStopped(ns, id));
  markStopped();
  await following;

  assert.ok(existsSync(`${logPath}.1`), 'the log rotated while followed');
  assert.deepEqual(ticks, Array.from({ length: ticks.length }, (_, k) => (ticks[0] ?? 0) + k), 'no tick lost or repeated');
  const lastInFile = readJson(logPath).at(-1);
  assert.equal(`tick ${ticks.at(-1)}\n`, lastInFile?.log);

  await deleteTaskAndExpectLoggerGone(ns, id, launcher, logPath);
});
