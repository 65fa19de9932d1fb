/**
 * A small TOML reader for tsctl's flat config file (/etc/tsctl/tsctl.toml): `key = value` lines with strings
 * (basic and literal), integers, booleans and single-line arrays of those, `#` comments. Tables other than the
 * root are rejected: the config has no sections (nerdctl.toml's shape).
 */
import { ConfigError } from '../errors/index';

export type TomlValue = string | number | boolean | TomlValue[];

export function parseToml(text: string, file = 'config'): Record<string, TomlValue> {
  const out: Record<string, TomlValue> = {};
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const where = `${file}:${i + 1}`;
    const line = stripComment(raw).trim();
    if (line === '') return;
    if (line.startsWith('[')) throw new ConfigError(`${where}: tables are not supported in the tsctl config (${line})`);
    const eq = line.indexOf('=');
    if (eq <= 0) throw new ConfigError(`${where}: expected "key = value", got ${JSON.stringify(raw.trim())}`);
    const key = unquoteKey(line.slice(0, eq).trim(), where);
    if (Object.hasOwn(out, key)) throw new ConfigError(`${where}: duplicate key "${key}"`);
    const [value, rest] = parseValue(line.slice(eq + 1).trim(), where);
    if (rest.trim() !== '') throw new ConfigError(`${where}: unexpected text after value: ${JSON.stringify(rest.trim())}`);
    out[key] = value;
  });
  return out;
}

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

function unquoteKey(key: string, where: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(key)) return key;
  const m = /^"([^"]*)"$|^'([^']*)'$/.exec(key);
  if (m) return m[1] ?? m[2] ?? '';
  throw new ConfigError(`${where}: invalid key ${JSON.stringify(key)}`);
}

function parseValue(s: string, where: string): [TomlValue, string] {
  if (s.startsWith('"')) return parseBasicString(s, where);
  if (s.startsWith("'")) {
    const end = s.indexOf("'", 1);
    if (end < 0) throw new ConfigError(`${where}: unterminated string`);
    return [s.slice(1, end), s.slice(end + 1)];
  }
  if (s.startsWith('[')) return parseArray(s, where);
  const m = /^(true|false|[+-]?\d[\d_]*)(.*)$/s.exec(s);
  if (!m) throw new ConfigError(`${where}: unsupported value ${JSON.stringify(s)}`);
  const tok = m[1] ?? '';
  const value = tok === 'true' ? true : tok === 'false' ? false : Number(tok.replace(/_/g, ''));
  return [value, m[2] ?? ''];
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

function parseBasicString(s: string, where: string): [string, string] {
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '"') return [out, s.slice(i + 1)];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i] ?? '';
    if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const hex = s.slice(i + 1, i + 1 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new ConfigError(`${where}: bad unicode escape`);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += len;
    } else if (ESCAPES[e] !== undefined) out += ESCAPES[e];
    else throw new ConfigError(`${where}: invalid escape \\${e}`);
  }
  throw new ConfigError(`${where}: unterminated string`);
}

function parseArray(s: string, where: string): [TomlValue[], string] {
  const items: TomlValue[] = [];
  let rest = s.slice(1).trim();
  while (!rest.startsWith(']')) {
    if (rest === '') throw new ConfigError(`${where}: unterminated array (arrays must be on one line)`);
    const [v, after] = parseValue(rest, where);
    items.push(v);
    rest = after.trim();
    if (rest.startsWith(',')) rest = rest.slice(1).trim();
    else if (!rest.startsWith(']')) throw new ConfigError(`${where}: expected "," or "]" in array`);
  }
  return [items, rest.slice(1)];
}
