/**
 * `tsctl-oci-hook createRuntime|poststop STATE-DIR --root R --data-root D --namespace NS --netconfpath P --cni-path D…`:
 * the OCI hook runc runs for every tsctl container with networking (whoever created the task: tsctl, or
 * containerd's restart monitor). createRuntime: CNI ADD into the new task's netns (/proc/<pid>/ns/net from the
 * OCI state on stdin); poststop: CNI DEL. A separate small bundle (dist/tsctl-oci-hook.js): node built-ins and
 * src/net only. A failure is printed on stderr (runc folds it into the task-create error) and written to
 * `<state-dir>/net-error` so tsctl can report it as one clean line.
 */
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { hookEnv, type HookOptions } from './env';
import { setupNetwork, teardownNetwork } from '../setup';

export const NET_ERROR_FILE = 'net-error';

function parseArgs(argv: string[]): { event: string; opts: HookOptions } {
  const opts: HookOptions = { root: '', dataRoot: '', namespace: 'default', netconfpath: '/etc/cni/net.d', cniPath: [], stateDir: '' };
  const [event = '', stateDir = '', ...rest] = argv;
  opts.stateDir = stateDir;
  for (let i = 0; i < rest.length; i += 2) {
    const [k, v = ''] = [rest[i], rest[i + 1]];
    if (k === '--root') opts.root = v;
    else if (k === '--data-root') opts.dataRoot = v;
    else if (k === '--namespace') opts.namespace = v;
    else if (k === '--netconfpath') opts.netconfpath = v;
    else if (k === '--cni-path') opts.cniPath.push(v);
  }
  return { event, opts };
}

async function main(): Promise<number> {
  const { event, opts } = parseArgs(process.argv.slice(2));
  let state: { id?: string; pid?: number } = {};
  try {
    state = JSON.parse(readFileSync(0, 'utf8')) as typeof state;
  } catch {
    // poststop after a failed create may come without a usable state
  }
  const id = state.id ?? '';
  const env = await hookEnv(opts);
  // Without a state directory (not called by runc with tsctl's arguments) there is nowhere to report to.
  const errFile = isAbsolute(opts.stateDir) ? join(opts.stateDir, NET_ERROR_FILE) : undefined;
  try {
    if (event === 'createRuntime') {
      if (errFile) await rm(errFile, { force: true });
      await setupNetwork(env, id, opts.stateDir, state.pid ?? 0);
    } else if (event === 'poststop') {
      await teardownNetwork(env, id, opts.stateDir);
    } else {
      throw new Error(`unknown hook event ${event}`);
    }
    return 0;
  } catch (e) {
    const msg = (e as Error).message || String(e);
    if (errFile) await writeFile(errFile, msg).catch(() => undefined);
    process.stderr.write(`${msg}\n`);
    return 1;
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
