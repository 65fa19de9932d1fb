/**
 * Build benchmark: what `tsctl build` adds on top of `buildctl build` on the same context, on a private harness
 * (containerd + registry + buildkitd with the containerd worker, test/harness/daemons.ts) started for this run and
 * always torn down. The builds are warm (BuildKit's cache holds every step after a first untimed build), so the
 * numbers are overhead: tsctl's start-up, buildkitd discovery, the worker check, and getting the image into the
 * store. Runs alternate (tsctl, buildctl, buildctl, tsctl, …).
 *
 * Metrics (N runs each, min and median):
 * - image exporter: buildkitd's containerd worker shares the namespace. tsctl `-n <worker ns> build -t …` vs
 *   `buildctl build --output type=image,name=…,unpack=true` (what tsctl runs).
 * - load path: another namespace. tsctl `build -t …` (buildctl streams a Docker archive that tsctl loads) vs
 *   `buildctl build --output type=docker,dest=<file>` (the archive only; nothing is loaded).
 * Prints a table and writes bench/results/build.json.
 *
 * Usage (as root): node --import tsx bench/build.ts [--runs N] (default 5)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startHarness, stopHarness } from '../test/harness/daemons';
import { measure, stats, type Stats } from './lib/measure';
import { benchMain, log, printLoad, writeResults, type BenchSession } from './lib/session';

const args = process.argv.slice(2);
const i = args.indexOf('--runs');
const runs = Number(i >= 0 ? args[i + 1] : '5');
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs wants a positive integer');
const repoRoot = join(import.meta.dirname, '..');

async function main({ dir, signal, defer }: BenchSession): Promise<void> {
  defer(`harness in ${dir}`, () => stopHarness({ dir }));
  const load0 = loadavg();
  log(`starting a private harness in ${dir}`);
  const h = await startHarness(dir);
  const ctx = join(dir, 'bench-ctx');
  mkdirSync(ctx, { recursive: true });
  writeFileSync(join(ctx, 'data.txt'), 'x'.repeat(1 << 20));
  writeFileSync(join(ctx, 'Dockerfile'), `FROM ${h.images.busybox}\nCOPY data.txt /data.txt\nRUN cat /data.txt | wc -c > /size\n`);
  const scratch = join(dir, 'bench');
  mkdirSync(scratch, { recursive: true });
  const env = { CONTAINERD_ADDRESS: h.containerdAddress, TSCTL_CONFIG: h.tsctlConfig, BUILDKIT_HOST: h.buildkitHost, NO_COLOR: '1' };
  const tsctl = (ns: string, ...rest: string[]): string[] => [process.execPath, join(repoRoot, 'bin', 'tsctl'), '-n', ns, ...rest];
  const buildctl = (output: string): string[] => [
    'buildctl', '--addr', h.buildkitHost, 'build', '--frontend', 'dockerfile.v0', '--local', `context=${ctx}`, '--local', `dockerfile=${ctx}`,
    '--opt', 'filename=Dockerfile', '--progress', 'plain', '--output', output,
  ];
  const otherNs = 'bench-build';
  const cases: Record<string, Record<string, string[]>> = {
    'image exporter': {
      tsctl: tsctl(h.buildkitNamespace, 'build', '--progress', 'plain', '-t', 'bench/build:direct', ctx),
      buildctl: buildctl('type=image,name=docker.io/bench/build:direct-b,unpack=true'),
    },
    'load path': {
      tsctl: tsctl(otherNs, 'build', '--progress', 'plain', '-t', 'bench/build:load', ctx),
      buildctl: buildctl(`type=docker,name=docker.io/bench/build:load-b,dest=${join(scratch, 'out.tar')}`),
    },
  };
  const results: Array<{ metric: string; tool: string; run: number; ms: number; rssKiB?: number }> = [];
  for (const [metric, tools] of Object.entries(cases)) {
    for (const argv of Object.values(tools)) {
      const s = await measure(argv, { env, scratch, signal });
      if (!s.ok) throw new Error(`${argv.join(' ')} failed:\n${s.lines.slice(-10).map((l) => l.text).join('\n')}`);
    }
    for (let run = 0; run < runs; run++) {
      const order = run % 2 === 0 ? ['tsctl', 'buildctl'] : ['buildctl', 'tsctl'];
      for (const tool of order) {
        const s = await measure(tools[tool] ?? [], { env, scratch, signal });
        if (!s.ok) throw new Error(`${tool} ${metric} failed:\n${s.lines.slice(-10).map((l) => l.text).join('\n')}`);
        results.push({ metric, tool, run, ms: s.ms, ...(s.rssKiB === undefined ? {} : { rssKiB: s.rssKiB }) });
      }
    }
  }
  const load1 = loadavg();
  const rows: Array<{ metric: string; tsctl: Stats; buildctl: Stats }> = Object.keys(cases).map((metric) => ({
    metric,
    tsctl: stats(results.filter((r) => r.metric === metric && r.tool === 'tsctl').map((r) => r.ms / 1000)),
    buildctl: stats(results.filter((r) => r.metric === metric && r.tool === 'buildctl').map((r) => r.ms / 1000)),
  }));
  printLoad(load0, load1, 'read the min columns');
  console.log(`runs: ${runs} per metric (warm BuildKit cache); seconds`);
  console.log(`${'metric'.padEnd(18)}${'tsctl min'.padEnd(11)}${'tsctl median'.padEnd(14)}${'buildctl min'.padEnd(14)}${'buildctl median'.padEnd(17)}overhead (median)`);
  for (const r of rows) {
    console.log(
      `${r.metric.padEnd(18)}${r.tsctl.min.toFixed(2).padEnd(11)}${r.tsctl.median.toFixed(2).padEnd(14)}${r.buildctl.min.toFixed(2).padEnd(14)}` +
        `${r.buildctl.median.toFixed(2).padEnd(17)}${(r.tsctl.median - r.buildctl.median).toFixed(2)} s`,
    );
  }
  writeResults(repoRoot, 'build', load0, load1, { runs, versions: h.versions, rows, samples: results });
}

benchMain(repoRoot, main);
