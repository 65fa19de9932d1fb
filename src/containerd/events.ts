/** containerd's event stream (Events.Subscribe), filtered by topic/namespace, cancelled by an AbortSignal. */
import { EventsService, type Envelope } from './gen/containerd/services/events/v1/events';
import type { CallOptions, Rpc } from './rpc';

export type { Envelope };

export class EventStream {
  constructor(private readonly rpc: Rpc) {}

  /**
   * Subscribes with containerd filter expressions (e.g. `topic=="/tasks/exit"`, `namespace=="default"`).
   * Subscribe needs no namespace header: events of every namespace arrive unless filtered.
   */
  subscribe(filters: string[], o: CallOptions = {}): AsyncGenerator<Envelope> {
    return this.rpc.serverStream(EventsService.subscribe, { filters }, { namespace: null, ...o });
  }
}
