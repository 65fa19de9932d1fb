/**
 * Test runner entry: `node --import tsx test/run.ts [unit|integration|all] [path-filter...]`.
 *
 * unit         node:test over test/unit/** and test/commands/** (pure: no daemons).
 * integration  starts the real-daemon harness (test/harness/daemons.ts) in /tmp/tsctl-test-XXXXXX and runs
 *              test/integration/** against it; `all` runs unit + integration against it.
 * Missing prerequisites fail the run (never a skip). The harness is always torn down (also on SIGINT/SIGTERM),
 * and the exit code is the test process's.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { harnessDirs, startHarness, stopHarness, type Harness } from './harness/daemons';
import { alive } from './harness/procs';
import { missingPrerequisites } from './harness/require';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const HARNESS_PREFIX = 'tsctl-test-';
const say = (msg: string): void => void process.stderr.write(`test: ${msg}\n`);

/** Every `*.test.ts` below `dir`, sorted (node 20's --test does not expand globs). */
function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts') && !f.split('/').includes('node_modules'))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

let child: ReturnType<typeof spawn> | undefined;

function runNodeTest(files: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const timeout = process.env.TSCTL_TEST_TIMEOUT_MS ?? '300000';
  const args = ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-timeout=${timeout}`, ...files];
  say(`node ${args.slice(0, 5).join(' ')} <${files.length} files>`);
  return new Promise((resolve) => {
    child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code, sig) => resolve(code ?? 128 + (sig === 'SIGINT' ? 2 : 15)));
    child.on('error', (err) => {
      say(`cannot start node --test: ${err.message}`);
      resolve(1);
    });
  });
}

/** Tears down harness dirs left by runners that died (their owner pid is gone). */
async function sweepStale(): Promise<void> {
  for (const dir of harnessDirs('/tmp', HARNESS_PREFIX)) {
    const ownerFile = join(dir, 'owner.pid');
    if (!existsSync(ownerFile)) {
      // Another runner may be between mkdtemp and writing owner.pid: only old dirs without an owner are stale.
      if (Date.now() - statSync(dir).mtimeMs < 120_000) continue;
    } else if (alive(Number(readFileSync(ownerFile, 'utf8')))) continue;
    say(`removing stale harness ${dir}`);
    await stopHarness({ dir }).catch((err: unknown) => say(`  could not: ${String(err)}`));
  }
}

function describe(h: Harness): void {
  const v = h.versions;
  say(`harness ready in ${h.startupMs} ms at ${h.dir}`);
  say(`  containerd ${v.containerd}  (${h.containerdAddress})`);
  say(`  runc       ${v.runc}`);
  say(`  buildkitd  ${v.buildkit}  (${h.buildkitHost}, worker=${h.buildkitWorker}, namespace=${h.buildkitNamespace})`);
  say(`  registry   ${v.registry}  (http://${h.registryHost}, image ${h.images.busybox})`);
}

async function main(): Promise<number> {
  const mode = process.argv[2] ?? 'all';
  if (!['unit', 'integration', 'all'].includes(mode)) {
    say(`unknown mode '${mode}' (use unit, integration or all)`);
    return 2;
  }
  const unit = [...testFiles(join(REPO, 'test', 'unit')), ...testFiles(join(REPO, 'test', 'commands'))];
  const integration = testFiles(join(REPO, 'test', 'integration'));
  // Optional filters after the mode: only the test files whose path contains one of them (for focused runs).
  const filters = process.argv.slice(3);
  const all = mode === 'unit' ? unit : mode === 'integration' ? integration : [...unit, ...integration];
  const files = filters.length === 0 ? all : all.filter((f) => filters.some((x) => f.includes(x)));
  if (files.length === 0) {
    say(`no ${mode} test files found`);
    return 1;
  }
  if (mode === 'unit') return runNodeTest(files.map((f) => relative(REPO, f)), process.env);

  const missing = missingPrerequisites();
  if (missing.length > 0) {
    say(`missing prerequisites for the integration tests${process.env.CI === 'true' ? ' (CI: this is a hard failure)' : ''}:`);
    for (const m of missing) say(`  - ${m}`);
    say('run `bash scripts/setup-host.sh` as root to install them');
    return 1;
  }
  await sweepStale();
  const dir = mkdtempSync(join('/tmp', HARNESS_PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  let stopping: Promise<void> | undefined;
  const teardown = (code: number): Promise<void> =>
    (stopping ??= (async () => {
      if (code !== 0 && existsSync(join(dir, 'logs'))) {
        const keep = mkdtempSync('/tmp/tsctl-logs-');
        cpSync(join(dir, 'logs'), keep, { recursive: true });
        say(`daemon logs kept in ${keep}`);
      }
      await stopHarness({ dir }).catch((err: unknown) => say(`teardown problem: ${String(err)}`));
      say('harness stopped');
    })());
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      say(`${sig}: stopping tests and harness`);
      child?.kill(sig);
      void teardown(1).then(() => process.exit(128 + (sig === 'SIGINT' ? 2 : 15)));
    });
  }
  let code = 1;
  try {
    say(`starting harness in ${dir}`);
    const h = await startHarness(dir);
    describe(h);
    code = await runNodeTest(files.map((f) => relative(REPO, f)), { ...process.env, TSCTL_TEST_HARNESS: join(dir, 'harness.json') });
  } catch (err) {
    say(`harness failed: ${err instanceof Error ? err.message : String(err)}`);
    code = 1;
  } finally {
    await teardown(code);
  }
  return code;
}

process.exitCode = await main();
