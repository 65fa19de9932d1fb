/**
 * Which files, which directory, which name: compose-go's rules for `-f`, `COMPOSE_FILE`, the default file
 * names (searched upwards from the working directory), the override file, and project names.
 */
import { posix as path } from 'node:path';
import { ConfigError } from '../errors/index';

/** In compose-go's order of preference (`.yml` before `.yaml` for the docker-compose names and overrides). */
export const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const OVERRIDE_FILES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

export interface Discovered {
  files: string[];
  warnings: string[];
}

/**
 * The default files from `dir` or its nearest parent holding one: the first of DEFAULT_FILES and the first
 * override file beside it.
 */
export function discoverFiles(dir: string, exists: (p: string) => boolean): Discovered {
  for (let d = dir; ; d = path.dirname(d)) {
    const found = DEFAULT_FILES.map((f) => path.join(d, f)).filter(exists);
    if (found.length > 0) {
      const warnings: string[] = [];
      if (found.length > 1) warnings.push(`Found multiple config files with supported names: ${found.join(', ')}`, `Using ${found[0]}`);
      const overrides = OVERRIDE_FILES.map((f) => path.join(d, f)).filter(exists);
      if (overrides.length > 1) warnings.push(`Found multiple override files with supported names: ${overrides.join(', ')}`, `Using ${overrides[0]}`);
      return { files: overrides[0] ? [found[0]!, overrides[0]] : [found[0]!], warnings };
    }
    if (d === path.dirname(d)) break;
  }
  throw new ConfigError('no configuration file provided: not found');
}

const VALID_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** Compose's normalisation of a directory name: lower case, only [a-z0-9_-], leading `_`/`-` dropped. */
export function normalizeProjectName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

/** Fails unless `name` (given explicitly) is already a valid project name. */
export function checkProjectName(name: string): string {
  if (name === '') throw new ConfigError('project name must not be empty');
  if (!VALID_NAME.test(name)) {
    throw new ConfigError(`invalid project name "${name}": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`);
  }
  return name;
}

/**
 * `-p` > COMPOSE_PROJECT_NAME (both must already be valid) > top-level `name:` > the project directory's base
 * name (both normalised).
 */
export function projectName(opts: { flag?: string; env?: string; fileName?: string; dir: string }): string {
  if (opts.flag) return checkProjectName(opts.flag);
  if (opts.env) return checkProjectName(opts.env);
  const name = normalizeProjectName(opts.fileName ? opts.fileName : path.basename(opts.dir));
  if (name === '') throw new ConfigError('project name must not be empty');
  return name;
}
