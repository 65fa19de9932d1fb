/**
 * The Compose loader, in Compose's phases: files and environment → YAML → interpolation → validation →
 * extends → include → merge → normalisation → profiles → dependency checks. Pure: the outside world comes in
 * through ComposeHost.
 */
import { posix as path } from 'node:path';
import { ConfigError } from '../errors/index';
import { canonicalFile, canonicalService, resolvePath, serviceError, type PathContext } from './canonical';
import { discoverFiles, projectName } from './discover';
import { parseDotenv } from './dotenv';
import { addImplicitDependencies, checkDependencies } from './graph';
import { interpolateTree, substituteAt } from './interpolate';
import { mergeFiles, mergeMaps, stripMarkers } from './merge';
import { checkReferences, normalizeResources, normalizeService, type NormalizeContext } from './normalize';
import { validateCompose } from './schema';
import { isPlainObject, type Dict } from './tree';
import { parseComposeYaml } from './yaml';
import type { ComposeHost, LoadOptions, Project, ServiceConfig } from './model';

interface FileLoader {
  host: ComposeHost;
  env: Record<string, string>;
  noInterpolate: boolean;
  warnings: string[];
  unset: Set<string>;
}

function readRequired(host: ComposeHost, file: string): string {
  const text = host.readFile(file);
  if (text === undefined) throw new ConfigError(`open ${file}: no such file or directory`);
  return text;
}

/** Reads the env files (`.env` by default) over the shell environment; the shell's values win. */
export function projectEnvironment(host: ComposeHost, envFiles: string[] | undefined, dir: string): Record<string, string> {
  const shell: Record<string, string> = {};
  for (const [k, v] of Object.entries(host.env)) if (v !== undefined) shell[k] = v;
  const fromFiles: Record<string, string> = {};
  const files = envFiles && envFiles.length > 0 ? envFiles.map((f) => path.resolve(host.cwd, f)) : [path.join(dir, '.env')];
  const explicit = !!envFiles && envFiles.length > 0;
  for (const f of files) {
    const text = host.readFile(f);
    if (text === undefined) {
      if (explicit) throw new ConfigError(`couldn't find env file: ${f}`);
      continue;
    }
    Object.assign(fromFiles, parseDotenv(text, (k) => shell[k] ?? fromFiles[k], f));
  }
  return { ...fromFiles, ...shell };
}

/** One file: YAML → interpolation → validation → canonical shapes (paths against `base`). */
function readFile(fl: FileLoader, file: string, base: PathContext, env = fl.env): Dict {
  const raw = parseComposeYaml(readRequired(fl.host, file), file);
  const doc = fl.noInterpolate
    ? raw
    : (interpolateTree(raw, (k) => env[k], (k) => {
        if (!fl.unset.has(k)) fl.warnings.push(`The "${k}" variable is not set. Defaulting to a blank string.`);
        fl.unset.add(k);
      }) as Dict);
  validateCompose(doc, file);
  return canonicalFile(doc, base);
}

/** Resolves `extends` in every service of `doc` (read from `file`). */
function applyExtends(fl: FileLoader, doc: Dict, file: string, base: PathContext, env: Record<string, string>): void {
  const services = doc.services as Dict | undefined;
  if (!services) return;
  const cache = new Map<string, Dict>([[file, doc]]);
  const resolve = (svcFile: string, name: string, svc: Dict, chain: string[]): Dict => {
    const ext = svc.extends as Dict | undefined;
    if (!ext) return svc;
    const target = String(ext.service);
    const from = ext.file === undefined ? svcFile : path.resolve(path.dirname(svcFile), String(ext.file));
    const key = `${from}#${target}`;
    if (chain.includes(key)) {
      throw new ConfigError(`Circular reference with extends: ${[...chain, key].map((k) => k.split('#')[1]).join(' -> ')}`);
    }
    let other = cache.get(from);
    if (!other) {
      // Paths in another file are relative to that file's directory.
      other = readFile(fl, from, { ...base, baseDir: path.dirname(from) }, env);
      cache.set(from, other);
    }
    const parent = (other.services as Dict | undefined)?.[target];
    if (!isPlainObject(parent)) {
      throw new ConfigError(`cannot extend service "${name}" in ${svcFile}: service "${target}" not found in ${from}`);
    }
    const resolvedParent = resolve(from, target, parent, [...chain, key]);
    const merged = mergeMaps({ services: { [name]: stripMarkers(resolvedParent) } }, { services: { [name]: svc } });
    const out = (merged.services as Dict)[name] as Dict;
    delete out.extends;
    return out;
  };
  for (const [name, svc] of Object.entries(services)) {
    if (isPlainObject(svc)) services[name] = resolve(file, name, svc, [`${file}#${name}`]);
  }
}

