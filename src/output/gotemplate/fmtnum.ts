/**
 * Number formatting with Go's fmt/strconv rules: integers in any base with Go's flag handling, and
 * floats for %e %f %g / %v with exact round-half-even on the binary value (Go's behaviour; JS's
 * toFixed rounds ties up). `%v` of a float is `%g` with the shortest digits, and — as in Go — switches
 * to exponent form when the exponent is < -4 or >= 6 (`1e+06`, `1.2345675e+06`, `1e-05`).
 */

export interface NumSpec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | undefined;
  prec: number | undefined;
}

/** Pads to the width in runes (left unless `minus`), with spaces or — for numbers — zeros. */
export function padTo(s: string, spec: NumSpec, zeroOK = false): string {
  if (spec.width === undefined) return s;
  const n = spec.width - [...s].length;
  if (n <= 0) return s;
  if (spec.minus) return s + ' '.repeat(n);
  return (zeroOK && spec.zero ? '0' : ' ').repeat(n) + s;
}

/** Go's fmtInteger for %d %b %o %O %x %X (value as bigint so 64-bit values stay exact). */
export function formatInteger(v: bigint, verb: string, spec: NumSpec): string {
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const base = verb === 'b' ? 2 : verb === 'o' || verb === 'O' ? 8 : verb === 'x' || verb === 'X' ? 16 : 10;
  let digits = abs.toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  let prec = 0;
  if (spec.prec !== undefined) {
    prec = spec.prec;
    if (prec === 0 && abs === 0n) return padTo('', spec);
  } else if (spec.zero && !spec.minus && spec.width !== undefined) {
    prec = spec.width;
    if (negative || spec.plus || spec.space) prec--;
  }
  if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
  if (spec.sharp) {
    if (base === 8 && !digits.startsWith('0')) digits = '0' + digits;
    else if (base === 16) digits = (verb === 'X' ? '0X' : '0x') + digits;
    else if (base === 2) digits = '0b' + digits;
  }
  if (verb === 'O') digits = '0o' + digits;
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return padTo(sign + digits, { ...spec, zero: false });
}

interface Decimal {
  digits: string; // significant digits, no trailing zeros ('' for zero)
  dp: number; // value = 0.digits × 10^dp
}

/** The exact decimal expansion of a finite non-negative double (up to 100 significant digits). */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', dp: 0 };
  return parseDecimal(x.toPrecision(100));
}

function parseDecimal(s: string): Decimal {
  const [mant = '', expPart] = s.split('e');
  const exp = expPart === undefined ? 0 : Number(expPart);
  const dot = mant.indexOf('.');
  const intLen = dot < 0 ? mant.length : dot;
  let digits = mant.replace('.', '');
  let dp = intLen + exp;
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead);
  dp -= lead;
  digits = digits.replace(/0+$/, '');
  return digits === '' ? { digits: '', dp: 0 } : { digits, dp };
}

/** Rounds to `nd` significant digits, ties to even (as strconv's decimal.Round). */
function roundDecimal(d: Decimal, nd: number): Decimal {
  if (nd < 0) return { digits: '', dp: 0 };
  if (nd >= d.digits.length) return d;
  const next = d.digits.charCodeAt(nd) - 48;
  let up = next > 5;
  if (next === 5) {
    const exactHalf = nd + 1 === d.digits.length;
    up = !exactHalf || (nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1);
  }
  const kept = d.digits.slice(0, nd);
  if (!up) return parseDecimal(kept === '' ? '0' : `0.${kept}e${d.dp}`);
  // increment kept digits
  const arr = kept.split('').map((c) => c.charCodeAt(0) - 48);
  let i = arr.length - 1;
  while (i >= 0 && arr[i] === 9) {
    arr[i] = 0;
    i--;
  }
  if (i < 0) return { digits: '1', dp: d.dp + 1 };
  arr[i] = (arr[i] ?? 0) + 1;
  return { digits: arr.slice(0, i + 1).join(''), dp: d.dp };
}

