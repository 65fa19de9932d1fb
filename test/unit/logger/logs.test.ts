import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { RotatingLogFile } from '../../../src/logger/file';
import { JsonLogEncoder } from '../../../src/logger/jsonlog';
import { JsonFileCopier } from '../../../src/logger/copier';
import { formatRFC3339Nano } from '../../../src/logger/clock';
import {
  formatLogEntry,
  nodeLogFiles,
  parseLogLine,
  parseLogTime,
  readLogs,
  type LogEntry,
  type ReadLogsOptions,
} from '../../../src/services/containers/logs';

function tempLog(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsctl-logs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'c-json.log');
}

const BASE = Date.UTC(2024, 0, 2, 3, 4, 5); // ms
const nsAt = (i: number): bigint => BigInt(BASE) * 1_000_000n + BigInt(i) * 1_000_000_000n + 123n; // i seconds later
const enc = new JsonLogEncoder();

/** Writes entries `msg i` at BASE + i s (stderr for multiples of 7) through the logger's own rotating file. */
function writeEntries(file: RotatingLogFile, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    file.write(enc.encode(Buffer.from(`msg ${i}\n`), i % 7 === 0 ? 'stderr' : 'stdout', formatRFC3339Nano(nsAt(i))));
  }
  file.flush();
}

async function collect(path: string, opts: ReadLogsOptions = {}): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for await (const e of readLogs(nodeLogFiles(), path, opts)) out.push(e);
  return out;
}
const msgs = (es: LogEntry[]): string[] => es.map((e) => e.line.trimEnd());
const range = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, k) => `msg ${from + k}`);

test('parse: json-file lines to entries with full-precision times; junk is skipped', () => {
  const e = parseLogLine('{"log":"hi \\u003cx\\u003e\\n","stream":"stderr","time":"2024-01-02T03:04:05.000123456Z"}');
  assert.deepEqual(e, { stream: 'stderr', time: new Date(BASE), nanos: 123456, line: 'hi <x>\n' });
  assert.equal(parseLogLine('{"log":"x","stream":"stdout","time":"nope"}'), undefined);
  assert.equal(parseLogLine('{"log":"x","time":"2024-01-02T03:04:05Z"}'), undefined);
  assert.equal(parseLogLine('{"log":"x","str'), undefined);
  assert.deepEqual(parseLogTime('2024-01-02T05:04:05.5+02:00'), { time: new Date(BASE + 500), nanos: 500_000_000 });
});

test('formatLogEntry: the line as logged; -t prefixes RFC3339Nano with all 9 digits (Docker RFC3339NanoFixed)', () => {
  const e: LogEntry = { stream: 'stdout', time: new Date(BASE + 120), nanos: 120_000_000, line: 'hello\n' };
  assert.equal(formatLogEntry(e, { timestamps: false }), 'hello\n');
  assert.equal(formatLogEntry(e, { timestamps: true }), '2024-01-02T03:04:05.120000000Z hello\n');
  assert.equal(formatLogEntry({ ...e, time: new Date(BASE), nanos: 7, line: 'partial' }, { timestamps: true }), '2024-01-02T03:04:05.000000007Z partial');
});

test('reads rotated files oldest first; tail spans files; since/until filter after tail', async (t) => {
  const path = tempLog(t);
  const f = new RotatingLogFile(path, { maxSize: 300, maxFile: 4 });
  writeEntries(f, 0, 40);
  f.close();
  // 40 entries of ~75 bytes, 4 per file: the oldest have been rotated away
  const all = await collect(path);
  const first = Number(all[0]?.line.split(' ')[1]);
  assert.ok(first > 0 && first < 40);
  assert.deepEqual(msgs(all), range(first, 40));
  assert.equal(all.filter((e) => e.stream === 'stderr').length, range(first, 40).filter((m) => Number(m.split(' ')[1]) % 7 === 0).length);
  assert.equal(all[0]?.nanos, 123);

  assert.deepEqual(msgs(await collect(path, { tail: 6 })), range(34, 40));
  assert.deepEqual(msgs(await collect(path, { tail: 1 })), ['msg 39']);
  assert.deepEqual(await collect(path, { tail: 0 }), []);
  assert.deepEqual(msgs(await collect(path, { tail: 1000 })), msgs(all));
  assert.deepEqual(msgs(await collect(path, { tail: 'all' })), msgs(all));

  const at = (i: number): Date => new Date(BASE + i * 1000);
  assert.deepEqual(msgs(await collect(path, { since: at(36) })), range(36, 40));
  // since is inclusive; an entry 123 ns after `until` is after it
  assert.deepEqual(msgs(await collect(path, { since: at(35), until: at(37) })), range(35, 37));
  assert.deepEqual(msgs(await collect(path, { tail: 6, since: at(37) })), range(37, 40));
  assert.deepEqual(msgs(await collect(path, { tail: 3, until: at(38) })), ['msg 37']);
});

