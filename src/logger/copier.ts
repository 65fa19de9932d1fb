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
  ) {
    const forStream = (stream: StreamName): LineSplitter =>
      new LineSplitter((piece) => this.sink.write(this.encoder.encode(piece, stream, this.now())), maxMessage);
    this.splitters = { stdout: forStream('stdout'), stderr: forStream('stderr') };
  }

  /** Data read from one of the container's streams; complete entries are written out before returning. */
  push(stream: StreamName, chunk: Uint8Array): void {
    this.splitters[stream].push(chunk);
    if (this.eager) this.splitters[stream].end();
    this.sink.flush();
  }

  /** EOF on a stream: its unterminated last line goes out as a partial entry. */
  end(stream: StreamName): void {
    this.splitters[stream].end();
    this.sink.flush();
  }
}
