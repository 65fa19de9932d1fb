/**
 * Where a build's context and Dockerfile come from, as directories buildctl can send (`--local`):
 * a context directory; `-` (stdin holds a Dockerfile, or a tar/tar.gz of the context); `-f -` (the Dockerfile on
 * stdin); the `Containerfile` fallback when the context has no `Dockerfile`. Temporary directories are removed by
 * `cleanup`. `.dockerignore` is BuildKit's dockerfile frontend's business (it reads it from the context).
 */
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { InvalidArgumentError, NotFoundError } from '../errors/index';

export interface BuildInputs {
  contextDir: string;
  dockerfileDir: string;
  dockerfileName: string;
  cleanup: () => Promise<void>;
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

/** A tar (ustar magic at offset 257) or gzip stream, as opposed to a Dockerfile's text. */
export function looksLikeArchive(buf: Buffer): boolean {
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return true;
  return buf.length >= 262 && buf.subarray(257, 262).toString('latin1') === 'ustar';
}

export async function prepareInputs(
  context: string,
  file: string | undefined,
  cwd: string,
  stdin: AsyncIterable<Uint8Array>,
): Promise<BuildInputs> {
  const temps: string[] = [];
  const cleanup = async (): Promise<void> => {
    await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
  };
  const temp = async (): Promise<string> => {
    const d = await mkdtemp(join(tmpdir(), 'tsctl-build-'));
    temps.push(d);
    return d;
  };
  try {
    if (context === '-' && file === '-') throw new InvalidArgumentError('invalid argument: can\'t use stdin for both build context and dockerfile');
    let contextDir: string;
    let dockerfileDir: string | undefined;
    let dockerfileName: string | undefined;
    if (context === '-') {
      const data = await readAll(stdin);
      contextDir = await temp();
      if (looksLikeArchive(data)) {
        const tarData = data[0] === 0x1f ? gunzipSync(data) : data;
        await execa('tar', ['-x', '-f', '-', '-C', contextDir, '--no-same-owner'], { input: tarData });
      } else {
        await writeFile(join(contextDir, 'Dockerfile'), data);
        dockerfileDir = contextDir;
        dockerfileName = 'Dockerfile';
      }
    } else {
      if (/^(https?:\/\/|git@|git:\/\/|github\.com\/)/.test(context)) {
        throw new InvalidArgumentError(`unable to prepare context: remote build contexts are not supported by tsctl: "${context}"`);
      }
      contextDir = resolve(cwd, context);
      let st;
      try {
        st = statSync(contextDir);
      } catch {
        throw new NotFoundError(`unable to prepare context: path "${context}" not found`);
      }
      if (!st.isDirectory()) throw new InvalidArgumentError(`unable to prepare context: context must be a directory: ${contextDir}`);
    }
    if (file === '-') {
      const data = await readAll(stdin);
      dockerfileDir = await temp();
      dockerfileName = 'Dockerfile';
      await writeFile(join(dockerfileDir, dockerfileName), data);
    } else if (file !== undefined && file !== '') {
      const abs = resolve(cwd, file);
      dockerfileDir = dirname(abs);
      dockerfileName = basename(abs);
    } else if (dockerfileDir === undefined) {
      dockerfileDir = contextDir;
      dockerfileName = !existsSync(join(contextDir, 'Dockerfile')) && existsSync(join(contextDir, 'Containerfile')) ? 'Containerfile' : 'Dockerfile';
    }
    return { contextDir, dockerfileDir, dockerfileName: dockerfileName ?? 'Dockerfile', cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
