/**
 * Container output → json-file entries: one LineSplitter per stream, each message stamped with the time it was
 * cut (as Docker's copier does) and encoded into the log file. Part of the logger's code path.
 */
import { JsonLogEncoder } from './jsonlog';
import { LineSplitter, MAX_MESSAGE } from './lines';

export type StreamName = 'stdout' | 'stderr';

/** Where encoded entries go (RotatingLogFile, or a fake in tests). */
export interface EntrySink {
  write(entry: Uint8Array): void;
  flush(): void;
}

export class JsonFileCopier {
  private readonly encoder = new JsonLogEncoder();
  private readonly splitters: Record<StreamName, LineSplitter>;

  constructor(
    private readonly sink: EntrySink,
    private readonly now: () => string,
    maxMessage = MAX_MESSAGE,
    /** Write what has no newline yet as a partial entry after every chunk (terminals: prompts, echo). */
    private readonly eager = false,
    /**
     * Write a line still without its newline as a partial entry once the stream has been quiet this long (ms):
     * the shim closes the streams only when the task is deleted, so a last `printf x` would otherwise wait for
     * `rm` to reach the log. Off when undefined.
     */
    private readonly idleMs?: number,
  ) {
    const forStream = (stream: StreamName): LineSplitter =>
      new LineSplitter((piece) => this.sink.write(this.encoder.encode(piece, stream, this.now())), maxMessage);
    this.splitters = { stdout: forStream('stdout'), stderr: forStream('stderr') };
  }

  /** Data read from one of the container's streams; complete entries are written out before returning. */
  push(stream: StreamName, chunk: Uint8Array): void {
    const splitter = this.splitters[stream];
    splitter.push(chunk);
    if (this.eager) splitter.end();
    this.sink.flush();
    clearTimeout(this.idle[stream]);
    if (this.idleMs !== undefined && splitter.pending > 0) {
      this.idle[stream] = setTimeout(() => this.end(stream), this.idleMs);
      this.idle[stream]?.unref?.();
    }
  }

  private readonly idle: Partial<Record<StreamName, ReturnType<typeof setTimeout>>> = {};

  /** EOF on a stream: its unterminated last line goes out as a partial entry. */
  end(stream: StreamName): void {
    clearTimeout(this.idle[stream]);
    this.splitters[stream].end();
    this.sink.flush();
  }
}
