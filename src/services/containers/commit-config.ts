/**
 * The pure half of `commit`: Docker's `--change` instructions (moby builder/dockerfile BuildFromConfig: CMD,
 * ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR) applied to a container
 * config, the container's config as Docker would have kept it (derived from the image config and the OCI spec),
 * and the new image config (parent + history entry + diff_id).
 */
import { posix } from 'node:path';
import { InvalidArgumentError } from '../../errors/index';
import type { ContainerConfig, ImageConfigFile } from '../../oci/types';
import { splitCommand } from './inspect';

const VALID = new Set(['cmd', 'entrypoint', 'env', 'expose', 'healthcheck', 'label', 'onbuild', 'stopsignal', 'user', 'volume', 'workdir']);

export type ConfigChange = (c: ContainerConfig) => void;

/** `["a", "b"]` → the array; anything else → undefined (Dockerfile's JSON form test). */
function jsonArray(rest: string): string[] | undefined {
  if (!rest.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(rest) as unknown;
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

const shellOrExec = (rest: string): string[] => jsonArray(rest) ?? ['/bin/sh', '-c', rest];

/** Splits `a=b "c d"=e f='g h'` into words, honouring quotes and backslashes. */
export function splitWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote) throw new InvalidArgumentError(`Error response from daemon: unexpected end of statement while looking for matching ${quote}`);
  if (inWord) out.push(cur);
  return out;
}

/** `k=v k2=v2`, or the legacy `k v w` (one pair, the value is the rest). */
function pairs(instr: string, rest: string): [string, string][] {
  const words = splitWords(rest);
  if (words.length === 0) throw new InvalidArgumentError(`Error response from daemon: ${instr.toUpperCase()} requires at least one argument`);
  if (!(words[0] as string).includes('=')) {
    const m = /^\s*(\S+)\s+(.*)$/s.exec(rest);
    if (!m) throw new InvalidArgumentError(`Error response from daemon: ${instr.toUpperCase()} must have two arguments`);
    return [[m[1] as string, splitWords(m[2] as string).join(' ')]];
  }
  return words.map((w) => {
    const i = w.indexOf('=');
    if (i <= 0) throw new InvalidArgumentError(`Error response from daemon: ${instr.toUpperCase()} names can not be blank`);
    return [w.slice(0, i), w.slice(i + 1)];
  });
}

function setEnv(c: ContainerConfig, key: string, value: string): void {
  const env = (c.Env ?? []).filter((e) => e.split('=')[0] !== key);
  c.Env = [...env, `${key}=${value}`];
}

