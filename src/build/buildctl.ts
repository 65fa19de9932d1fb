/**
 * The buildctl adapter: runs BuildKit's client (execa) against one buildkitd. buildctl's progress goes to the
 * given stderr sink as it comes (held back with -q and shown only on failure); its final `error: …` lines become
 * the thrown BuildError, so the CLI prints BuildKit's own words once. The export's stdout is either streamed to a
 * consumer (a Docker/OCI archive for the load path) or copied to the given stdout sink (`-o -`).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { execa } from 'execa';
import { CancelledError, DaemonUnavailableError, TsctlError } from '../errors/index';

export class BuildError extends TsctlError {
  constructor(message: string) {
    super('FAILED_PRECONDITION', message, 1);
    this.name = 'BuildError';
  }
}

export interface BuildctlRunOptions<T> {
  /** Consumes buildctl's stdout (the exported archive); without it stdout is copied to the adapter's stdout. */
  consume?: (stdout: AsyncIterable<Uint8Array>) => Promise<T>;
}

export interface BuildctlBuildResult<T> {
  /** The build's metadata file (containerimage.config.digest, containerimage.digest, image.name, …). */
  metadata: Record<string, unknown>;
  consumed: T | undefined;
}

export interface BuildctlPort {
  /** The workers' labels (`buildctl debug workers`). */
  workerLabels(): Promise<Array<Record<string, string>>>;
  /** Runs `buildctl build …` (argv from buildctlBuildArgs, without --metadata-file: the adapter adds it). */
  build<T>(argv: string[], opts?: BuildctlRunOptions<T>): Promise<BuildctlBuildResult<T>>;
  /** Runs a non-build buildctl command; returns its stdout. */
  run(argv: string[]): Promise<string>;
}

export interface BuildctlAdapterOptions {
  bin?: string;
  /** buildkitd address, for the commands the adapter composes itself (workers). */
  addr: string;
  stdout: Writable;
  stderr: Writable;
  /** Hold progress back; show it only when the build fails. */
  quiet: boolean;
  /**
   * Give buildctl the terminal as its stderr (`--progress tty` needs a console); its error lines then reach the
   * user directly and the thrown BuildError has an empty message.
   */
  inheritStderr?: boolean;
  signal?: AbortSignal | undefined;
  env?: Record<string, string | undefined>;
}

/** The `error: …` lines buildctl ends with, as one message ("failed to solve: …"). */
export function errorText(lines: readonly string[], fallback: string): string {
  const errs = lines.filter((l) => /^error: /.test(l)).map((l) => l.replace(/^error: /, ''));
  return errs.length > 0 ? errs.join('\n') : fallback;
}

function failureFromUnavailable(text: string): TsctlError | undefined {
  if (/connection error|Unavailable|no such file or directory|connection refused/.test(text) && /dial|connect/.test(text)) {
    return new DaemonUnavailableError(`buildkitd is not reachable: ${text}`);
  }
  return undefined;
}

