/**
 * A tiny HTTP proxy in front of the harness registry that injects faults into blob downloads: it can cut the
 * connection after N bytes of a blob (once per blob, or always), so tests see what a flaky registry does to
 * `tsctl pull`. Listens on 127.0.0.1:<free port>; everything else is passed through unchanged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultProxyOptions {
  upstream: string;
  /** Cut blob GETs after this many bytes (0: before any byte of the body). */
  cutAfterBytes: number;
  /** 'once': the first GET of each blob is cut; 'always': every blob GET is cut. */
  mode: 'once' | 'always';
}

export interface FaultProxy {
  host: string;
  cuts: number;
  close(): Promise<void>;
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const seen = new Set<string>();
  const state = { cuts: 0 };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const isBlobGet = req.method === 'GET' && /\/blobs\/sha256:/.test(url);
    const cut = isBlobGet && (opts.mode === 'always' || !seen.has(url));
    if (isBlobGet) seen.add(url);
    const up = http.request(
      { host: opts.upstream.split(':')[0], port: Number(opts.upstream.split(':')[1]), method: req.method, path: url, headers: { ...req.headers, host: opts.upstream } },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        if (!cut) {
          upRes.pipe(res);
          return;
        }
        let sent = 0;
        upRes.on('data', (chunk: Buffer) => {
          if (opts.cutAfterBytes === 0) {
            state.cuts++;
            upRes.destroy();
            res.socket?.destroy();
            return;
          }
          if (sent >= opts.cutAfterBytes) return;
          const part = chunk.subarray(0, Math.max(0, opts.cutAfterBytes - sent));
          sent += part.length;
          res.write(part);
          if (sent >= opts.cutAfterBytes) {
            state.cuts++;
            upRes.destroy();
            res.socket?.destroy();
          }
        });
        upRes.on('end', () => res.end());
      },
    );
    up.on('error', () => res.socket?.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    get cuts() {
      return state.cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
