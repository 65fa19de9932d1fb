/**
 * Lexer for Go text/template (a port of the state machine in Go's text/template/parse/lex.go).
 *
 * Produces the whole token list up front; a lexical error becomes an `error` token (its text is the
 * Go error message) followed by `eof`, exactly where Go's lexer would stop. Positions are UTF-16
 * offsets into the template text; the executor converts them to Go's byte columns for messages.
 * Handles `{{- ` / ` -}}` trim markers, `{{/* comments *\/}}` (dropped), strings, raw strings, char
 * constants, Go number syntax, fields, variables and keywords. Delimiters are fixed to `{{` `}}`.
 */

export type TokenType =
  | 'error' | 'bool' | 'char' | 'charConst' | 'complex' | 'assign' | 'declare' | 'eof' | 'field'
  | 'identifier' | 'leftDelim' | 'leftParen' | 'number' | 'pipe' | 'rawString' | 'rightDelim'
  | 'rightParen' | 'space' | 'string' | 'text' | 'variable'
  // keywords
  | 'block' | 'break' | 'continue' | 'dot' | 'define' | 'else' | 'end' | 'if' | 'nil' | 'range'
  | 'template' | 'with';

export interface Token {
  readonly type: TokenType;
  readonly val: string;
  readonly pos: number;
}

const KEYWORDS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ['.', 'dot'], ['block', 'block'], ['break', 'break'], ['continue', 'continue'], ['define', 'define'],
  ['else', 'else'], ['end', 'end'], ['if', 'if'], ['range', 'range'], ['nil', 'nil'],
  ['template', 'template'], ['with', 'with'],
]);

export function isKeyword(t: TokenType): boolean {
  return [...KEYWORDS.values()].includes(t);
}

const LEFT = '{{';
const RIGHT = '}}';
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string | undefined): boolean => c !== undefined && /^[\p{L}\p{Nd}_]$/u.test(c);

/** `%#U` of a rune, as Go prints it in "bad character" errors. */
export function runeDesc(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch) ? `${hex} '${ch}'` : hex;
}

class LexError extends Error {}

