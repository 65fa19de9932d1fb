/**
 * Compose variable substitution, as compose-go's template package: `$$`, `$VAR`, `${VAR}`, `${VAR:-d}`,
 * `${VAR-d}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+x}`, `${VAR+x}`, with nested templates in the defaults.
 * A malformed `${…}` is an invalid template (Compose asks to escape `$` as `$$`); a `$` before anything else
 * (`$1`, a trailing `$`) is kept as it is.
 */
import { ConfigError } from '../errors/index';
import { isPlainObject, Override } from './tree';

export type Lookup = (name: string) => string | undefined;

export class InvalidTemplateError extends Error {
  constructor(readonly template: string) {
    super(`Invalid template: "${template}"`);
  }
}

export class MissingRequiredError extends Error {
  constructor(readonly variable: string, readonly reason: string) {
    super(reason ? `required variable ${variable} is missing a value: ${reason}` : `required variable ${variable} is missing a value`);
  }
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Index of the `}` closing the `${` whose content starts at `from`, honouring nested `${…}`; -1 if none. */
function closingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '$' && s[i + 1] === '$') i++;
    else if (c === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      if (--depth === 0) return i;
    }
  }
  return -1;
}

/**
 * Substitutes `template`. `onUnset` hears of variables used without a default and not set (Compose warns
 * and uses an empty string).
 */
export function substitute(template: string, lookup: Lookup, onUnset?: (name: string) => void): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, dollar);
    const next = template[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const end = closingBrace(template, dollar + 2);
      if (end < 0) throw new InvalidTemplateError(template);
      out += braced(template.slice(dollar + 2, end), template, lookup, onUnset);
      i = end + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let j = dollar + 1;
      while (j < template.length && NAME_CHAR.test(template[j]!)) j++;
      const name = template.slice(dollar + 1, j);
      const value = lookup(name);
      if (value === undefined) onUnset?.(name);
      out += value ?? '';
      i = j;
    } else {
      // compose-go's pattern only matches `$$`, `$name` and `${…}`: any other `$` stays as it is.
      out += '$';
      i = dollar + 1;
    }
  }
  return out;
}

function braced(body: string, whole: string, lookup: Lookup, onUnset?: (name: string) => void): string {
  let j = 0;
  if (!NAME_START.test(body[0] ?? '')) throw new InvalidTemplateError(whole);
  while (j < body.length && NAME_CHAR.test(body[j]!)) j++;
  const name = body.slice(0, j);
  const rest = body.slice(j);
  const value = lookup(name);
  if (rest === '') {
    if (value === undefined) onUnset?.(name);
    return value ?? '';
  }
  const colon = rest[0] === ':';
  const op = colon ? rest[1] : rest[0];
  const arg = rest.slice(colon ? 2 : 1);
  const sub = (): string => substitute(arg, lookup, onUnset);
  // With a colon an empty value counts as unset.
  const isSet = value !== undefined && (!colon || value !== '');
  switch (op) {
    case '-':
      return isSet ? value! : sub();
    case '?':
      if (isSet) return value!;
      throw new MissingRequiredError(name, sub());
    case '+':
      return isSet ? sub() : '';
    default:
      throw new InvalidTemplateError(whole);
  }
}

/** Substitutes with Compose's error texts for `path` (dotted, e.g. `services.web.image`). */
export function substituteAt(template: string, path: string, lookup: Lookup, onUnset?: (name: string) => void): string {
  try {
    return substitute(template, lookup, onUnset);
  } catch (err) {
    if (err instanceof InvalidTemplateError) {
      throw new ConfigError(`invalid interpolation format for ${path}.\nYou may need to escape any $ with another $.\n${err.template}`);
    }
    if (err instanceof MissingRequiredError) throw new ConfigError(`error while interpolating ${path}: ${err.message}`);
    throw err;
  }
}

/**
 * Fields Compose casts after interpolation (a `${VAR}` is always a string; these keys want numbers or booleans).
 * Patterns are dotted paths with `*` for one segment.
 */