/** Parses one `--change` value; throws Docker's error for an instruction commit does not take. */
export function parseChange(text: string): ConfigChange {
  const m = /^\s*(\S+)\s*(.*?)\s*$/s.exec(text);
  if (!m) throw new InvalidArgumentError('Error response from daemon: file with no instructions');
  const instr = (m[1] as string).toLowerCase();
  const rest = m[2] as string;
  if (!VALID.has(instr)) throw new InvalidArgumentError(`Error response from daemon: ${instr} is not a valid change command`);
  const needArg = (): void => {
    if (rest === '') throw new InvalidArgumentError(`Error response from daemon: ${instr.toUpperCase()} requires at least one argument`);
  };
  switch (instr) {
    case 'cmd':
      needArg();
      return (c) => {
        c.Cmd = shellOrExec(rest);
      };
    case 'entrypoint':
      needArg();
      return (c) => {
        c.Entrypoint = shellOrExec(rest);
        // An ENTRYPOINT resets the CMD inherited from the image (Dockerfile semantics).
        c.Cmd = null;
      };
    case 'env': {
      const kv = pairs(instr, rest);
      return (c) => kv.forEach(([k, v]) => setEnv(c, k, v));
    }
    case 'label': {
      const kv = pairs(instr, rest);
      return (c) => {
        c.Labels = { ...(c.Labels ?? {}), ...Object.fromEntries(kv) };
      };
    }
    case 'expose': {
      needArg();
      const ports = splitWords(rest).map((p) => {
        if (!/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/i.test(p)) throw new InvalidArgumentError(`Error response from daemon: invalid containerPort: ${p.split('/')[0]}`);
        return p.includes('/') ? p.toLowerCase() : `${p}/tcp`;
      });
      return (c) => {
        c.ExposedPorts = { ...(c.ExposedPorts ?? {}), ...Object.fromEntries(ports.map((p) => [p, {}])) };
      };
    }
    case 'user':
      needArg();
      return (c) => {
        c.User = rest;
      };
    case 'workdir':
      needArg();
      return (c) => {
        c.WorkingDir = posix.isAbsolute(rest) ? posix.normalize(rest) : posix.join(c.WorkingDir || '/', rest);
      };
    case 'volume': {
      needArg();
      const vols = jsonArray(rest) ?? splitWords(rest);
      return (c) => {
        c.Volumes = { ...(c.Volumes ?? {}), ...Object.fromEntries(vols.map((v) => [v, {}])) };
      };
    }
    case 'stopsignal':
      needArg();
      return (c) => {
        c.StopSignal = rest;
      };
    case 'onbuild': {
      needArg();
      const inner = (/^(\S+)/.exec(rest)?.[1] ?? '').toLowerCase();
      if (inner === 'onbuild') throw new InvalidArgumentError("Error response from daemon: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      if (inner === 'maintainer' || inner === 'from') throw new InvalidArgumentError(`Error response from daemon: ${inner.toUpperCase()} isn't allowed as an ONBUILD trigger`);
      return (c) => {
        c.OnBuild = [...(c.OnBuild ?? []), rest];
      };
    }
    default: {
      // healthcheck
      needArg();
      const hm = /^(\S+)\s*(.*)$/s.exec(rest);
      const kind = (hm?.[1] ?? '').toUpperCase();
      const body = hm?.[2] ?? '';
      let test: string[];
      if (kind === 'NONE') test = ['NONE'];
      else if (kind === 'CMD') {
        const arr = jsonArray(body);
        test = arr ? ['CMD', ...arr] : ['CMD-SHELL', body];
      } else throw new InvalidArgumentError(`Error response from daemon: Unknown type "${kind}" in HEALTHCHECK (try CMD)`);
      return (c) => {
        c.Healthcheck = { ...(c.Healthcheck ?? {}), Test: test };
      };
    }
  }
}

/** What the container's config was, from its image config and OCI spec (Docker keeps it; containerd does not). */
export interface ContainerFacts {
  /** process.args of the spec. */
  args: string[];
  env: string[] | undefined;
  cwd: string | undefined;
  /** The user's labels on the container (tsctl's own removed). */
  labels: Record<string, string>;
}

export function containerConfig(image: ImageConfigFile, facts: ContainerFacts): ContainerConfig {
  const base: ContainerConfig = structuredClone(image.config ?? {});
  const { entrypoint, cmd } = splitCommand(facts.args, base);
  base.Entrypoint = entrypoint ?? null;
  base.Cmd = cmd ?? null;
  // The runtime adds HOSTNAME (and TERM with a TTY) to the process, not to Docker's Config.Env.
  if (facts.env) base.Env = facts.env.filter((e) => !e.startsWith('HOSTNAME=') && !(e === 'TERM=xterm' && !(image.config?.Env ?? []).includes(e)));
  if (facts.cwd && facts.cwd !== (base.WorkingDir || '/')) base.WorkingDir = facts.cwd;
  if (Object.keys(facts.labels).length > 0) base.Labels = { ...(base.Labels ?? {}), ...facts.labels };
  return base;
}

export interface CommitMeta {
  /** The container's Cmd (before --change), Docker's history `created_by`. */
  containerCmd: string[];
  author: string;
  comment: string;
  created: Date;
  diffID: string;
}

/** The committed image's config: the parent's, with the new container config, history entry and layer. */
export function commitImageConfig(parent: ImageConfigFile, config: ContainerConfig, meta: CommitMeta): ImageConfigFile {
  const created = meta.created.toISOString();
  const createdBy = meta.containerCmd.join(' ');
  const entry = { created, created_by: createdBy, ...(meta.author ? { author: meta.author } : {}), ...(meta.comment ? { comment: meta.comment } : {}) };
  const out: ImageConfigFile = {
    ...structuredClone(parent),
    created,
    config,
    rootfs: { type: 'layers', diff_ids: [...(parent.rootfs?.diff_ids ?? []), meta.diffID] },
    history: [...(parent.history ?? []), entry],
  };
  if (meta.author) out.author = meta.author;
  else delete out.author;
  return out;
}
