/**
 * What integration tests import: the running harness (from TSCTL_TEST_HARNESS, set by test/run.ts), a `tsctl`
 * runner for the built CLI pointed at that harness, unique resource names, and per-test containerd namespaces.
 * There is no skip path: without a harness the test fails with a message saying how to run it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import { execa } from 'execa';
import { ctr, removeNamespace, type RunResult } from './ctr';
import type { Harness } from './daemons';

export type { Harness } from './daemons';
export type { RunResult } from './ctr';
export { ctr } from './ctr';

/** Repository root (this file is test/harness/env.ts). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The CLI entry the tests run (built by `npm run build`). */
export const TSCTL_BIN = process.env.TSCTL_BIN ?? join(REPO_ROOT, 'bin', 'tsctl');

let cached: Harness | undefined;

/** The harness of this test run. Throws (never skips) when the tests were not started by test/run.ts. */
export function loadHarness(): Harness {
  if (cached !== undefined) return cached;
  const file = process.env.TSCTL_TEST_HARNESS;
  if (file === undefined || file === '') {
    throw new Error(
      'TSCTL_TEST_HARNESS is not set: integration tests need the real-daemon harness. ' +
        'Run them with `bash scripts/test.sh integration` (or `node --import tsx test/run.ts integration`).',
    );
  }
  cached = JSON.parse(readFileSync(file, 'utf8')) as Harness;
  return cached;
}

/** Environment pointing tsctl (and buildctl) at the harness. */
export function harnessEnv(h: Harness = loadHarness()): Record<string, string> {
  return {
    CONTAINERD_ADDRESS: h.containerdAddress,
    TSCTL_CONFIG: h.tsctlConfig,
    BUILDKIT_HOST: h.buildkitHost,
    NO_COLOR: '1',
  };
}

export interface TsctlOptions {
  input?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  cwd?: string;
}

/** Runs `node bin/tsctl ...args` against the harness (argv array, no shell); never rejects on exit codes. */
export async function tsctl(args: string[], opts: TsctlOptions = {}): Promise<RunResult> {
  const r = await execa(process.execPath, [TSCTL_BIN, ...args], {
    reject: false,
    env: { ...harnessEnv(), ...opts.env },
    timeout: opts.timeoutMs ?? 120_000,
    stripFinalNewline: false,
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    ...(opts.input === undefined ? { stdin: 'ignore' as const } : { input: opts.input }),
  });
  if (r.timedOut) throw new Error(`tsctl ${args.join(' ')} timed out after ${opts.timeoutMs ?? 120_000}ms`);
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let counter = 0;

/**
 * `prefix-<pid>-<counter>-<random>`, lowercase and valid as a containerd identifier/namespace and as a Docker
 * container/network/volume name.
 */
export function uniqueName(prefix = 't'): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 't';
  counter += 1;
  return `${clean}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A fresh containerd namespace name for this test; it is emptied and removed (via ctr) after the test. */
export function withNamespace(t: TestContext, prefix = 'ns'): string {
  const ns = uniqueName(prefix);
  const h = loadHarness();
  t.after(() => removeNamespace(h.containerdAddress, ns));
  return ns;
}

/** `ctr` against the harness containerd (observer/clean-up only). */
export function harnessCtr(args: string[], namespace?: string): Promise<RunResult> {
  return ctr(loadHarness().containerdAddress, args, namespace === undefined ? {} : { namespace });
}