const CASTS: Array<[RegExp, 'int' | 'float' | 'bool']> = (
  [
    ['configs.*.external', 'bool'], ['networks.*.external', 'bool'], ['networks.*.internal', 'bool'],
    ['networks.*.attachable', 'bool'], ['networks.*.enable_ipv4', 'bool'], ['networks.*.enable_ipv6', 'bool'],
    ['secrets.*.external', 'bool'], ['volumes.*.external', 'bool'],
    ['services.*.attach', 'bool'], ['services.*.build.no_cache', 'bool'], ['services.*.build.pull', 'bool'],
    ['services.*.build.privileged', 'bool'], ['services.*.cpu_count', 'int'], ['services.*.cpu_percent', 'float'],
    ['services.*.cpu_period', 'int'], ['services.*.cpu_quota', 'int'], ['services.*.cpu_rt_period', 'int'],
    ['services.*.cpu_rt_runtime', 'int'], ['services.*.cpus', 'float'], ['services.*.cpu_shares', 'int'],
    ['services.*.init', 'bool'], ['services.*.deploy.replicas', 'int'], ['services.*.healthcheck.retries', 'int'],
    ['services.*.healthcheck.disable', 'bool'], ['services.*.mem_swappiness', 'int'], ['services.*.oom_kill_disable', 'bool'],
    ['services.*.oom_score_adj', 'int'], ['services.*.pids_limit', 'int'], ['services.*.ports.*.target', 'int'],
    ['services.*.privileged', 'bool'], ['services.*.read_only', 'bool'], ['services.*.scale', 'int'],
    ['services.*.stdin_open', 'bool'], ['services.*.tty', 'bool'], ['services.*.ulimits.*', 'int'],
    ['services.*.ulimits.*.hard', 'int'], ['services.*.ulimits.*.soft', 'int'], ['services.*.volumes.*.read_only', 'bool'],
    ['services.*.volumes.*.volume.nocopy', 'bool'], ['services.*.volumes.*.bind.create_host_path', 'bool'],
    ['services.*.depends_on.*.required', 'bool'], ['services.*.depends_on.*.restart', 'bool'],
    ['services.*.env_file.*.required', 'bool'], ['services.*.gpus.*.count', 'int'],
  ] as Array<[string, 'int' | 'float' | 'bool']>
).map(([p, t]) => [new RegExp(`^${p.replace(/\./g, '\\.').replace(/\*/g, '[^.]+')}$`), t]);

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);

function cast(value: string, path: string): unknown {
  const rule = CASTS.find(([re]) => re.test(path));
  if (!rule) return value;
  const [, type] = rule;
  if (type === 'bool') {
    if (TRUE.has(value)) return true;
    if (FALSE.has(value)) return false;
    throw new ConfigError(`failed to cast to expected type: invalid boolean: ${value}`);
  }
  const n = type === 'int' ? (/^[-+]?\d+$/.test(value) ? Number(value) : NaN) : Number(value);
  if (value.trim() === '' || Number.isNaN(n)) {
    throw new ConfigError(`failed to cast to expected type: strconv.Parse${type === 'int' ? 'Int' : 'Float'}: parsing "${value}": invalid syntax`);
  }
  return n;
}

/**
 * Interpolates every string value (not keys) of a parsed Compose document, in place of a copy; values that
 * contained a template and sit at a typed path are cast. `x-*` extension fields are interpolated too.
 */
export function interpolateTree(node: unknown, lookup: Lookup, onUnset?: (name: string) => void, path: string[] = []): unknown {
  if (typeof node === 'string') {
    if (!node.includes('$')) return node;
    const dotted = path.join('.');
    return cast(substituteAt(node, dotted, lookup, onUnset), dotted);
  }
  if (node instanceof Override) return new Override(interpolateTree(node.value, lookup, onUnset, path));
  if (Array.isArray(node)) return node.map((v, i) => interpolateTree(v, lookup, onUnset, [...path, String(i)]));
  if (isPlainObject(node)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = interpolateTree(v, lookup, onUnset, [...path, k]);
    return out;
  }
  return node;
}
