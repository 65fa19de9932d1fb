/**
 * `.env` / `--env-file` / `env_file:` parsing as compose-go's dotenv: `KEY=VALUE` (or `KEY: VALUE`), an optional
 * `export ` prefix, `#` comments (whole lines, or after a space in an unquoted value), single quotes
 * (literal), double quotes (escapes, several lines, interpolation), unquoted values (trimmed, interpolated),
 * and a bare `KEY` taking its value from the environment (left out when it has none).
 */
import { ConfigError } from '../errors/index';
import { substitute, InvalidTemplateError, MissingRequiredError, type Lookup } from './interpolate';

const KEY = /^[\p{L}\p{N}_.\-[\]]+/u;

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$', a: '\x07', b: '\b', f: '\f', v: '\v' };

/**
 * Parses `src`. `lookup` resolves `${VAR}` and bare keys; values defined earlier in the same file are used
 * when the lookup has none. `file` names the source in errors.
 */
export function parseDotenv(src: string, lookup: Lookup = () => undefined, file = '.env'): Record<string, string> {
  const out: Record<string, string> = {};
  const resolve: Lookup = (name) => lookup(name) ?? out[name];
  const text = src.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let i = 0;
  let line = 1;
  const fail = (msg: string): never => {
    throw new ConfigError(`failed to read ${file}: line ${line}: ${msg}`);
  };
  const interpolate = (v: string): string => {
    try {
      return substitute(v, resolve);
    } catch (err) {
      if (err instanceof InvalidTemplateError || err instanceof MissingRequiredError) fail(err.message);
      throw err;
    }
  };
  while (i < text.length) {
    // Skip blank lines and comment lines.
    const eol = text.indexOf('\n', i);
    const lineEnd = eol < 0 ? text.length : eol;
    const raw = text.slice(i, lineEnd);
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i = lineEnd + 1;
      line++;
      continue;
    }
    let rest = raw.replace(/^\s+/, '');
    let consumedLead = raw.length - rest.length;
    if (/^export\s+/.test(rest)) {
      const m = /^export\s+/.exec(rest)!;
      rest = rest.slice(m[0].length);
      consumedLead += m[0].length;
    }
    const km = KEY.exec(rest);
    if (!km) fail(`unexpected character "${rest[0]}" in variable name "${rest.split(/[=:\s]/)[0]}"`);
    const key = km![0];
    let after = rest.slice(key.length);
    const sep = /^\s*([=:])/.exec(after);
    if (!sep) {
      if (after.trim() === '' || after.trim().startsWith('#')) {
        // A bare KEY: inherited from the environment.
        const v = lookup(key);
        if (v !== undefined) out[key] = v;
        i = lineEnd + 1;
        line++;
        continue;
      }
      fail(`unexpected character "${after.trim()[0]}" in variable name "${key}${after.trim()}"`);
    }
    after = after.slice(sep![0].length).replace(/^[ \t]+/, '');
    const valueStart = i + consumedLead + key.length + (rest.slice(key.length).length - after.length);
    const q = after[0];
    if (q === '"' || q === "'") {
      // Quoted: may span lines; find the closing quote (not escaped, for double quotes).
      let j = valueStart + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) fail(`unterminated quoted value`);
        const c = text[j]!;
        if (c === q) break;
        if (c === '\n') line++;
        if (c === '\\' && q === '"') {
          const n = text[j + 1] ?? '';
          // `\$` keeps the dollar escaped for the interpolation below.
          value += n === '$' ? '$$' : (ESCAPES[n] ?? `\\${n}`);
          j += 2;
          continue;
        }
        if (c === '\\' && q === "'" && text[j + 1] === "'") {
          value += "'";
          j += 2;
          continue;
        }
        value += c;
        j++;
      }
      out[key] = q === '"' ? interpolate(value) : value;
      // Anything after the closing quote up to the end of the line must be a comment or blank.
      const tailEnd = text.indexOf('\n', j + 1);
      const tail = text.slice(j + 1, tailEnd < 0 ? text.length : tailEnd);
      if (tail.trim() !== '' && !tail.trim().startsWith('#')) fail(`unexpected characters after the quoted value of ${key}: ${tail.trim()}`);
      i = tailEnd < 0 ? text.length : tailEnd + 1;
      line++;
      continue;
    }
    let value = text.slice(valueStart, lineEnd);
    // Only ` #` starts a comment in an unquoted value (compose-go), not a tab.
    const comment = value.indexOf(' #');
    if (comment >= 0) value = value.slice(0, comment);
    out[key] = interpolate(value.trim());
    i = lineEnd + 1;
    line++;
  }
  return out;
}
