/**
 * Docker's rules for what a container runs and with which environment and working directory
 * (moby daemon/commit.go merge, daemon/create.go mergeAndVerifyConfig, daemon/container.go
 * getEntrypointAndArgs, container/container.go CreateDaemonEnvironment, container/env.go).
 */
import { InvalidArgumentError } from '../../../errors/index';
import type { ContainerConfig } from '../../../oci/types';
import { DEFAULT_PATH_ENV } from './defaults';

/** Docker's daemon text; the CLI shows it as `Error response from daemon: no command specified`. */
export const NO_COMMAND_MESSAGE = 'no command specified';

export interface CommandRequest {
  /**
   * `--entrypoint` as given: undefined when the flag was not used, `[value]` when it was
   * (`--entrypoint ""` is `[""]`: it clears the image's ENTRYPOINT and CMD).
   */
  entrypoint?: readonly string[];
  /** The arguments after the image name (empty: none). */
  cmd?: readonly string[];
}

export interface ResolvedCommand {
  /** Config.Entrypoint as Docker stores it (null when none). */
  entrypoint: string[] | null;
  /** Config.Cmd as Docker stores it (null when none). */
  cmd: string[] | null;
  /** What the container executes: entrypoint + cmd (Docker's Path is argv[0], Args the rest). */
  argv: string[];
}

/**
 * Entrypoint/Cmd merging: an explicit --entrypoint replaces the image's ENTRYPOINT *and* drops its CMD;
 * without it, args after the image replace CMD and the image's ENTRYPOINT stays. Throws `no command specified`
 * when nothing is left to run.
 */
export function resolveCommand(image: ContainerConfig | undefined, req: CommandRequest): ResolvedCommand {
  let entrypoint: string[] | null = req.entrypoint === undefined ? null : [...req.entrypoint];
  let cmd: string[] | null = req.cmd && req.cmd.length > 0 ? [...req.cmd] : null;
  if (entrypoint === null || entrypoint.length === 0) {
    if (cmd === null) cmd = image?.Cmd && image.Cmd.length > 0 ? [...image.Cmd] : null;
    if (entrypoint === null) entrypoint = image?.Entrypoint && image.Entrypoint.length > 0 ? [...image.Entrypoint] : null;
  }
  if (entrypoint && entrypoint.length === 1 && entrypoint[0] === '') entrypoint = null;
  if ((entrypoint?.length ?? 0) === 0 && (cmd?.length ?? 0) === 0) throw new InvalidArgumentError(NO_COMMAND_MESSAGE);
  return { entrypoint, cmd, argv: [...(entrypoint ?? []), ...(cmd ?? [])] };
}

/** `KEY=v` → KEY; a bare `KEY` is its own key. */
function envKey(e: string): string {
  const i = e.indexOf('=');
  return i < 0 ? e : e.slice(0, i);
}

/** Config.Env after Docker's merge: the user's entries, then the image's whose key the user did not set. */
export function mergeConfigEnv(imageEnv: readonly string[] | undefined, userEnv: readonly string[]): string[] {
  if (userEnv.length === 0) return [...(imageEnv ?? [])];
  const keys = new Set(userEnv.map(envKey));
  return [...userEnv, ...(imageEnv ?? []).filter((e) => !keys.has(envKey(e)))];
}

/** Docker's ReplaceOrAppendEnvValues: override or append; a bare `KEY` in overrides unsets a default. */
export function replaceOrAppendEnv(defaults: readonly string[], overrides: readonly string[]): string[] {
  const out: (string | undefined)[] = [...defaults];
  const index = new Map<string, number>();
  defaults.forEach((e, i) => index.set(envKey(e), i));
  for (const v of overrides) {
    const i = index.get(envKey(v));
    if (!v.includes('=')) {
      if (i !== undefined) out[i] = undefined;
      continue;
    }
    if (i !== undefined) out[i] = v;
    else out.push(v);
  }
  return out.filter((e): e is string => e !== undefined && e !== '');
}

/**
 * The process environment Docker gives a Linux container: PATH, HOSTNAME, TERM=xterm with a TTY, then
 * Config.Env (the merged user + image list) replacing or appending.
 */
export function containerEnv(configEnv: readonly string[], opts: { hostname: string; tty: boolean }): string[] {
  const base = [DEFAULT_PATH_ENV, `HOSTNAME=${opts.hostname}`];
  if (opts.tty) base.push('TERM=xterm');
  return replaceOrAppendEnv(base, configEnv);
}

/** -w, else the image's WORKDIR, else "/". It must be absolute (Docker's daemon check). */
export function resolveWorkingDir(image: ContainerConfig | undefined, workingDir: string | undefined): string {
  const dir = workingDir || image?.WorkingDir || '/';
  if (!dir.startsWith('/')) {
    throw new InvalidArgumentError(`the working directory '${dir}' is invalid, it needs to be an absolute path`);
  }
  return dir;
}
