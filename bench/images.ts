/**
 * Image benchmark: `tsctl pull` / `tsctl push` of a 4-layer ~70 MB (gzip) image against a local registry, side
 * by side with `ctr` (and nerdctl when installed), on a private harness (containerd + registry, see
 * test/harness/daemons.ts) started for this run and always torn down.
 *
 * Metrics (N runs each, min and median):
 * - cold pull: fresh namespace, and none of the image's blobs anywhere in containerd (the content store is
 *   shared across namespaces: a blob present in any namespace is not downloaded again). Before every cold run
 *   the previous namespace is emptied and removed, and the run waits until containerd's GC has deleted the blob
 *   files and snapshot directories. Order alternates (tsctl, ctr, ctr, tsctl, …).
 * - pull with the blobs already in containerd (another namespace holds them, so nothing is transferred): the
 *   fresh namespace still needs every layer unpacked: isolates containerd's unpack, the same for every client.
 * - warm re-pull: the image is already in the namespace.
 * - push to a new repository of the same registry (both clients mount the blobs cross-repository).
 * - warm push: the same push to the same repository again (every blob and the manifest exist).
 * - push to an empty registry (a fresh docker-registry per run): every blob is uploaded.
 * - peak RSS and CPU time of the client during the cold pull; containerd's CPU time meanwhile.
 * Prints a table and writes bench/results/images.json.
 *
 * Usage (as root): node --import tsx bench/images.ts [--runs N] (default 5) [--compare /other/checkout/bin/tsctl]
 * (--compare adds a second tsctl build, e.g. with a patched src/, as column `tsctl-b`: an A/B in the same run.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ctr, ctrList, removeNamespace } from '../test/harness/ctr';
import { startHarness, stopHarness, type Harness } from '../test/harness/daemons';
import { OCI_MANIFEST } from '../test/harness/image';
import { pollUntil } from '../test/harness/wait';
import { buildBigImage, type BigImage } from './lib/big-image';
import { childNamed, measure, stats, GNU_TIME, type Sample, type Stats } from './lib/measure';
import { pushLayout, startScratchRegistry } from './lib/registry';
import { benchMain, log, printLoad, writeResults, type BenchSession } from './lib/session';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const runs = Number(opt('--runs', '5'));
/** Another tsctl launcher (e.g. a patched checkout's bin/tsctl) measured as `tsctl-b` next to this one. */
const compareBin = opt('--compare', '');
/** `--only cold`: only the cold pulls (a quick loop while working on pull). */
const only = opt('--only', '');
if (only !== '' && only !== 'cold') throw new Error(`--only wants "cold", got ${only}`);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs wants a positive integer, got ${opt('--runs', '')}`);
const repoRoot = join(import.meta.dirname, '..');
const has = (cmd: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** `tsctl`, `ctr`, `nerdctl`, or `tsctl-b` (a second tsctl build given with --compare). */
type ToolName = string;
interface Tool {
  name: ToolName;
  env: Record<string, string>;
  pull(ns: string, ref: string): string[];
  /** Commands to run (untimed) before the push, and the push itself. */
  push(ns: string, local: string, remote: string): { prepare: string[][]; run: string[] };
}

function tsctlTool(h: Harness, name: string, bin: string): Tool {
  const tsctl = (ns: string, ...rest: string[]): string[] => [process.execPath, bin, '--address', h.containerdAddress, '-n', ns, ...rest];
  return {
    name,
    env: { TSCTL_CONFIG: h.tsctlConfig, NO_COLOR: '1' },
    pull: (ns, ref) => tsctl(ns, 'pull', ref),
    push: (ns, local, remote) => ({ prepare: [tsctl(ns, 'tag', local, remote)], run: tsctl(ns, 'push', remote) }),
  };
}

function tools(h: Harness): Tool[] {
  const a = h.containerdAddress;
  const list: Tool[] = [
    tsctlTool(h, 'tsctl', join(repoRoot, 'bin', 'tsctl')),
    {
      name: 'ctr',
      env: {},
      pull: (ns, ref) => ['ctr', '--address', a, '-n', ns, 'images', 'pull', '--plain-http', ref],
      push: (ns, local, remote) => ({ prepare: [], run: ['ctr', '--address', a, '-n', ns, 'images', 'push', '--plain-http', remote, local] }),
    },
  ];
  if (compareBin !== '') list.push(tsctlTool(h, 'tsctl-b', compareBin));
  if (has('nerdctl')) {
    const nerdctl = (ns: string, ...rest: string[]): string[] => ['nerdctl', '--address', a, '--namespace', ns, ...rest];
    list.push({
      name: 'nerdctl',
      env: {},
      pull: (ns, ref) => nerdctl(ns, 'pull', '--insecure-registry', ref),
      push: (ns, local, remote) => ({ prepare: [nerdctl(ns, 'tag', local, remote)], run: nerdctl(ns, 'push', '--insecure-registry', remote) }),
    });
  }
  return list;
}

/** Go's time.Duration text (`5.31s`, `812.3ms`, `1m2.5s`) in ms. */
function goDurationMs(s: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(h|m(?!s)|s|ms|µs|us|ns)/g;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, µs: 1e-3, us: 1e-3, ns: 1e-6 };
  let total = 0;
  let any = false;
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * (unit[m[2] ?? ''] ?? NaN);
    any = true;
  }
  return any && Number.isFinite(total) ? total : undefined;
}

/**
 * When the downloads were over (ms since start) and how long unpacking went on after that, from the client's
 * output: ctr prints `done: <unpack duration>` after fetching everything; tsctl prints Docker's per-layer lines
 * (downloads and extraction overlap: the tail is what is left of unpacking after the last download).
 */
function phases(tool: ToolName, s: Sample): { downloadsDoneMs?: number; unpackTailMs?: number } {
  if (tool === 'ctr') {
    const done = [...s.lines].reverse().find((l) => /^done: /.test(l.text));
    const unpack = done === undefined ? undefined : goDurationMs(done.text.slice('done: '.length).trim());
    return unpack === undefined ? {} : { downloadsDoneMs: s.ms - unpack, unpackTailMs: unpack };
  }
  const dl = s.lines.filter((l) => /: (Download complete|Already exists)$/.test(l.text)).pop();
  return dl === undefined ? {} : { downloadsDoneMs: dl.ms, unpackTailMs: s.ms - dl.ms };
}

interface Run {
  metric: string;
  tool: ToolName;
  run: number;
  /** 1-minute load average when the run started. */
  load: number;
  sample: Omit<Sample, 'lines'>;
  downloadsDoneMs?: number;
  unpackTailMs?: number;
}

async function main({ dir, signal, defer }: BenchSession): Promise<void> {
  defer(`harness in ${dir}`, () => stopHarness({ dir }));
  const load0 = loadavg();
  log(`starting a private harness in ${dir} and preparing the image`);
  // allSettled: a failed image build must not leave startHarness running while the clean-up stops it.
  const [started, built] = await Promise.allSettled([startHarness(dir), buildBigImage({ repoRoot, fallbackDir: join(dir, 'bench-image'), log })]);
  if (started.status === 'rejected') throw started.reason;
  if (built.status === 'rejected') throw built.reason;
  const h = started.value;
  const img = built.value;
  log(
    `image: ${img.layers.length} layers, ${(img.compressedBytes / 1e6).toFixed(1)} MB gzip (${(img.uncompressedBytes / 1e6).toFixed(1)} MB unpacked), ` +
      `${img.fromCache ? 'from cache' : 'built'} ${img.layoutDir} in ${(img.buildMs / 1000).toFixed(1)} s`,
  );
  const repository = 'bench/big';
  await pushLayout(img, h.registryHost, repository, 'latest');
  const ref = `${h.registryHost}/${repository}:latest`;
  const address = h.containerdAddress;
  const ctrdPid = h.pids.containerd === undefined ? undefined : childNamed(h.pids.containerd, 'containerd');
  const scratch = join(dir, 'bench');
  mkdirSync(scratch, { recursive: true });
  const list = tools(h);
  const results: Run[] = [];
  const digests = [...img.layers.map((l) => l.digest), img.configDigest, img.manifestDigest];
  const root = join(dir, 'containerd', 'root');
  const blobsDir = join(root, 'io.containerd.content.v1.content', 'blobs', 'sha256');
  const snapsDir = join(root, 'io.containerd.snapshotter.v1.overlayfs', 'snapshots');
  const count = (d: string): number => (existsSync(d) ? readdirSync(d).length : 0);
  const baseSnapshots = count(snapsDir);

  const timed = async (metric: string, tool: Tool, run: number, argv: string[]): Promise<Sample> => {
    const load = loadavg()[0] ?? NaN;
    const s = await measure(argv, { env: tool.env, scratch, ...(ctrdPid === undefined ? {} : { daemonPid: ctrdPid }), signal });
    if (!s.ok) throw new Error(`${argv.join(' ')} exited with ${s.exitCode}:\n${s.lines.slice(-10).map((l) => l.text).join('\n')}`);
    const { lines: _lines, ...sample } = s;
    results.push({ metric, tool: tool.name, run, load, sample, ...(metric === 'cold pull' ? phases(tool.name, s) : {}) });
    return s;
  };
  const untimed = async (argv: string[], env: Record<string, string>): Promise<void> => {
    const s = await measure(argv, { env, scratch, signal });
    if (!s.ok) throw new Error(`${argv.join(' ')} exited with ${s.exitCode}:\n${s.lines.slice(-10).map((l) => l.text).join('\n')}`);
  };
  /** Nothing of the image left in containerd: no namespace lists a blob, blob files and snapshots are gone. */
  const assertClean = async (): Promise<void> => {
    for (const ns of await ctrList(address, ['namespaces', 'ls'])) {
      const held = (await ctrList(address, ['content', 'ls'], ns)).filter((d) => digests.includes(d));
      if (held.length > 0) throw new Error(`namespace ${ns} still holds ${held.join(', ')}`);
    }
    await pollUntil(
      'containerd GC removing the image blobs and snapshots',
      async () => digests.every((d) => !existsSync(join(blobsDir, d.slice('sha256:'.length)))) && count(snapsDir) <= baseSnapshots,
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  };
  const assertPulled = async (ns: string): Promise<void> => {
    const images = await ctrList(address, ['images', 'ls'], ns);
    if (!images.includes(ref)) throw new Error(`after the pull, namespace ${ns} has no image ${ref} (${images.join(', ')})`);
    const snaps = await ctr(address, ['snapshots', 'ls'], { namespace: ns });
    const n = snaps.stdout.split('\n').filter((l) => l.trim() !== '').length - 1;
    if (n < img.layers.length) throw new Error(`after the pull, namespace ${ns} has ${n} snapshots, want ${img.layers.length} (not unpacked?)`);
  };
  const assertPushed = async (host: string, repo: string, tag: string, blobsToo: boolean): Promise<void> => {
    const res = await fetch(`http://${host}/v2/${repo}/manifests/${tag}`, { method: 'HEAD', headers: { accept: OCI_MANIFEST } });
    const got = res.headers.get('docker-content-digest');
    if (res.status !== 200 || got !== img.manifestDigest) throw new Error(`push to ${host}/${repo}:${tag}: registry has ${res.status} ${got}, want ${img.manifestDigest}`);
    if (!blobsToo) return;
    for (const l of img.layers) {
      const b = await fetch(`http://${host}/v2/${repo}/blobs/${l.digest}`, { method: 'HEAD' });
      if (b.status !== 200) throw new Error(`push to ${host}/${repo}: layer ${l.digest} missing (${b.status})`);
    }
  };
  const order = (i: number): Tool[] => (i % 2 === 0 ? list : [...list].reverse());

  // --- cold pull ----------------------------------------------------------------------------------
  for (let i = 0; i < runs; i++) {
    for (const tool of order(i)) {
      const ns = `bench-cold-${tool.name}-${i}`;
      await assertClean();
      const dropNs = defer(`namespace ${ns}`, () => removeNamespace(address, ns));
      const s = await timed('cold pull', tool, i, tool.pull(ns, ref));
      await assertPulled(ns);
      await dropNs();
      log(`cold pull ${i + 1}/${runs} ${tool.name}: ${(s.ms / 1000).toFixed(2)} s, peak RSS ${((s.rssKiB ?? NaN) / 1024).toFixed(0)} MB`);
    }
  }
  await assertClean();
  if (only === 'cold') return report();

  // --- pull with the blobs already in the content store (another namespace holds them): unpack only ------
  const seedNs = 'bench-seed';
  const dropSeed = defer(`namespace ${seedNs}`, () => removeNamespace(address, seedNs));
  const seeded = await ctr(address, ['content', 'fetch', '--plain-http', ref], { namespace: seedNs, timeoutMs: 300_000 });
  if (seeded.exitCode !== 0) throw new Error(`ctr content fetch ${ref}: ${seeded.stderr.trim()}`);
  for (let i = 0; i < runs; i++) {
    for (const tool of order(i)) {
      const ns = `bench-unpack-${tool.name}-${i}`;
      await pollUntil('containerd GC removing the previous snapshots', async () => count(snapsDir) <= baseSnapshots, { timeoutMs: 60_000, intervalMs: 100 });
      const dropNs = defer(`namespace ${ns}`, () => removeNamespace(address, ns));
      await timed('pull, blobs present', tool, i, tool.pull(ns, ref));
      await assertPulled(ns);
      await dropNs();
    }
  }
  await dropSeed();
  await assertClean();
  log('pulls with the blobs present done');

  // --- warm re-pull, then pushes from the warm namespaces --------------------------------------------
  const warmNs = (t: Tool): string => `bench-warm-${t.name}`;
  for (const tool of list) {
    defer(`namespace ${warmNs(tool)}`, () => removeNamespace(address, warmNs(tool)));
    await untimed(tool.pull(warmNs(tool), ref), tool.env);
  }
  for (let i = 0; i < runs; i++) {
    for (const tool of order(i)) {
      await timed('warm re-pull', tool, i, tool.pull(warmNs(tool), ref));
      await assertPulled(warmNs(tool));
    }
  }
  log('warm re-pulls done');
  for (let i = 0; i < runs; i++) {
    for (const tool of order(i)) {
      const repo = `bench/push-${tool.name}-${i}`;
      const target = `${h.registryHost}/${repo}:latest`;
      const p = tool.push(warmNs(tool), ref, target);
      for (const c of p.prepare) await untimed(c, tool.env);
      await timed('push, new repo, same registry', tool, i, p.run);
      await assertPushed(h.registryHost, repo, 'latest', false);
      // Warm push: the same repository again, every blob and the manifest already there.
      await timed('push, all blobs in repo', tool, i, p.run);
    }
  }
  log('pushes to the same registry done');
  for (let i = 0; i < runs; i++) {
    for (const tool of order(i)) {
      const reg = await startScratchRegistry(join(scratch, `registry-${tool.name}-${i}`));
      const stopReg = defer(`scratch registry ${reg.host}`, () => reg.stop());
      const target = `${reg.host}/${repository}:latest`;
      const p = tool.push(warmNs(tool), ref, target);
      for (const c of p.prepare) await untimed(c, tool.env);
      const s = await timed('push, empty registry', tool, i, p.run);
      await assertPushed(reg.host, repository, 'latest', true);
      await stopReg();
      log(`push to an empty registry ${i + 1}/${runs} ${tool.name}: ${(s.ms / 1000).toFixed(2)} s`);
    }
  }
  return report();

  // --- report --------------------------------------------------------------------------------------
  function report(): void {
    const load1 = loadavg();
    const pick = (metric: string, tool: ToolName, f: (r: Run) => number | undefined): Stats =>
      stats(results.filter((r) => r.metric === metric && r.tool === tool).map((r) => f(r) ?? NaN));
    /** Median over runs of tsctl's value / the other tool's value in the same run (the two ran back to back). */
    const paired = (metric: string, other: ToolName, f: (r: Run) => number | undefined): number => {
      const of = (tool: ToolName, i: number): number => {
        const r = results.find((x) => x.metric === metric && x.tool === tool && x.run === i);
        return r === undefined ? NaN : (f(r) ?? NaN);
      };
      return stats(Array.from({ length: runs }, (_, i) => of('tsctl', i) / of(other, i))).median;
    };
    const rows: { metric: string; unit: string; byTool: Record<ToolName, Stats>; pairedRatio: Record<ToolName, number> }[] = [];
    const row = (metric: string, label: string, unit: string, f: (r: Run) => number | undefined): void => {
      if (!results.some((r) => r.metric === metric)) return; // a section left out (--only)
      const byTool: Record<ToolName, Stats> = {};
      const pairedRatio: Record<ToolName, number> = {};
      for (const t of list) {
        byTool[t.name] = pick(metric, t.name, f);
        if (t.name !== 'tsctl') pairedRatio[t.name] = paired(metric, t.name, f);
      }
      rows.push({ metric: label, unit, byTool, pairedRatio });
    };
    const secs = (r: Run): number => r.sample.ms / 1000;
    row('cold pull', 'cold pull', 's', secs);
    row('cold pull', '  downloads done at', 's', (r) => (r.downloadsDoneMs === undefined ? undefined : r.downloadsDoneMs / 1000));
    row('cold pull', '  unpacking after that', 's', (r) => (r.unpackTailMs === undefined ? undefined : r.unpackTailMs / 1000));
    row('cold pull', '  client CPU (user+sys)', 's', (r) => (r.sample.userS ?? NaN) + (r.sample.sysS ?? NaN));
    row('cold pull', '  containerd CPU', 's', (r) => r.sample.daemonCpuS);
    row('cold pull', '  client peak RSS', 'MB', (r) => (r.sample.rssKiB === undefined ? undefined : r.sample.rssKiB / 1024));
    row('pull, blobs present', 'pull, blobs in store', 's', secs);
    row('warm re-pull', 'warm re-pull', 's', secs);
    row('push, new repo, same registry', 'push, new repo (mount)', 's', secs);
    row('push, all blobs in repo', 'push again (warm, all blobs in repo)', 's', secs);
    row('push, empty registry', 'push, empty registry (cold)', 's', secs);

    const others = list.filter((t) => t.name !== 'tsctl');
    const fmt = (n: number | undefined, unit: string): string => (n === undefined || !Number.isFinite(n) ? '-' : unit === 'MB' ? n.toFixed(0) : n.toFixed(2));
    const header = ['metric', 'unit', 'tsctl min', 'tsctl median', ...others.flatMap((t) => [`${t.name} min`, `${t.name} median`, `tsctl/${t.name}`, 'paired'])];
    const widths = [Math.max(26, ...rows.map((r) => r.metric.length + 2)), 5, 11, 14, ...others.flatMap((t) => [t.name.length + 6, t.name.length + 9, t.name.length + 8, 8])];
    const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 12)).join('');
    const cpuCount = cpus().length;
    console.log(
      `image: ${img.layers.length} layers, ${(img.compressedBytes / 1e6).toFixed(1)} MB gzip, ${(img.uncompressedBytes / 1e6).toFixed(1)} MB unpacked; ` +
        `runs: ${runs} per metric; ${cpuCount} CPUs, node ${process.version}, ${h.versions.containerd.split(' ').slice(2, 3).join('')}`,
    );
    printLoad(load0, load1, 'read the min and paired columns');
    console.log(`tsctl/X = ratio of the medians; paired = median over runs of tsctl/X within a run (the two ran back to back)`);
    console.log(line(header));
    for (const r of rows) {
      const t = r.byTool.tsctl;
      const cells = [r.metric, r.unit, fmt(t?.min, r.unit), fmt(t?.median, r.unit)];
      for (const o of others) {
        const s = r.byTool[o.name];
        const ratio = t && s && s.median > 0 ? `${(t.median / s.median).toFixed(2)}x` : '-';
        const p = r.pairedRatio[o.name];
        cells.push(fmt(s?.min, r.unit), fmt(s?.median, r.unit), ratio, p === undefined || !Number.isFinite(p) ? '-' : `${p.toFixed(2)}x`);
      }
      console.log(line(cells));
    }
    const cold = rows[0]?.byTool;
    if (cold?.tsctl && cold.ctr) {
      const ok = cold.tsctl.median <= cold.ctr.median;
      console.log(
        `goal (issue 3): cold pull tsctl median ${cold.tsctl.median.toFixed(2)} s ${ok ? '<=' : '>'} ctr median ${cold.ctr.median.toFixed(2)} s: ${ok ? 'MET' : 'NOT MET'} ` +
          `(min: ${cold.tsctl.min.toFixed(2)} vs ${cold.ctr.min.toFixed(2)} s)`,
      );
    }
    if (!existsSync(GNU_TIME)) console.log(`(no ${GNU_TIME}: RSS from /proc VmHWM polling, CPU columns empty; apt-get install time)`);
    writeResults(repoRoot, 'images', load0, load1, {
      runs,
      versions: h.versions,
      image: { ref: ref.replace(h.registryHost, '<registry>'), ...img },
      rows,
      samples: results,
    });
  }
}

benchMain(repoRoot, main);
