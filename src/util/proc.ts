/**
 * Running short helper programs (runc --version and the like). Long-running, streaming tools (buildctl, CNI
 * plugins) go through execa in their adapters; this is for quick look-ups with a timeout.
 */
import { execFile } from 'node:child_process';

export interface ToolResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `file args`; never throws for a non-zero exit. Rejects only when the program cannot be started. */
export function runTool(file: string, args: string[], timeoutMs = 5000): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, encoding: 'utf8', maxBuffer: 4 << 20 }, (error, stdout, stderr) => {
      if (error && typeof (error as NodeJS.ErrnoException).code === 'string') {
        reject(error);
        return;
      }
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ exitCode, stdout, stderr });
    });
  });
}

/** The first `name` found in `dirs` that is an executable file, or undefined. */
export async function findExecutable(name: string, dirs: string[]): Promise<string | undefined> {
  const { access, constants } = await import('node:fs/promises');
  for (const dir of dirs) {
    const p = `${dir.replace(/\/$/, '')}/${name}`;
    try {
      await access(p, constants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

export function pathDirs(env: NodeJS.ProcessEnv): string[] {
  // An empty PATH (what containerd's shim gives the logger and so the exit hook) is no PATH: use the default.
  return (env.PATH || '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':').filter(Boolean);
}
