/**
 * Docker's pull output: "Using default tag", "<tag>: Pulling from <repo>", per-layer states, "Digest:",
 * "Status: Downloaded newer image for …" / "Status: Image is up to date for …", then the full reference.
 */
import type { IO } from '../io';
import { LayerProgressView } from '../progress';
import type { PullEvent } from '../../services/images/pull';

export const PULL_WORDS: Record<string, string> = {
  waiting: 'Pulling fs layer',
  downloading: 'Downloading',
  verifying: 'Verifying Checksum',
  downloaded: 'Download complete',
  exists: 'Already exists',
  extracting: 'Extracting',
  complete: 'Pull complete',
};

export class PullView {
  private readonly layers: LayerProgressView;
  private readonly existed = new Set<string>();

  constructor(private readonly io: IO, private readonly quiet: boolean) {
    this.layers = new LayerProgressView(io, quiet);
  }

  private header: string[] = [];

  /** The header lines are printed once the reference resolved, so a failed pull prints only its error. */
  start(opts: { defaultTag: boolean; tagOrDigest: string; familiarRepo: string }): void {
    this.header = [...(opts.defaultTag ? ['Using default tag: latest'] : []), `${opts.tagOrDigest}: Pulling from ${opts.familiarRepo}`];
  }

  event(e: PullEvent): void {
    if (e.kind === 'resolved') {
      for (const l of this.header) this.layers.line(l);
      return;
    }
    if (e.status === 'exists') this.existed.add(e.id);
    if (e.status === 'complete' && this.existed.has(e.id)) return;
    if (e.status === 'extracting' && this.existed.has(e.id)) return;
    this.layers.update({ id: e.id, status: PULL_WORDS[e.status] ?? e.status, ...(e.current !== undefined ? { current: e.current } : {}), ...(e.total !== undefined ? { total: e.total } : {}) });
  }

  finish(opts: { digest: string; downloaded: boolean; familiarName: string; fullName: string | undefined }): void {
    this.layers.done();
    this.layers.line(`Digest: ${opts.digest}`);
    this.layers.line(`Status: ${opts.downloaded ? 'Downloaded newer image' : 'Image is up to date'} for ${opts.familiarName}`);
    if (opts.fullName !== undefined) this.io.stdout.write(`${opts.fullName}\n`);
  }

  abort(): void {
    this.layers.done();
  }
}