const KINDS = ['services', 'networks', 'volumes', 'secrets', 'configs'] as const;

/** Loads one file with its extends and includes; `include` entries become part of the returned mapping. */
function loadFile(fl: FileLoader, file: string, base: PathContext, env: Record<string, string>, stack: string[]): Dict {
  if (stack.includes(file)) {
    const chain = [...stack.slice(stack.indexOf(file)), file];
    throw new ConfigError(`include cycle detected:\n${chain[0]}\n include ${chain.slice(1).join('\n include ')}`);
  }
  const doc = readFile(fl, file, base, env);
  applyExtends(fl, doc, file, base, env);
  const includes = (doc.include as unknown[] | undefined) ?? [];
  delete doc.include;
  for (const inc of includes) {
    const o = (typeof inc === 'string' ? { path: inc } : inc) as Dict;
    const paths = (Array.isArray(o.path) ? o.path : [o.path]).map((p) => path.resolve(base.baseDir, String(p)));
    const dir = o.project_directory === undefined ? path.dirname(paths[0]!) : path.resolve(base.baseDir, String(o.project_directory));
    const envFiles = o.env_file === undefined ? [path.join(dir, '.env')] : (Array.isArray(o.env_file) ? o.env_file : [o.env_file]).map((p) => path.resolve(base.baseDir, String(p)));
    const incEnv = { ...env };
    for (const f of envFiles) {
      const text = fl.host.readFile(f);
      if (text === undefined) {
        if (o.env_file !== undefined) throw new ConfigError(`couldn't find env file: ${f}`);
        continue;
      }
      Object.assign(incEnv, parseDotenv(text, (k) => incEnv[k], f));
    }
    const incBase = { ...base, baseDir: dir };
    const included = mergeFiles(paths.map((p) => loadFile(fl, p, incBase, incEnv, [...stack, file])));
    for (const kind of KINDS) {
      const mine = (doc[kind] as Dict | undefined) ?? {};
      for (const [k, v] of Object.entries((included[kind] as Dict | undefined) ?? {})) {
        if (k in mine) {
          throw new ConfigError(`imported compose file ${paths.join(', ')} defines conflicting ${kind.slice(0, -1)} "${k}" (already defined in ${file})`);
        }
        mine[k] = v;
      }
      if (Object.keys(mine).length > 0) doc[kind] = mine;
    }
  }
  return doc;
}

/** The last top-level `name:` of the files, interpolated (unreadable files are left to the real load). */
function nameInFiles(host: ComposeHost, files: string[], env: Record<string, string>, noInterpolate: boolean): string | undefined {
  let name: string | undefined;
  for (const f of files) {
    const text = host.readFile(f);
    if (text === undefined) continue;
    try {
      const n = parseComposeYaml(text, f).name;
      if (typeof n === 'string' && n !== '') name = n;
    } catch {
      // reported by the load itself
    }
  }
  return name === undefined || noInterpolate ? name : substituteAt(name, 'name', (k) => env[k]);
}

function splitList(v: string | undefined, sep: string): string[] {
  return (v ?? '').split(sep).map((s) => s.trim()).filter((s) => s !== '');
}