function shortestDecimal(x: number): Decimal {
  return x === 0 ? { digits: '', dp: 0 } : parseDecimal(x.toExponential());
}

function fmtE(d: Decimal, prec: number, upper: boolean): string {
  let s = d.digits[0] ?? '0';
  if (prec > 0) s += '.' + d.digits.slice(1, prec + 1).padEnd(prec, '0');
  const exp = d.digits === '' ? 0 : d.dp - 1;
  const abs = Math.abs(exp);
  return s + (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + (abs < 10 ? '0' : '') + String(abs);
}

function fmtF(d: Decimal, prec: number): string {
  let s = d.dp > 0 ? d.digits.slice(0, d.dp).padEnd(d.dp, '0') : '0';
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) {
      const idx = d.dp + i;
      s += idx >= 0 && idx < d.digits.length ? d.digits[idx] : '0';
    }
  }
  return s;
}

/** strconv.FormatFloat(|x|, verb, prec, 64) for e E f F g G (prec -1 = shortest). */
function formatAbs(x: number, verb: string, prec: number): string {
  const shortest = prec < 0;
  switch (verb) {
    case 'e':
    case 'E': {
      const d = shortest ? shortestDecimal(x) : roundDecimal(exactDecimal(x), prec + 1);
      return fmtE(d, shortest ? Math.max(d.digits.length - 1, 0) : prec, verb === 'E');
    }
    case 'f':
    case 'F': {
      if (shortest) {
        const d = shortestDecimal(x);
        return fmtF(d, Math.max(d.digits.length - d.dp, 0));
      }
      const e = exactDecimal(x);
      return fmtF(roundDecimal(e, e.dp + prec), prec);
    }
    default: {
      // g / G
      let p = prec;
      let d: Decimal;
      if (shortest) {
        d = shortestDecimal(x);
        p = d.digits.length;
      } else {
        if (p === 0) p = 1;
        d = roundDecimal(exactDecimal(x), p);
      }
      let eprec = p;
      if (eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
      if (shortest) eprec = 6;
      const exp = d.dp - 1;
      if (d.digits !== '' && (exp < -4 || exp >= eprec)) {
        return fmtE(d, Math.min(p, Math.max(d.digits.length, 1)) - 1, verb === 'G');
      }
      return fmtF(d, Math.max((p > d.dp ? d.digits.length : p) - d.dp, 0));
    }
  }
}

/** Go's fmt.fmtFloat: sign/space/plus flags, zero padding after the sign, Inf/NaN handling. */
export function formatFloat(x: number, verb: string, spec: NumSpec): string {
  const v = verb === 'v' ? 'g' : verb;
  const prec = spec.prec ?? (v === 'e' || v === 'E' || v === 'f' || v === 'F' ? 6 : -1);
  let sign = x < 0 || Object.is(x, -0) ? '-' : '+';
  if (sign === '+' && spec.space && !spec.plus) sign = ' ';
  if (Number.isNaN(x)) {
    return padTo(spec.plus ? '+NaN' : spec.space ? ' NaN' : 'NaN', { ...spec, zero: false });
  }
  if (!Number.isFinite(x)) return padTo(sign + 'Inf', { ...spec, zero: false });
  const body = formatAbs(Math.abs(x), v, prec);
  const withSign = spec.plus || sign !== '+';
  if (withSign && spec.zero && !spec.minus && spec.width !== undefined && spec.width > body.length + 1) {
    return sign + '0'.repeat(spec.width - body.length - 1) + body;
  }
  return padTo(withSign ? sign + body : body, spec, true);
}

/** %v of a number as Go prints an int or a float64. */
export function formatNumberV(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return Object.is(n, -0) ? '0' : String(n);
  return formatFloat(n, 'v', { minus: false, plus: false, sharp: false, space: false, zero: false, width: undefined, prec: undefined });
}
