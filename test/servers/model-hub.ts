import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubRequest {
  path: string;
  range: string | null;
  status: number;
  /** Body bytes written so far, and whether the whole body went out. */
  sent?: number;
  finished?: boolean;
}

export interface ModelHub {
  /** The file's URL, as a Hugging Face `resolve` URL reads. */
  url: string;
  requests: HubRequest[];
  /** Cut the connection of the next full-file response after this many bytes. */
  cutNextAt(bytes: number): void;
  /** The pause between writes from now on, to make a download slow enough to interrupt. */
  pace(pauseMs: number): void;
  close(): Promise<void>;
}

interface Options {
  file: Uint8Array;
  name?: string;
  /** Bytes per write and the pause between writes, so downloads take long enough to watch. */
  chunkBytes?: number;
  pauseMs?: number;
}

/** Serves one GGUF file from 127.0.0.1 as the hub does: 200 for the whole file, 206 for a range, CORS open. */
export async function startModelHub({
  file,
  name = 'tiny-llama-q8_0.gguf',
  chunkBytes = 16_384,
  pauseMs: initialPause = 5,
}: Options): Promise<ModelHub> {
  let pauseMs = initialPause;
  const path = `/test-org/tiny-llama-GGUF/resolve/main/${name}`;
  const requests: HubRequest[] = [];
  let cutAt: number | null = null;

  const send = async (res: ServerResponse, start: number, end: number, cut: number | null, log: HubRequest) => {
    log.sent = 0;
    log.finished = false;
    for (let at = start; at < end; at += chunkBytes) {
      if (res.destroyed) return;
      const stop = Math.min(end, at + chunkBytes);
      log.sent = stop - start;
      if (cut !== null && stop - start > cut) {
        res.write(file.subarray(at, start + cut));
        await new Promise((r) => setTimeout(r, 20));
        res.socket?.destroy();
        return;
      }
      if (!res.write(file.subarray(at, stop))) await new Promise((r) => res.once('drain', r));
      await new Promise((r) => setTimeout(r, pauseMs));
    }
    res.end();
    log.finished = true;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const range = req.headers.range ?? null;
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'content-range, content-length, accept-ranges',
    };
    if (url.pathname !== path) {
      requests.push({ path: url.pathname, range, status: 404 });
      return res.writeHead(404, cors).end('Entry not found');
    }
    const match = range && /^bytes=(\d+)-$/.exec(range);
    if (range && !match) {
      requests.push({ path: url.pathname, range, status: 416 });
      return res.writeHead(416, cors).end();
    }
    const start = match ? Number(match[1]) : 0;
    if (start >= file.length) {
      requests.push({ path: url.pathname, range, status: 416 });
      return res.writeHead(416, { ...cors, 'content-range': `bytes */${file.length}` }).end();
    }
    const status = match ? 206 : 200;
    const log: HubRequest = { path: url.pathname, range, status };
    requests.push(log);
    res.writeHead(status, {
      ...cors,
      'content-type': 'application/octet-stream',
      'accept-ranges': 'bytes',
      'content-length': String(file.length - start),
      ...(match && { 'content-range': `bytes ${start}-${file.length - 1}/${file.length}` }),
    });
    const cut = cutAt;
    cutAt = null;
    void send(res, start, file.length, cut, log);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    cutNextAt: (bytes) => void (cutAt = bytes),
    pace: (ms) => void (pauseMs = ms),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
