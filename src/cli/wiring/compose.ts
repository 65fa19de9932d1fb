/** Compose on the CLI side: the loader's host (cwd, environment, files) and the project flags as LoadOptions. */
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import type { CliContext } from '../context';
import type { ComposeHost, LoadOptions } from '../../compose/model';

export interface ComposeProjectFlags {
  file?: string[];
  projectName?: string;
  projectDirectory?: string;
  envFile?: string[];
  profile?: string[];
}

export function composeHost(ctx: CliContext): ComposeHost {
  return {
    cwd: process.cwd(),
    env: ctx.env,
    home: os.homedir(),
    readFile(path) {
      try {
        return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

export function loadOptions(flags: ComposeProjectFlags, services: string[] = []): LoadOptions {
  return {
    files: flags.file,
    projectName: flags.projectName,
    projectDirectory: flags.projectDirectory,
    envFiles: flags.envFile,
    profiles: flags.profile,
    services,
  };
}

/** Compose's warnings on stderr, as Docker Compose prints them. */
export function printWarnings(ctx: CliContext, warnings: string[]): void {
  for (const w of warnings) ctx.io.stderr.write(`WARN[0000] ${w}\n`);
}
