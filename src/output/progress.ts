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

/** Docker's HumanSize (decimal units, 3 significant digits): "1.23MB". */
export function humanSize(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(3))}${units[i]}`;
}

function bar(current: number, total: number, width = 50): string {
  const filled = total > 0 ? Math.min(width, Math.floor((current / total) * width)) : 0;
  const arrow = filled < width ? '>' : '';
  return `[${'='.repeat(Math.max(0, filled - (arrow ? 1 : 0)))}${arrow}${' '.repeat(width - filled)}]`;
}

export function layerLine(p: LayerProgress): string {
  if (p.current !== undefined && p.total !== undefined && (p.status === 'Downloading' || p.status === 'Pushing')) {
    return `${p.id}: ${p.status} ${bar(p.current, p.total)}  ${humanSize(p.current)}/${humanSize(p.total)}`;
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
    } else if (prev?.status !== p.status) {
      this.io.stdout.write(`${layerLine({ id: p.id, status: p.status })}\n`);
    }
  }

  private redraw(): void {
    let s = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    for (const id of this.order) s += `\x1b[2K${layerLine(this.state.get(id) as LayerProgress)}\n`;
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