export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let start = 0;
  const emit = (type: TokenType): void => {
    tokens.push({ type, val: input.slice(start, pos), pos: start });
    start = pos;
  };
  const fail = (msg: string): never => {
    throw new LexError(msg);
  };
  const hasLeftTrim = (at: number): boolean => input[at] === '-' && isSpace(input[at + 1]);
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (isSpace(input[pos]) && input[pos + 1] === '-' && input.startsWith(RIGHT, pos + 2)) return { delim: true, trim: true };
    return { delim: input.startsWith(RIGHT, pos), trim: false };
  };
  const skipSpaces = (): void => {
    while (isSpace(input[pos])) pos++;
  };
  const codePointAt = (at: number): string => String.fromCodePoint(input.codePointAt(at) ?? 0);
  const atTerminator = (): boolean => {
    const c = input[pos];
    return c === undefined || isSpace(c) || '.,|:)('.includes(c) || input.startsWith(RIGHT, pos);
  };

  const lexInsideAction = (): void => {
    let parenDepth = 0;
    for (;;) {
      const { delim, trim } = atRightDelim();
      if (delim) {
        if (parenDepth !== 0) fail('unclosed left paren');
        if (trim) pos += 2;
        start = pos;
        pos += RIGHT.length;
        emit('rightDelim');
        if (trim) skipSpaces();
        start = pos;
        return;
      }
      const c = input[pos];
      if (c === undefined) fail('unclosed action');
      else if (isSpace(c)) {
        let n = 0;
        while (isSpace(input[pos])) {
          pos++;
          n++;
        }
        if (input[pos - 1] !== undefined && input[pos] === '-' && input.startsWith(RIGHT, pos + 1)) {
          pos--; // leave the space before " -}}" to the delimiter
          if (n === 1) continue;
        }
        emit('space');
      } else if (c === '=') {
        pos++;
        emit('assign');
      } else if (c === ':') {
        pos++;
        if (input[pos] !== '=') fail('expected :=');
        pos++;
        emit('declare');
      } else if (c === '|') {
        pos++;
        emit('pipe');
      } else if (c === '"' || c === "'") {
        pos++;
        const unterminated = c === '"' ? 'unterminated quoted string' : 'unterminated character constant';
        for (;;) {
          const d = input[pos++];
          if (d === '\\') {
            const e = input[pos++];
            if (e === undefined || e === '\n') fail(unterminated);
            continue;
          }
          if (d === undefined || d === '\n') fail(unterminated);
          if (d === c) break;
        }
        emit(c === '"' ? 'string' : 'charConst');
      } else if (c === '`') {
        const end = input.indexOf('`', pos + 1);
        if (end < 0) fail('unterminated raw quoted string');
        pos = end + 1;
        emit('rawString');
      } else if (c === '$' || (c === '.' && !/[0-9]/.test(input[pos + 1] ?? ''))) {
        pos++;
        if (atTerminator()) {
          emit(c === '$' ? 'variable' : 'dot');
          continue;
        }
        while (isAlnum(codePointAt(pos)) && pos < input.length) pos += codePointAt(pos).length;
        if (!atTerminator()) fail(`bad character ${runeDesc(codePointAt(pos))}`);
        emit(c === '$' ? 'variable' : 'field');
      } else if (c === '.' || c === '+' || c === '-' || /[0-9]/.test(c)) {
        lexNumber();
      } else if (isAlnum(codePointAt(pos))) {
        while (pos < input.length && isAlnum(codePointAt(pos))) pos += codePointAt(pos).length;
        const word = input.slice(start, pos);
        if (!atTerminator()) fail(`bad character ${runeDesc(codePointAt(pos))}`);
        const kw = KEYWORDS.get(word);
        emit(kw ?? (word === 'true' || word === 'false' ? 'bool' : 'identifier'));
      } else if (c === '(') {
        pos++;
        parenDepth++;
        emit('leftParen');
      } else if (c === ')') {
        pos++;
        if (--parenDepth < 0) fail('unexpected right paren');
        emit('rightParen');
      } else if (c.charCodeAt(0) < 0x7f && c.charCodeAt(0) >= 0x20) {
        pos++;
        emit('char');
      } else {
        fail(`unrecognized character in action: ${runeDesc(codePointAt(pos))}`);
      }
    }
  };

  const scanNumber = (): boolean => {
    if (input[pos] === '+' || input[pos] === '-') pos++;
    let digits = /[0-9_]/;
    let decimal = true;
    let hex = false;
    if (input[pos] === '0') {
      pos++;
      const p = input[pos] ?? '';
      if ('xX'.includes(p) && p !== '') [digits, decimal, hex] = [/[0-9a-fA-F_]/, false, true];
      else if ('oO'.includes(p) && p !== '') [digits, decimal] = [/[0-7_]/, false];
      else if ('bB'.includes(p) && p !== '') [digits, decimal] = [/[01_]/, false];
      if (!decimal) pos++;
    }
    const run = (re: RegExp): void => {
      while (pos < input.length && re.test(input[pos] ?? '')) pos++;
    };
    run(digits);
    if (input[pos] === '.') {
      pos++;
      run(digits);
    }
    if ((decimal && 'eE'.includes(input[pos] ?? '-')) || (hex && 'pP'.includes(input[pos] ?? '-'))) {
      pos++;
      if (input[pos] === '+' || input[pos] === '-') pos++;
      run(/[0-9_]/);
    }
    if (input[pos] === 'i') pos++;
    if (isAlnum(codePointAt(pos)) && pos < input.length) {
      pos++;
      return false;
    }
    return true;
  };

  const lexNumber = (): void => {
    if (!scanNumber()) fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
    if (input[pos] === '+' || input[pos] === '-') {
      if (!scanNumber() || input[pos - 1] !== 'i') fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
      emit('complex');
      return;
    }
    emit('number');
  };

  try {
    while (pos < input.length) {
      const x = input.indexOf(LEFT, pos);
      if (x < 0) {
        pos = input.length;
        emit('text');
        break;
      }
      let textEnd = x;
      if (hasLeftTrim(x + LEFT.length)) {
        while (textEnd > start && isSpace(input[textEnd - 1])) textEnd--;
      }
      if (textEnd > start) tokens.push({ type: 'text', val: input.slice(start, textEnd), pos: start });
      pos = x + LEFT.length;
      const trim = hasLeftTrim(pos);
      const after = trim ? 2 : 0;
      if (input.startsWith('/*', pos + after)) {
        pos += after + 2;
        const end = input.indexOf('*/', pos);
        if (end < 0) fail('unclosed comment');
        pos = end + 2;
        const { delim, trim: rtrim } = atRightDelim();
        if (!delim) fail('comment ends before closing delimiter');
        pos += (rtrim ? 2 : 0) + RIGHT.length;
        if (rtrim) skipSpaces();
        start = pos;
        continue;
      }
      start = x;
      emit('leftDelim');
      pos = x + LEFT.length + after;
      start = pos;
      lexInsideAction();
    }
  } catch (e) {
    if (!(e instanceof LexError)) throw e;
    tokens.push({ type: 'error', val: e.message, pos: start });
  }
  tokens.push({ type: 'eof', val: 'EOF', pos: input.length });
  return tokens;
}
