/**
 * Docker-style progress for pull/push: on a TTY, one line per layer redrawn in place
 * ("a46fbb00284b: Downloading [=====>    ]  1.2MB/2.2MB"); otherwise one plain line per state change; nothing with -q.
 */
import type { IO } from './io';

export interface LayerProgress {
  id: string;
  status: string;
  current?: number;
  total?: number;
}

/** go-units HumanSize as Docker's progress uses it (decimal units, 4 significant digits): "1.966MB". */
export function humanSize(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(4))}${units[i]}`;
}

/** Docker's progress bar (jsonmessage.JSONProgress): 50 cells, "=" then ">" then spaces. */
function bar(current: number, total: number): string {
  const p = total > 0 ? Math.min(50, Math.floor((current / total) * 50)) : 0;
  return `[${'='.repeat(p)}>${' '.repeat(50 - p)}] `;
}

/** The states that carry byte counts; on a non-terminal Docker prints no line for them. */
export const PROGRESS_STATES = new Set(['Downloading', 'Pushing', 'Extracting']);

/** One layer's line; the bar only on terminals wider than 110 columns, as Docker. */
export function layerLine(p: LayerProgress, columns = 0): string {
  if (p.current !== undefined && p.total !== undefined && PROGRESS_STATES.has(p.status)) {
    const sizes = `${humanSize(p.current).padStart(8)}/${humanSize(p.total)}`;
    return columns > 110 ? `${p.id}: ${p.status} ${bar(p.current, p.total)}${sizes}` : `${p.id}: ${p.status} ${sizes}`;
  }
  return `${p.id}: ${p.status}`;
}

export class LayerProgressView {
  private readonly order: string[] = [];
  private readonly state = new Map<string, LayerProgress>();
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly io: IO, private readonly quiet: boolean) {}

  private get live(): boolean {
    return this.io.isTTY && !this.quiet;
  }

  update(p: LayerProgress): void {
    if (this.quiet) return;
    const prev = this.state.get(p.id);
    if (!prev) this.order.push(p.id);
    this.state.set(p.id, p);
    if (this.live) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.redraw();
      }, 100);
    } else if (prev?.status !== p.status && !PROGRESS_STATES.has(p.status)) {
      this.io.stdout.write(`${layerLine({ id: p.id, status: p.status })}\n`);
    }
  }

  private redraw(): void {
    const columns = (this.io.stdout as { columns?: number }).columns ?? 80;
    let s = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    // Lines are cut to the terminal width so none wraps: the cursor moves up by lines drawn.
    for (const id of this.order) s += `\x1b[2K${[...layerLine(this.state.get(id) as LayerProgress, columns)].slice(0, Math.max(1, columns - 1)).join('')}\n`;
    this.drawn = this.order.length;
    this.io.stdout.write(s);
  }

  /** Final draw (TTY) and stop the timer. */
  done(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.live) this.redraw();
  }

  line(text: string): void {
    if (!this.quiet) this.io.stdout.write(`${text}\n`);
  }
}
