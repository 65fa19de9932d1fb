/** Tar streams in integration tests: tsctl with binary stdin/stdout, building small tars, reading them back. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { execa } from 'execa';
import tarStream from 'tar-stream';
import { harnessEnv, TSCTL_BIN } from './env';

/** tsctl with binary stdin/stdout. */
export async function tsctlRaw(args: string[], input?: Buffer): Promise<{ exitCode: number; stdout: Buffer; stderr: string }> {
  const r = await execa(process.execPath, [TSCTL_BIN, ...args], {
    reject: false, env: harnessEnv(), encoding: 'buffer', timeout: 120_000, stripFinalNewline: false,
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
  });
  return { exitCode: r.exitCode ?? -1, stdout: Buffer.from(r.stdout), stderr: Buffer.from(r.stderr).toString('utf8') };
}

export async function tarOf(entries: { name: string; type?: 'file' | 'directory' | 'symlink'; data?: string; linkname?: string }[]): Promise<Buffer> {
  const pack = tarStream.pack();
  for (const e of entries) {
    const type = e.type ?? 'file';
    const header = { name: e.name, type, mode: type === 'directory' ? 0o755 : 0o644, ...(e.linkname ? { linkname: e.linkname } : {}) };
    if (type === 'file') pack.entry(header, e.data ?? '');
    else pack.entry(header);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface ReadEntry {
  type: string;
  data: string;
  uid: number;
  linkname: string | undefined;
}

/** The entries of a tar by name, in archive order. */
export async function readTar(tar: Buffer): Promise<Map<string, ReadEntry>> {
  const extract = tarStream.extract();
  const out = new Map<string, ReadEntry>();
  const done = (async () => {
    for await (const e of extract) {
      const chunks: Buffer[] = [];
      for await (const c of e) chunks.push(c as Buffer);
      out.set(e.header.name, { type: e.header.type ?? 'file', data: Buffer.concat(chunks).toString('utf8'), uid: e.header.uid ?? 0, linkname: e.header.linkname ?? undefined });
    }
  })();
  extract.end(tar);
  await done;
  return out;
}

/** A temporary host directory removed after the test. */
export async function scratchDir(t: TestContext, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
