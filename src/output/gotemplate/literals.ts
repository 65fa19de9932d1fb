/**
 * Go literal syntax used by templates: strconv.Unquote for "…", `…` and '…' literals (escapes are
 * decoded as Go does, `\x`/octal escapes as raw UTF-8 bytes), and Go integer/float literal syntax
 * (0x/0o/0b/legacy-octal prefixes, `_` separators, exponents, hex floats). Complex numbers are
 * rejected. Errors are thrown as plain `Error`s carrying Go's message text.
 */

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92,
};

/** strconv.Unquote; throws Error('invalid syntax') on malformed input. */
export function unquote(s: string): string {
  const q = s[0];
  if (s.length < 2 || s[s.length - 1] !== q) throw new Error('invalid syntax');
  const body = s.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new Error('invalid syntax');
    return body.replace(/\r/g, '');
  }
  if (q !== '"' && q !== "'") throw new Error('invalid syntax');
  const bytes: number[] = [];
  const pushCp = (cp: number): void => {
    bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
  };
  let runes = 0;
  for (let i = 0; i < body.length; runes++) {
    const ch = String.fromCodePoint(body.codePointAt(i) ?? 0);
    i += ch.length;
    if (ch === q || ch === '\n') throw new Error('invalid syntax');
    if (ch !== '\\') {
      pushCp(ch.codePointAt(0) ?? 0);
      continue;
    }
    const e = body[i++];
    if (e === undefined) throw new Error('invalid syntax');
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) bytes.push(simple);
    else if (e === q) bytes.push(q.charCodeAt(0));
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i, i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new Error('invalid syntax');
      i += n;
      const v = parseInt(hex, 16);
      if (e === 'x') {
        if (q === "'") pushCp(v);
        else bytes.push(v);
      } else {
        if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) throw new Error('invalid syntax');
        pushCp(v);
      }
    } else if (/[0-7]/.test(e)) {
      const oct = e + body.slice(i, i + 2);
      if (!/^[0-7]{3}$/.test(oct)) throw new Error('invalid syntax');
      i += 2;
      const v = parseInt(oct, 8);
      if (v > 255) throw new Error('invalid syntax');
      bytes.push(v);
    } else throw new Error('invalid syntax');
  }
  if (q === "'" && runes !== 1) throw new Error('invalid syntax');
  return Buffer.from(bytes).toString('utf8');
}

const INT_RE =
  /^[+-]?(0[xX]_?[0-9a-fA-F]+(_[0-9a-fA-F]+)*|0[oO]_?[0-7]+(_[0-7]+)*|0[bB]_?[01]+(_[01]+)*|0(_?[0-7]+)*|[1-9](_?[0-9]+)*)$/;
const DEC_FLOAT_RE = /^[+-]?(?=\.?[0-9])([0-9](_?[0-9])*)?(\.([0-9](_?[0-9])*)?)?([eE][+-]?[0-9](_?[0-9])*)?$/;
const HEX_FLOAT_RE = /^([+-]?)0[xX]_?([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/;

/** Value of a template number or character literal (Go's parse.newNumber, simplified to float64). */
export function parseNumber(text: string, kind: 'number' | 'charConst' | 'complex'): number {
  if (kind === 'complex') throw new Error(`complex constants are not supported: ${JSON.stringify(text)}`);
  if (kind === 'charConst') {
    let s: string;
    try {
      s = unquote(text);
    } catch {
      throw new Error(`malformed character constant: ${text}`);
    }
    return s.codePointAt(0) ?? 0;
  }
  if (INT_RE.test(text)) {
    let t = text.replace(/_/g, '');
    const neg = t.startsWith('-');
    t = t.replace(/^[+-]/, '');
    if (/^0[0-7]+$/.test(t)) t = '0o' + t.slice(1);
    const v = Number(BigInt(t));
    return neg ? -v : v;
  }
  if (DEC_FLOAT_RE.test(text)) {
    if (!/[.eE]/.test(text)) throw new Error(`integer overflow: ${JSON.stringify(text)}`);
    return Number(text.replace(/_/g, ''));
  }
  const h = HEX_FLOAT_RE.exec(text);
  if (h !== null) {
    const int = (h[2] ?? '').replace(/_/g, '');
    const frac = (h[3] ?? '').replace(/_/g, '');
    if (int + frac === '') throw new Error(`illegal number syntax: ${JSON.stringify(text)}`);
    const mant = parseInt(int + frac, 16) / 16 ** frac.length;
    const v = mant * 2 ** Number((h[4] ?? '0').replace(/_/g, ''));
    return h[1] === '-' ? -v : v;
  }
  throw new Error(`illegal number syntax: ${JSON.stringify(text)}`);
}
