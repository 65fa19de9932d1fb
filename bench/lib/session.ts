/**
 * The frame of a harness benchmark: prerequisites and the built bundle checked, a temp directory, clean-ups run
 * in reverse order at the end, after a failure and on SIGINT/SIGTERM/SIGHUP (the harness among them), an
 * AbortSignal that kills running measurements, and the exit code.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { missingPrerequisites } from '../../test/harness/require';

export const log = (s: string): void => void process.stderr.write(`bench: ${s}\n`);

export interface BenchSession {
  /** The run's temp directory (a harness lives in it; removed by the harness clean-up). */
  dir: string;
  signal: AbortSignal;
  /** Registers a clean-up; returns a function that runs it now (and unregisters it). */
  defer(what: string, fn: () => Promise<void>): () => Promise<void>;
}

/** Runs `body` inside a session; `repoRoot` is checked for dist/tsctl.js. */
export function benchMain(repoRoot: string, body: (s: BenchSession) => Promise<void>): void {
  let interrupted = false;
  const abort = new AbortController();
  const cleanups: { what: string; fn: () => Promise<void> }[] = [];
  const runOne = async (c: { what: string; fn: () => Promise<void> }): Promise<void> => {
    await c.fn().catch((e: unknown) => log(`clean-up of ${c.what} failed: ${e instanceof Error ? e.message : String(e)}`));
  };
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (stopping ??= (async () => {
      abort.abort();
      for (const c of cleanups.splice(0).reverse()) await runOne(c);
    })());
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (interrupted) return;
      interrupted = true;
      log(`${sig}: stopping the harness`);
      void shutdown().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
  const run = async (): Promise<void> => {
    const missing = missingPrerequisites();
    if (missing.length > 0) throw new Error(`missing prerequisites (run scripts/setup-host.sh as root):\n  - ${missing.join('\n  - ')}`);
    if (!existsSync(join(repoRoot, 'dist', 'tsctl.js'))) throw new Error('dist/tsctl.js is missing: run `npm run build` (bench/run.sh does)');
    const dir = mkdtempSync(join(tmpdir(), 'tsctl-bench-'));
    const defer = (what: string, fn: () => Promise<void>): (() => Promise<void>) => {
      const entry = { what, fn };
      cleanups.push(entry);
      return async () => {
        const i = cleanups.indexOf(entry);
        if (i < 0) return;
        cleanups.splice(i, 1);
        await fn();
      };
    };
    try {
      await body({ dir, signal: abort.signal, defer });
    } finally {
      if (!interrupted) await shutdown();
    }
  };
  run().catch((e: unknown) => {
    if (interrupted) return;
    log(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
  });
}

/** The two lines about machine load every benchmark prints (start and end of the run); `hint` says what to read. */
export function printLoad(load0: number[], load1: number[], hint: string): void {
  console.log(`load average (1/5/15 min): start ${load0.map((l) => l.toFixed(2)).join(' ')}, end ${load1.map((l) => l.toFixed(2)).join(' ')}`);
  if (Math.max(load0[0] ?? 0, load1[0] ?? 0) > cpus().length) console.log(`NOTE: load above the CPU count: other work competed with the benchmark; ${hint}`);
}

/** Writes bench/results/<name>.json: the date, the machine (with the load at start and end), then `data`. */
export function writeResults(repoRoot: string, name: string, load0: number[], load1: number[], data: Record<string, unknown>): void {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: +(totalmem() / 2 ** 30).toFixed(1), kernel: release(), node: process.version, loadavgStart: load0, loadavgEnd: load1 };
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ date: new Date().toISOString(), machine, ...data }, null, 2)}\n`);
}