/** Loads a Compose project. Throws ConfigError (file/path/service named) on bad input. */
export function loadProject(opts: LoadOptions, host: ComposeHost): Project {
  const exists = (p: string): boolean => host.readFile(p) !== undefined;
  const explicitFiles = (opts.files ?? []).map((f) => {
    if (f === '-') throw new ConfigError('reading a compose file from stdin (-f -) is not supported');
    return path.resolve(host.cwd, f);
  });
  const projectDirOpt = opts.projectDirectory ? path.resolve(host.cwd, opts.projectDirectory) : undefined;
  const envDir = projectDirOpt ?? (explicitFiles[0] ? path.dirname(explicitFiles[0]) : host.cwd);
  const env = projectEnvironment(host, opts.envFiles, envDir);
  const warnings: string[] = [];

  let files = explicitFiles;
  if (files.length === 0 && env.COMPOSE_FILE) {
    files = splitList(env.COMPOSE_FILE, env.COMPOSE_PATH_SEPARATOR ?? ':').map((f) => path.resolve(envDir, f));
  }
  if (files.length === 0) {
    const found = discoverFiles(projectDirOpt ?? host.cwd, exists);
    files = found.files;
    warnings.push(...found.warnings);
  }
  const workingDir = projectDirOpt ?? path.dirname(files[0]!);
  // The name is known before the files are interpolated: they may use ${COMPOSE_PROJECT_NAME}.
  const name = projectName({
    flag: opts.projectName,
    env: env.COMPOSE_PROJECT_NAME,
    fileName: nameInFiles(host, files, env, !!opts.noInterpolate),
    dir: workingDir,
  });
  env.COMPOSE_PROJECT_NAME = name;
  const fl: FileLoader = { host, env, noInterpolate: !!opts.noInterpolate, warnings, unset: new Set() };
  const base: PathContext = { baseDir: workingDir, home: host.home ?? env.HOME };
  const merged = mergeFiles(files.map((f) => loadFile(fl, f, base, env, [])));
  if (merged.version !== undefined) warnings.push('the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion');
  const ctx: NormalizeContext = { projectName: name, env, readFile: (p) => host.readFile(p) };

  const all: Record<string, ServiceConfig> = {};
  for (const [svcName, raw] of Object.entries((merged.services as Dict | undefined) ?? {})) {
    all[svcName] = normalizeService(svcName, raw as Dict, ctx);
  }
  addImplicitDependencies(all);

  // Profiles: services without profiles always; others when a profile is active or they are named.
  const active = new Set([...splitList(env.COMPOSE_PROFILES, ','), ...(opts.profiles ?? [])]);
  for (const s of opts.services ?? []) {
    const svc = all[s];
    if (!svc) throw new ConfigError(`no such service: ${s}`);
    for (const p of svc.profiles ?? []) active.add(p);
  }
  const services: Record<string, ServiceConfig> = {};
  const disabledServices: Record<string, ServiceConfig> = {};
  for (const [n, s] of Object.entries(all)) {
    const on = !s.profiles || s.profiles.length === 0 || active.has('*') || s.profiles.some((p) => active.has(p));
    (on ? services : disabledServices)[n] = s;
  }
  for (const [n, s] of Object.entries(services)) {
    for (const [dep, d] of Object.entries(s.depends_on)) {
      if (d.required && disabledServices[dep]) {
        // Compose's text: a service left out by profiles counts as undefined.
        throw new ConfigError(`service "${n}" depends on undefined service "${dep}": invalid compose project`, {
          hint: `"${dep}" is disabled by its profiles (${(disabledServices[dep]!.profiles ?? []).join(', ')}): enable one with --profile`,
        });
      }
    }
  }
  warnings.push(...checkDependencies(services, new Set(Object.keys(services))));

  const res = normalizeResources(merged, name);
  checkReferences(services, res, ctx);
  const allProfiles = [...new Set(Object.values(all).flatMap((s) => s.profiles ?? []))].sort();
  return {
    name,
    workingDir,
    composeFiles: files,
    environment: env,
    services,
    disabledServices,
    ...res,
    profiles: [...active].sort(),
    allProfiles,
    warnings,
  };
}

export { canonicalService, resolvePath };
