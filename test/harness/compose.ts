/** Compose projects for the integration tests: a temp directory with files, and `tsctl compose` run there. */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { tsctl, uniqueName, withNamespace, type TsctlOptions } from './env';
import type { RunResult } from './ctr';

export interface ComposeProject {
  dir: string;
  name: string;
  ns: string;
  /** `tsctl -n <ns> compose -p <name> …args` in the project directory. */
  compose(args: string[], opts?: TsctlOptions): Promise<RunResult>;
  /** `tsctl -n <ns> …args`. */
  tsctl(args: string[], opts?: TsctlOptions): Promise<RunResult>;
  write(file: string, text: string): Promise<void>;
}

/** A project in its own namespace; `compose down -v` and the directory's removal run after the test. */
export async function composeProject(t: TestContext, files: Record<string, string>, prefix = 'cp'): Promise<ComposeProject> {
  const dir = await mkdtemp(join(tmpdir(), 'tsctl-compose-'));
  const ns = withNamespace(t, prefix);
  const name = uniqueName(prefix).replace(/[^a-z0-9]/g, '');
  const p: ComposeProject = {
    dir,
    name,
    ns,
    compose: (args, opts = {}) => tsctl(['-n', ns, 'compose', '-p', name, ...args], { cwd: dir, ...opts }),
    tsctl: (args, opts = {}) => tsctl(['-n', ns, ...args], { cwd: dir, ...opts }),
    write: async (file, text) => {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), text);
    },
  };
  for (const [f, text] of Object.entries(files)) await p.write(f, text);
  t.after(async () => {
    await p.compose(['down', '-v', '--remove-orphans', '-t', '0']).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  return p;
}
