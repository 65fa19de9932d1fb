/**
 * A small TOML reader sufficient for containerd's hosts.toml: tables (`[host."https://mirror"]`,
 * `[host."https://mirror".header]`), bare/quoted/dotted keys, basic strings with escapes, literal strings,
 * booleans, integers, (multi-line, nested) arrays and inline tables, `#` comments. Table order is kept (the
 * order of `[host.…]` tables is the order mirrors are tried). Not supported: arrays of tables, multi-line
 * strings, dates; they fail with a line number.
 */
import { ConfigError } from '../errors/index';

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export function isTable(v: TomlValue | undefined): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Parser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly file: string,
  ) {}

  fail(msg: string): never {
    const line = this.s.slice(0, this.i).split('\n').length;
    throw new ConfigError(`${this.file}:${line}: ${msg}`);
  }

  private peek(off = 0): string {
    return this.s[this.i + off] ?? '';
  }

  private skipSpace(newlines: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.i++;
      else if (c === '#') while (this.i < this.s.length && this.peek() !== '\n') this.i++;
      else return;
    }
  }

  private endOfLine(): void {
    this.skipSpace(false);
    if (this.i < this.s.length && this.peek() !== '\n') this.fail(`unexpected ${JSON.stringify(this.s.slice(this.i, this.i + 20))}`);
  }

  private key(): string {
    const c = this.peek();
    if (c === '"') return this.basicString();
    if (c === "'") return this.literalString();
    const m = /^[A-Za-z0-9_-]+/.exec(this.s.slice(this.i, this.i + 256));
    if (m === null) this.fail('expected a key');
    this.i += m[0].length;
    return m[0];
  }

  private keyPath(): string[] {
    const parts = [this.key()];
    for (;;) {
      this.skipSpace(false);
      if (this.peek() !== '.') return parts;
      this.i++;
      this.skipSpace(false);
      parts.push(this.key());
    }
  }

  private basicString(): string {
    this.i++; // opening quote
    if (this.peek() === '"' && this.peek(1) === '"') this.fail('multi-line strings are not supported');
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '\n') this.fail('unterminated string');
      this.i++;
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.peek();
      this.i++;
      const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
      if (simple[e] !== undefined) out += simple[e];
      else if (e === 'u' || e === 'U') {
        const len = e === 'u' ? 4 : 8;
        const hex = this.s.slice(this.i, this.i + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail('invalid unicode escape');
        out += String.fromCodePoint(Number.parseInt(hex, 16));
        this.i += len;
      } else this.fail(`invalid escape \\${e}`);
    }
  }

  private literalString(): string {
    const end = this.s.indexOf("'", this.i + 1);
    const nl = this.s.indexOf('\n', this.i + 1);
    if (end < 0 || (nl >= 0 && nl < end)) this.fail('unterminated string');
    const v = this.s.slice(this.i + 1, end);
    this.i = end + 1;
    return v;
  }

  value(): TomlValue {
    const c = this.peek();
    if (c === '"') return this.basicString();
    if (c === "'") return this.literalString();
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable();
    const m = /^(true|false|[+-]?\d[\d_]*(?:\.\d+)?)(?=[\s,\]}#]|$)/.exec(this.s.slice(this.i, this.i + 64));
    if (m === null) this.fail(`unsupported value ${JSON.stringify(this.s.slice(this.i, this.i + 20))}`);
    this.i += m[0].length;
    if (m[0] === 'true') return true;
    if (m[0] === 'false') return false;
    return Number(m[0].replace(/_/g, ''));
  }

  private array(): TomlValue[] {
    this.i++;
    const out: TomlValue[] = [];
    for (;;) {
      this.skipSpace(true);
      if (this.peek() === ']') {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.skipSpace(true);
      if (this.peek() === ',') this.i++;
      else if (this.peek() !== ']') this.fail('expected , or ] in array');
    }
  }

  private inlineTable(): TomlTable {
    this.i++;
    const t: TomlTable = {};
    this.skipSpace(false);
    if (this.peek() === '}') {
      this.i++;
      return t;
    }
    for (;;) {
      this.skipSpace(false);
      const path = this.keyPath();
      this.skipSpace(false);
      if (this.peek() !== '=') this.fail('expected =');
      this.i++;
      this.skipSpace(false);
      this.assign(t, path, this.value());
      this.skipSpace(false);
      if (this.peek() === ',') this.i++;
      else if (this.peek() === '}') {
        this.i++;
        return t;
      } else this.fail('expected , or } in inline table');
    }
  }

  assign(table: TomlTable, path: string[], v: TomlValue): void {
    const parent = this.descend(table, path.slice(0, -1));
    const last = path[path.length - 1] ?? '';
    if (Object.hasOwn(parent, last)) this.fail(`duplicate key ${JSON.stringify(path.join('.'))}`);
    parent[last] = v;
  }

  descend(table: TomlTable, path: string[]): TomlTable {
    let cur = table;
    for (const k of path) {
      const next = cur[k];
      if (next === undefined) {
        const t: TomlTable = {};
        cur[k] = t;
        cur = t;
      } else if (isTable(next)) cur = next;
      else this.fail(`key ${JSON.stringify(k)} is not a table`);
    }
    return cur;
  }

  document(): TomlTable {
    const root: TomlTable = {};
    let current = root;
    for (;;) {
      this.skipSpace(true);
      if (this.i >= this.s.length) return root;
      if (this.peek() === '[') {
        if (this.peek(1) === '[') this.fail('arrays of tables are not supported');
        this.i++;
        this.skipSpace(false);
        const path = this.keyPath();
        this.skipSpace(false);
        if (this.peek() !== ']') this.fail('expected ] after table name');
        this.i++;
        current = this.descend(root, path);
        this.endOfLine();
        continue;
      }
      const path = this.keyPath();
      this.skipSpace(false);
      if (this.peek() !== '=') this.fail('expected "key = value"');
      this.i++;
      this.skipSpace(false);
      this.assign(current, path, this.value());
      this.endOfLine();
    }
  }
}

/** Parses TOML text; errors are ConfigError(`<file>:<line>: …`). */
export function parseHostsToml(text: string, file = 'hosts.toml'): TomlTable {
  return new Parser(text, file).document();
}
