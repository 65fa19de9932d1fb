/** Docker's push output: "The push refers to repository [...]", layer states, "<tag>: digest: … size: N". */
import type { IO } from '../io';
import { LayerProgressView } from '../progress';
import type { PushEvent } from '../../services/images/push';

export const PUSH_WORDS: Record<PushEvent['status'], string> = {
  preparing: 'Preparing',
  waiting: 'Waiting',
  pushing: 'Pushing',
  pushed: 'Pushed',
  exists: 'Layer already exists',
  mounted: 'Mounted from',
};

export class PushView {
  private readonly layers: LayerProgressView;
  constructor(private readonly io: IO, private readonly quiet: boolean) {
    this.layers = new LayerProgressView(io, quiet);
  }

  start(repository: string): void {
    this.layers.line(`The push refers to repository [${repository}]`);
  }

  event(e: PushEvent): void {
    const status = e.status === 'mounted' ? `${PUSH_WORDS.mounted} ${e.from ?? ''}` : PUSH_WORDS[e.status];
    this.layers.update({ id: e.id, status, ...(e.current !== undefined ? { current: e.current } : {}), ...(e.total !== undefined ? { total: e.total } : {}) });
  }

  finish(tag: string, digest: string, size: number, fullName: string): void {
    this.layers.done();
    if (this.quiet) this.io.stdout.write(`${fullName}\n`);
    else this.layers.line(`${tag}: digest: ${digest} size: ${size}`);
  }

  abort(): void {
    this.layers.done();
  }
}
