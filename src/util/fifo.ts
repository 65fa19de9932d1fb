/**
 * Named pipes (FIFOs) for task stdio, from Node (which has no mkfifo):
 * - `makeFifo`: created with coreutils' `mkfifo` (mode 0600), replacing a leftover.
 * - `fifoWriter`: opened O_RDWR|O_NONBLOCK, so the open never blocks and the FIFO has a writer from this moment
 *   (containerd's shim opens the read end non-blocking and would see EOF at once without one). Ending the socket
 *   closes the fd: when no other writer holds the FIFO, the reader gets EOF.
 * - `fifoReader`: a blocking open in libuv's thread pool that completes when the shim opens the write end; reads
 *   end with EOF when every writer has closed (the shim closes its ends after the process's output is drained).
 * Only node built-ins: the logger bundle imports this too.
 */
import { execFile } from 'node:child_process';
import { closeSync, constants, openSync, type ReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { Socket } from 'node:net';

export async function makeFifo(path: string): Promise<void> {
  await rm(path, { force: true });
  await new Promise<void>((resolve, reject) => {
    execFile('mkfifo', ['-m', '600', path], (err, _out, stderr) => {
      if (err) reject(new Error(`mkfifo ${path}: ${stderr.trim() || err.message}`));
      else resolve();
    });
  });
}

/** Opens `path` for writing without blocking; the returned socket writes into the FIFO. */
export function fifoWriter(path: string): Socket {
  const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  const sock = new Socket({ fd, readable: false, writable: true });
  sock.on('error', () => undefined); // EPIPE after the container's stdin closed: nothing left to deliver
  return sock;
}

/**
 * Completes a `fifoReader` still blocked in its open (the writer never came: the process never started, or
 * containerd went away) by opening and closing a write end; the reader then sees EOF. A blocked open would
 * otherwise hold a thread-pool thread, and the process, forever.
 */
export function releaseFifoReader(path: string): void {
  try {
    closeSync(openSync(path, constants.O_RDWR | constants.O_NONBLOCK));
  } catch {
    // gone already
  }
}

/** Resolves with a stream of what is written into `path` once a writer has opened it; ends at EOF. */
export async function fifoReader(path: string): Promise<ReadStream> {
  const handle = await open(path, constants.O_RDONLY);
  return handle.createReadStream({ highWaterMark: 64 * 1024 });
}
