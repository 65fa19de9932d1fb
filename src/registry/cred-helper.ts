/**
 * Docker's credential-helper protocol (github.com/docker/docker-credential-helpers): `docker-credential-<name>
 * get|store|erase`, the server URL (get/erase) or `{ServerURL, Username, Secret}` JSON (store) on stdin, JSON on
 * stdout for get. A `<token>` username means the secret is an identity token. "credentials not found" (the
 * helpers' exit-1 text) is no credentials, not an error. Each call has a timeout.
 */
import { spawn } from 'node:child_process';
import { InternalError } from '../errors/index';
import type { Credentials } from './credentials';

export interface HelperOptions {
  env?: NodeJS.ProcessEnv;
  /** Default 30 s (helpers may prompt a keyring unlock). */
  timeoutMs?: number;
}

export interface HelperPayload {
  ServerURL: string;
  Username: string;
  Secret: string;
}

const NOT_FOUND = /credentials not found/i;

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(helper: string, action: 'get' | 'store' | 'erase', input: string, opts: HelperOptions): Promise<RunResult> {
  const program = `docker-credential-${helper}`;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout kills the helper and anything it started (e.g. a keyring prompt).
    const child = spawn(program, [action], { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      child.stdout.destroy();
      child.stderr.destroy();
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const why = e.code === 'ENOENT' ? `exec: "${program}": executable file not found in $PATH` : e.message;
      reject(new InternalError(`error getting credentials - err: ${why}, out: \`\``, { cause: e }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new InternalError(`error getting credentials - err: ${program} ${action} timed out after ${timeoutMs}ms`));
      else resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // helper exited before reading stdin: reported via close
    child.stdin.end(input);
  });
}

function failure(action: string, r: RunResult): InternalError {
  const out = (r.stdout.trim() || r.stderr.trim()).split('\n')[0] ?? '';
  const verb = action === 'get' ? 'getting' : action === 'store' ? 'storing' : 'erasing';
  return new InternalError(`error ${verb} credentials - err: exit status ${r.code ?? 'unknown'}, out: \`${out}\``);
}

/** `get`: credentials for `serverURL`, or undefined when the helper has none. */
export async function helperGet(helper: string, serverURL: string, opts: HelperOptions = {}): Promise<Credentials | undefined> {
  const r = await run(helper, 'get', serverURL, opts);
  if (r.code !== 0) {
    if (NOT_FOUND.test(r.stdout) || NOT_FOUND.test(r.stderr)) return undefined;
    throw failure('get', r);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    throw new InternalError(`error getting credentials - err: invalid JSON from docker-credential-${helper}, out: \`${r.stdout.trim().slice(0, 200)}\``);
  }
  const o = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  const username = typeof o.Username === 'string' ? o.Username : '';
  const secret = typeof o.Secret === 'string' ? o.Secret : '';
  if (username === '' && secret === '') return undefined;
  if (username === '<token>') return { identityToken: secret };
  return { username, password: secret };
}

export async function helperStore(helper: string, payload: HelperPayload, opts: HelperOptions = {}): Promise<void> {
  const r = await run(helper, 'store', JSON.stringify(payload), opts);
  if (r.code !== 0) throw failure('store', r);
}

/** `erase`; false when the helper had nothing stored. */
export async function helperErase(helper: string, serverURL: string, opts: HelperOptions = {}): Promise<boolean> {
  const r = await run(helper, 'erase', serverURL, opts);
  if (r.code === 0) return true;
  if (NOT_FOUND.test(r.stdout) || NOT_FOUND.test(r.stderr)) return false;
  throw failure('erase', r);
}