test('an unterminated last line (being written) and junk lines are left out; a missing log is empty', async (t) => {
  const path = tempLog(t);
  assert.deepEqual(await collect(path), []);
  writeFileSync(path, '');
  const f = new RotatingLogFile(path);
  writeEntries(f, 0, 3);
  f.close();
  appendFileSync(path, 'garbage\n{"log":"half');
  assert.deepEqual(msgs(await collect(path)), range(0, 3));
  // tail counts lines of the file, as Docker's tail reader does: the junk line is one of them
  assert.deepEqual(msgs(await collect(path, { tail: 3 })), ['msg 1', 'msg 2']);
});

test('an until after which an earlier entry follows still ends the read (Docker stops at the first later entry)', async (t) => {
  const path = tempLog(t);
  const f = new RotatingLogFile(path);
  writeEntries(f, 0, 3);
  writeEntries(f, 1, 2); // the clock went back
  f.close();
  assert.deepEqual(msgs(await collect(path, { until: new Date(BASE + 1500) })), ['msg 0', 'msg 1']);
});

test('follow: tail then new entries, across rotations (several between two reads), until stopped and drained', async (t) => {
  const path = tempLog(t);
  const file = new RotatingLogFile(path, { maxSize: 400, maxFile: 10 });
  let n = 0;
  const copier = new JsonFileCopier(file, () => formatRFC3339Nano(nsAt(n++)));
  copier.push('stdout', Buffer.from('before 0\nbefore 1\n'));
  let stop!: () => void;
  const stopped = new Promise<void>((r) => (stop = r));
  const got: string[] = [];
  const reading = (async () => {
    for await (const e of readLogs(nodeLogFiles(), path, { follow: true, tail: 1, stopped, pollMs: 20, drainMs: 200 })) got.push(e.line);
  })();
  await delay(100);
  assert.deepEqual(got, ['before 1\n']);
  // ~30 entries at once: several rotations happen before the reader looks again
  const burst = Array.from({ length: 30 }, (_, i) => `burst ${i}\n`).join('');
  copier.push('stdout', Buffer.from(burst));
  await delay(150);
  copier.push('stderr', Buffer.from('err tail\npartial'));
  stop();
  // written after "stopped" but within the drain time (the logger's last flush)
  await delay(50);
  copier.end('stderr');
  file.close();
  await reading;
  assert.deepEqual(got, ['before 1\n', ...Array.from({ length: 30 }, (_, i) => `burst ${i}\n`), 'err tail\n', 'partial']);
});

test('follow with drainMs 0: what was written before "stopped" is read even when the stop lands mid-read', async (t) => {
  const path = tempLog(t);
  const f = new RotatingLogFile(path);
  writeEntries(f, 0, 1);
  let stop!: () => void;
  const stopped = new Promise<void>((r) => (stop = r));
  const real = nodeLogFiles();
  let sizes = 0;
  // The second size() of the follow loop: the last entry is written and "stopped" fires after the size was taken,
  // as when the exit (with the logger's last write) arrives while a read pass is under way.
  const src = {
    ...real,
    open: async (p: string) => {
      const h = await real.open(p);
      if (!h) return h;
      return {
        id: h.id,
        read: h.read.bind(h),
        close: h.close.bind(h),
        size: async () => {
          const n = await h.size();
          if (++sizes === 3) {
            writeEntries(f, 1, 2);
            f.close();
            stop();
          }
          return n;
        },
      };
    },
  };
  const got: string[] = [];
  for await (const e of readLogs(src, path, { follow: true, stopped, pollMs: 20, drainMs: 0 })) got.push(e.line);
  assert.ok(sizes >= 3, `the reader asked the size ${sizes} times`);
  assert.deepEqual(got.map((l) => l.trim()), ['msg 0', 'msg 1']);
});

test('follow: waits for the log to appear; abort ends it at once; until ends it when the clock passes', async (t) => {
  const path = tempLog(t);
  const ac = new AbortController();
  const got: string[] = [];
  const reading = (async () => {
    for await (const e of readLogs(nodeLogFiles(), path, { follow: true, signal: ac.signal, pollMs: 30 })) got.push(e.line);
  })();
  await delay(60);
  const f = new RotatingLogFile(path);
  f.write(enc.encode(Buffer.from('late\n'), 'stdout', formatRFC3339Nano(BigInt(Date.now()) * 1_000_000n)));
  f.flush();
  for (let i = 0; i < 50 && got.length === 0; i++) await delay(20);
  assert.deepEqual(got, ['late\n']);
  const t0 = Date.now();
  ac.abort();
  await reading;
  assert.ok(Date.now() - t0 < 500);

  const t1 = Date.now();
  const untilRead = await collect(path, { follow: true, until: new Date(Date.now() + 150), pollMs: 1000, drainMs: 10 });
  assert.deepEqual(msgs(untilRead), ['late']);
  assert.ok(Date.now() - t1 >= 140 && Date.now() - t1 < 1000);
  f.close();
});