export function buildctlAdapter(o: BuildctlAdapterOptions): BuildctlPort {
  const bin = o.bin ?? 'buildctl';

  /** Splits stderr into lines: `error: …` lines are kept for the error, the rest go to stderr (or the buffer). */
  function stderrSink(): { write: (chunk: Buffer) => void; end: () => void; errors: string[]; held: string[] } {
    const errors: string[] = [];
    const held: string[] = [];
    let rest = '';
    const emit = (line: string, nl: boolean): void => {
      if (/^error: /.test(line)) {
        errors.push(line);
        return;
      }
      const text = nl ? `${line}\n` : line;
      if (o.quiet) held.push(text);
      else o.stderr.write(text);
    };
    return {
      errors,
      held,
      write(chunk) {
        const s = rest + chunk.toString('utf8');
        const parts = s.split('\n');
        rest = parts.pop() ?? '';
        for (const p of parts) emit(p, true);
      },
      end() {
        if (rest !== '') emit(rest, false);
        rest = '';
      },
    };
  }

  async function exec<T>(
    argv: string[],
    consume: ((s: AsyncIterable<Uint8Array>) => Promise<T>) | 'capture' | 'copy',
    inherit = false,
  ): Promise<{ consumed: T | undefined; stdout: string }> {
    const child = execa(bin, argv, {
      reject: false,
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: inherit ? 'inherit' : 'pipe',
      buffer: false,
      ...(o.signal ? { cancelSignal: o.signal } : {}),
      ...(o.env ? { env: o.env, extendEnv: true } : {}),
    });
    const sink = stderrSink();
    (child.stderr as Readable | null)?.on('data', (c: Buffer) => sink.write(c));
    let consumed: T | undefined;
    let captured = '';
    let consumeError: unknown;
    const out = child.stdout as Readable;
    let streamed = 0;
    async function* counted(): AsyncIterable<Uint8Array> {
      for await (const c of out as AsyncIterable<Uint8Array>) {
        streamed += c.length;
        yield c;
      }
    }
    const reading =
      typeof consume === 'function'
        ? consume(counted()).then(
            (v) => {
              consumed = v;
            },
            (e: unknown) => {
              consumeError = e;
              out.destroy();
              child.kill();
            },
          )
        : new Promise<void>((resolve) => {
            out.on('data', (c: Buffer) => {
              if (consume === 'capture') captured += c.toString('utf8');
              else o.stdout.write(c);
            });
            out.on('end', resolve);
            out.on('close', resolve);
          });
    let result;
    try {
      result = await child;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new DaemonUnavailableError(`${bin} not found in PATH: install BuildKit (bash scripts/install-buildkit.sh)`, { cause: e });
      }
      throw e;
    }
    await reading;
    sink.end();
    if ((result as { code?: string }).code === 'ENOENT') {
      throw new DaemonUnavailableError(`${bin} not found in PATH: install BuildKit (bash scripts/install-buildkit.sh)`);
    }
    if (o.signal?.aborted === true) throw new CancelledError('build cancelled');
    // The consumer (the load path) failing kills buildctl: its error is the one to report, unless it failed on
    // an empty stream, which only means buildctl failed first.
    if (consumeError !== undefined && (streamed > 0 || result.exitCode === 0)) throw consumeError;
    if (result.exitCode !== 0) {
      if (inherit) throw new BuildError('');
      const text = errorText(sink.errors, `buildctl exited with status ${String(result.exitCode)}`);
      const unavailable = failureFromUnavailable(text);
      if (unavailable) throw unavailable;
      for (const h of sink.held) o.stderr.write(h);
      // Docker (buildx) ends a failed build with `ERROR: failed to build: failed to solve: …`.
      throw new BuildError(text.startsWith('failed to solve') ? `ERROR: failed to build: ${text}` : text);
    }
    if (consumeError !== undefined) throw consumeError;
    for (const e of sink.errors) o.stderr.write(`${e}\n`);
    return { consumed, stdout: captured };
  }

  return {
    async workerLabels() {
      const { stdout } = await exec<never>([...addrArgs(), 'debug', 'workers', '--format', '{{json .}}'], 'capture');
      const list = JSON.parse(stdout.trim() || '[]') as Array<{ labels?: Record<string, string> }>;
      return list.map((w) => w.labels ?? {});
    },
    async build<T>(argv: string[], opts: BuildctlRunOptions<T> = {}) {
      const dir = await mkdtemp(join(tmpdir(), 'tsctl-build-md-'));
      const file = join(dir, 'metadata.json');
      try {
        const { consumed } = await exec<T>([...argv, '--metadata-file', file], opts.consume ?? 'copy', o.inheritStderr === true);
        const text = await readFile(file, 'utf8').catch(() => '{}');
        return { metadata: JSON.parse(text || '{}') as Record<string, unknown>, consumed };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async run(argv: string[]) {
      return (await exec<never>(argv, 'capture')).stdout;
    },
  };

  function addrArgs(): string[] {
    return ['--addr', o.addr];
  }
}
