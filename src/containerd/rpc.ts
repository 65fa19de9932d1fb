/**
 * The gRPC transport to containerd: one grpc-js channel on the unix socket, the `containerd-namespace` and
 * `containerd-lease` metadata headers, deadlines, cancellation by AbortSignal, and every failure translated
 * once (./errors.ts). Calls are made from the generated service definitions (gen/), so request and response
 * types come from our own .proto files.
 */
import { stat } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import { CancelledError, PermissionDeniedError, TsctlError } from '../errors/index';
import { translateGrpcError, unavailable } from './errors';

export interface MethodDef<Req, Res> {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  requestSerialize: (value: Req) => Buffer;
  responseDeserialize: (value: Buffer) => Res;
}

export interface CallOptions {
  /** Namespace header; defaults to the client's namespace; null sends none. */
  namespace?: string | null;
  /** Lease header: resources created by the call join this lease. */
  lease?: string;
  /** Deadline in ms; 0 = none. Unary calls default to the client's timeout; streams to none. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RpcOptions {
  address: string;
  namespace: string;
  /** Default deadline of unary calls (ms). */
  timeoutMs?: number;
}

const MAX_MESSAGE = 16 * 1024 * 1024;

export class Rpc {
  readonly address: string;
  readonly namespace: string;
  private readonly timeoutMs: number;
  private client: grpc.Client | undefined;
  private ready: Promise<void> | undefined;

  constructor(opts: RpcOptions) {
    this.address = opts.address;
    this.namespace = opts.namespace;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  /** Checks the socket before dialling, so a missing socket is one clear error instead of a retry loop. */
  private async connect(): Promise<grpc.Client> {
    this.ready ??= stat(this.address).then(
      (st) => {
        if (!st.isSocket()) throw unavailable(this.address, 'not a unix socket');
      },
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'EACCES') throw new PermissionDeniedError(`permission denied to access containerd at unix://${this.address} (are you root?)`, { cause: e });
        throw unavailable(this.address, e.code === 'ENOENT' ? 'no such file or directory' : e.message, e);
      },
    );
    await this.ready;
    this.client ??= new grpc.Client(`unix://${this.address}`, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': MAX_MESSAGE,
      'grpc.max_send_message_length': MAX_MESSAGE,
      'grpc.enable_retries': 0,
    });
    return this.client;
  }

  private metadata(o: CallOptions | undefined): grpc.Metadata {
    const md = new grpc.Metadata();
    const ns = o?.namespace === undefined ? this.namespace : o.namespace;
    if (ns !== null) md.set('containerd-namespace', ns);
    if (o?.lease) md.set('containerd-lease', o.lease);
    return md;
  }

  private callOptions(o: CallOptions | undefined, unary: boolean): grpc.CallOptions {
    const ms = o?.timeoutMs ?? (unary ? this.timeoutMs : 0);
    return ms > 0 ? { deadline: Date.now() + ms } : {};
  }

  translate(e: unknown): TsctlError {
    return translateGrpcError(e, this.address);
  }

  async unary<Req, Res>(m: MethodDef<Req, Res>, req: Req, o?: CallOptions): Promise<Res> {
    const client = await this.connect();
    return new Promise<Res>((resolve, reject) => {
      const call = client.makeUnaryRequest(
        m.path,
        m.requestSerialize,
        m.responseDeserialize,
        req,
        this.metadata(o),
        this.callOptions(o, true),
        (err, res) => {
          o?.signal?.removeEventListener('abort', onAbort);
          if (err) reject(o?.signal?.aborted ? aborted(o.signal) : this.translate(err));
          else resolve(res as Res);
        },
      );
      const onAbort = () => call.cancel();
      o?.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A server-streaming call as an async iterable; breaking out of the loop cancels the call. */
  async *serverStream<Req, Res>(m: MethodDef<Req, Res>, req: Req, o?: CallOptions): AsyncGenerator<Res> {
    const client = await this.connect();
    const call = client.makeServerStreamRequest(m.path, m.requestSerialize, m.responseDeserialize, req, this.metadata(o), this.callOptions(o, false));
    const onAbort = () => call.cancel();
    o?.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const msg of call as AsyncIterable<Res>) yield msg;
    } catch (e) {
      if (o?.signal?.aborted) throw aborted(o.signal);
      throw this.translate(e);
    } finally {
      o?.signal?.removeEventListener('abort', onAbort);
      call.cancel();
    }
  }

  /** A bidirectional stream driven one request → one response (containerd's Content.Write protocol). */
  async bidi<Req, Res>(m: MethodDef<Req, Res>, o?: CallOptions): Promise<LockstepStream<Req, Res>> {
    const client = await this.connect();
    const call = client.makeBidiStreamRequest(m.path, m.requestSerialize, m.responseDeserialize, this.metadata(o), this.callOptions(o, false));
    return new LockstepStream<Req, Res>(call, (e) => this.translate(e), o?.signal);
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
  }
}

function aborted(signal: AbortSignal): TsctlError {
  const r: unknown = signal.reason;
  return r instanceof TsctlError ? r : new CancelledError('operation cancelled');
}

/** Sends a request and waits for its response; extra responses after the last request are drained by close(). */
export class LockstepStream<Req, Res> {
  private readonly waiting: { resolve: (r: Res) => void; reject: (e: unknown) => void }[] = [];
  private failure: TsctlError | undefined;
  private ended = false;
  private readonly endedPromise: Promise<void>;

  constructor(
    private readonly call: grpc.ClientDuplexStream<Req, Res>,
    private readonly translate: (e: unknown) => TsctlError,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.endedPromise = new Promise((resolve) => {
      call.on('data', (res: Res) => this.waiting.shift()?.resolve(res));
      call.on('error', (e: unknown) => {
        this.failure = signal?.aborted ? aborted(signal) : this.translate(e);
        for (const w of this.waiting.splice(0)) w.reject(this.failure);
        resolve();
      });
      call.on('end', () => {
        this.ended = true;
        for (const w of this.waiting.splice(0)) w.reject(this.translate(new Error('stream ended before a response')));
        resolve();
      });
    });
    signal?.addEventListener('abort', () => call.cancel(), { once: true });
  }

  send(req: Req): Promise<Res> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.reject(this.translate(new Error('stream already ended')));
    return new Promise<Res>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.call.write(req);
    });
  }

  /** Half-closes and waits for the server to end the stream (ignoring late duplicate responses). */
  async close(): Promise<void> {
    this.call.end();
    await this.endedPromise;
    if (this.failure && !(this.failure instanceof CancelledError)) throw this.failure;
  }

  cancel(): void {
    this.call.cancel();
  }
}
