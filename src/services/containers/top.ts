/**
 * `top`: the host's `ps` (default `-ef`) limited to the PIDs containerd reports for the task, parsed the way
 * moby's daemon/top_unix.go does (the PID column located by title, extra fields folded into the last column,
 * thread lines `-` kept with their process).
 */
import type { TaskControl } from '../../containerd/ports';
import { InternalError, InvalidArgumentError } from '../../errors/index';
import { notRunning } from './pause';

export interface PsResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface TopDeps {
  tasks: TaskControl;
  /** Runs the host's `ps` with these arguments. */
  ps: (args: string[]) => Promise<PsResult>;
}

export interface TopResult {
  titles: string[];
  processes: string[][];
}

const daemonError = (msg: string): InternalError => new InternalError(`Error response from daemon: ${msg}`);

/** moby's validatePSArgs: `-o x=PID` would rename the PID column, which the parser needs. */
export function validatePsArgs(psArgs: string): void {
  for (const m of psArgs.matchAll(/\s+(\S*)=\s*(PID\S*)/g)) {
    if (m[1] !== 'pid') throw new InvalidArgumentError(`Error response from daemon: specifying "${m[1]}=${m[2]}" is not allowed`);
  }
}

const fields = (s: string): string[] => s.split(/[\t\n\f\r ]+/).filter((f) => f !== '');

/** moby's parsePSOutput: keeps the lines whose PID is one of `pids`. */
export function parsePsOutput(output: string, pids: readonly number[]): TopResult {
  const lines = output.split('\n');
  const titles = fields(lines[0] ?? '');
  const pidIndex = titles.indexOf('PID');
  if (pidIndex < 0) throw daemonError("Couldn't find PID field in ps output");
  const processes: string[][] = [];
  const add = (f: string[]): void => {
    processes.push([...f.slice(0, titles.length - 1), f.slice(titles.length - 1).join(' ')]);
  };
  let previousKept = false;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const f = fields(line);
    const pidField = f[pidIndex] ?? '';
    if (pidField === '-') {
      if (previousKept) add(f);
      continue;
    }
    if (!/^[+-]?\d+$/.test(pidField)) throw daemonError(`Unexpected pid '${pidField}': strconv.Atoi: parsing "${pidField}": invalid syntax`);
    previousKept = pids.includes(Number(pidField));
    if (previousKept) add(f);
  }
  return { titles, processes };
}

export async function topContainer(deps: TopDeps, id: string, psArgs: string): Promise<TopResult> {
  const argString = psArgs === '' ? '-ef' : psArgs;
  validatePsArgs(argString);
  const t = await deps.tasks.get(id);
  if (!t || (t.status !== 'running' && t.status !== 'paused' && t.status !== 'pausing')) throw notRunning(id);
  const pids = await deps.tasks.listPids(id);
  const args = argString.split(' ');
  let r = await deps.ps([...args, `-q${pids.join(',')}`]);
  if (r.exitCode !== 0) {
    // Some options (f) cannot go with -q: moby retries without it.
    r = await deps.ps(args);
    if (r.exitCode !== 0) {
      const first = r.stderr.split('\n')[0] ?? '';
      throw daemonError(`ps: ${first !== '' ? first : `exit status ${r.exitCode}`}`);
    }
  }
  return parsePsOutput(r.stdout, pids);
}
