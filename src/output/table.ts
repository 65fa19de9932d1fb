/**
 * A port of Go's text/tabwriter (elastic tabstops), as docker/cli uses it for tables:
 * `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)` — minwidth 10, tabwidth 1, padding 3, space padding.
 *
 * Cells are tab-terminated: in "a\tb\tc\n" only a and b belong to columns; the trailing cell c is
 * written as is. A column block is a run of consecutive lines that all have a cell in that column;
 * its width is max(cell width + padding, minwidth). A line with no tab (a single cell) or a form
 * feed ends every block (Go flushes there). Cell width is the display width (East Asian wide and
 * fullwidth characters count 2, combining marks and control characters 0, like go-runewidth, which
 * Docker's fork of tabwriter uses). HTML filtering and escape characters are not supported.
 */

export interface TabwriterOptions {
  readonly minwidth: number;
  readonly tabwidth: number;
  readonly padding: number;
  readonly padchar: string;
  readonly alignRight?: boolean;
  readonly discardEmptyColumns?: boolean;
  readonly debug?: boolean;
}

/** docker/cli's table settings. */
export const DOCKER_TABWRITER: TabwriterOptions = { minwidth: 10, tabwidth: 1, padding: 3, padchar: ' ' };

const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0], [0x23f3, 0x23f3],
  [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f], [0x2693, 0x2693], [0x26a1, 0x26a1],
  [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5], [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea],
  [0x26f2, 0x26f3], [0x26f5, 0x26f5], [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b],
  [0x2728, 0x2728], [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55], [0x2e80, 0x303e],
  [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3],
  [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16fe4],
  [0x17000, 0x18aff], [0x1b000, 0x1b2ff], [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a], [0x1f200, 0x1f251], [0x1f300, 0x1f320], [0x1f32d, 0x1f335], [0x1f337, 0x1f37c],
  [0x1f37e, 0x1f393], [0x1f3a0, 0x1f3ca], [0x1f3cf, 0x1f3d3], [0x1f3e0, 0x1f3f0], [0x1f3f4, 0x1f3f4],
  [0x1f3f8, 0x1f43e], [0x1f440, 0x1f440], [0x1f442, 0x1f4fc], [0x1f4ff, 0x1f53d], [0x1f54b, 0x1f54e],
  [0x1f550, 0x1f567], [0x1f57a, 0x1f57a], [0x1f595, 0x1f596], [0x1f5a4, 0x1f5a4], [0x1f5fb, 0x1f64f],
  [0x1f680, 0x1f6c5], [0x1f6cc, 0x1f6cc], [0x1f6d0, 0x1f6d2], [0x1f6d5, 0x1f6d7], [0x1f6eb, 0x1f6ec],
  [0x1f6f4, 0x1f6fc], [0x1f7e0, 0x1f7eb], [0x1f90c, 0x1f93a], [0x1f93c, 0x1f945], [0x1f947, 0x1f9ff],
  [0x1fa70, 0x1faff], [0x20000, 0x2fffd], [0x30000, 0x3fffd],
];

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid] ?? [0, 0];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cc}\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufe00-\ufe0f\ufeff]$/u;

/** Terminal display width of a string (go-runewidth's StringWidth, approximately). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x20 && cp < 0x7f) w += 1;
    else if (ZERO_WIDTH.test(ch)) continue;
    else w += isWide(cp) ? 2 : 1;
  }
  return w;
}

interface Cell {
  readonly text: string;
  readonly width: number;
  readonly htab: boolean;
}

/** Aligns tab-separated text exactly as Go's tabwriter with the given settings (Docker's by default). */
export function renderTabwriter(text: string, opts: TabwriterOptions = DOCKER_TABWRITER): string {
  const out: string[] = [];
  let lines: Cell[][] = [[]];
  let cell = '';
  let widths: number[] = [];

  const writePadding = (textw: number, cellw: number, useTabs: boolean): void => {
    if (opts.padchar === '\t' || useTabs) {
      if (opts.tabwidth === 0) return;
      const cw = Math.ceil(cellw / opts.tabwidth) * opts.tabwidth;
      out.push('\t'.repeat(Math.ceil((cw - textw) / opts.tabwidth)));
      return;
    }
    out.push(opts.padchar.repeat(Math.max(cellw - textw, 0)));
  };

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i] ?? [];
      line.forEach((c, j) => {
        if (j > 0 && opts.debug === true) out.push('|');
        const w = widths[j];
        if (c.text === '') {
          if (w !== undefined) writePadding(c.width, w, false);
        } else if (opts.alignRight !== true || opts.padchar === '\t') {
          out.push(c.text);
          if (w !== undefined) writePadding(c.width, w, false);
        } else {
          if (w !== undefined) writePadding(c.width, w, false);
          out.push(c.text);
        }
      });
      if (i + 1 === lines.length) out.push(cell);
      else out.push('\n');
    }
  };

  const format = (first: number, line1: number): void => {
    let line0 = first;
    const column = widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= (lines[row]?.length ?? 0) - 1) continue;
      writeLines(line0, row);
      line0 = row;
      let width = opts.minwidth;
      let discardable = true;
      for (; row < line1; row++) {
        const line = lines[row] ?? [];
        if (column >= line.length - 1) break;
        const c = line[column] as Cell;
        width = Math.max(width, c.width + opts.padding);
        if (c.width > 0 || c.htab) discardable = false;
      }
      if (discardable && opts.discardEmptyColumns === true) width = 0;
      widths.push(width);
      format(line0, row);
      widths.pop();
      line0 = row;
    }
    writeLines(line0, line1);
  };

  const terminateCell = (htab: boolean): number => {
    const line = lines[lines.length - 1] as Cell[];
    line.push({ text: cell, width: displayWidth(cell), htab });
    cell = '';
    return line.length;
  };

  const flush = (): void => {
    if (cell !== '') terminateCell(false);
    format(0, lines.length);
    lines = [[]];
    widths = [];
  };

  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') continue;
    cell += text.slice(start, i);
    start = i + 1;
    const ncells = terminateCell(ch === '\t');
    if (ch === '\n' || ch === '\f') {
      lines.push([]);
      if (ch === '\f' || ncells === 1) {
        flush();
        if (ch === '\f' && opts.debug === true) out.push('---\n');
      }
    }
  }
  cell += text.slice(start);
  flush();
  return out.join('');
}
