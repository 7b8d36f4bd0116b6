// The part every provider test server shares: an HTTP server on 127.0.0.1 that records each
// request, plays a scripted reply as server-sent events in the provider's own event format,
// and notices when the client closes a stream early.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedRequest, ScriptedReply } from './openai-compatible';

/** How one provider writes its stream; each returns whole SSE frames ("event: …\ndata: …\n\n"). */
export interface StreamFormat {
  start(model: string, promptTokens: number): string[];
  delta(text: string): string;
  end(usage: { prompt: number; completion: number } | null, finishReason: string): string[];
  /** The provider's error body for a status. */
  error(status: number, message: string | undefined): unknown;
  /** An error event inside a 200 stream, for providers that send one (Anthropic's overloaded). */
  streamError?(): string;
}

/** A reply, plus what only some wire formats can do. */
export type StreamScript = ScriptedReply & { errorEventAfterDeltas?: number };

export interface ScriptedServer {
  origin: string;
  requests: RecordedRequest[];
  closedEarly: number;
  served: { completions: number };
  script(reply: StreamScript | ((body: any) => StreamScript)): void;
  nextClose(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** What a route decides: a JSON answer, an error status, or a stream. */
export type RouteAnswer =
  | { json: unknown; status?: number }
  | { fail: number; message?: string }
  | { stream: StreamFormat; model: string; promptTokens: number }
  | null;

export type Route = (req: IncomingMessage, url: URL, body: any) => RouteAnswer;

const sleep = (ms: number | undefined, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (!ms || signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export async function startScriptedServer(route: Route, errorFormat: StreamFormat['error']): Promise<ScriptedServer> {
  let current: StreamScript | ((body: any) => StreamScript) = {};
  const waiters: Array<() => void> = [];
  const open = new Set<AbortController>();
  let shuttingDown = false;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  };

  async function play(
    res: ServerResponse,
    reply: StreamScript,
    answer: Extract<RouteAnswer, { stream: StreamFormat }>,
  ) {
    const controller = new AbortController();
    let finished = false;
    let resetByServer = false;
    open.add(controller);
    res.on('close', () => {
      open.delete(controller);
      if (finished || resetByServer || shuttingDown) return;
      controller.abort();
      api.closedEarly++;
      for (const wake of waiters.splice(0)) wake();
    });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    let flushed = Promise.resolve();
    const write = (text: string) => void (flushed = new Promise((resolve) => res.write(text, () => resolve())));
    const promptTokens = reply.usage?.prompt_tokens ?? answer.promptTokens;
    for (const frame of answer.stream.start(answer.model, promptTokens)) write(frame);
    const deltas = reply.deltas ?? ['Hello', ' world'];
    let sent = 0;
    const inject = async () => {
      if (reply.malformedLineAfterDeltas === sent) write('data: {not json\n\n');
      if (reply.errorEventAfterDeltas === sent && answer.stream.streamError) {
        write(answer.stream.streamError());
        finished = true;
        res.end();
        return false;
      }
      if (reply.resetAfterDeltas !== sent) return true;
      await flushed;
      resetByServer = true;
      res.socket?.destroy();
      return false;
    };
    if (!(await inject())) return;
    for (const [index, text] of deltas.entries()) {
      await sleep(index === 0 ? reply.firstDelayMs : reply.delayMs, controller.signal);
      if (controller.signal.aborted || res.destroyed) return;
      write(answer.stream.delta(text));
      sent++;
      if (!(await inject())) return;
    }
    const usage =
      reply.usage === null ? null : { prompt: promptTokens, completion: reply.usage?.completion_tokens ?? sent };
    for (const frame of answer.stream.end(usage, reply.finishReason ?? 'stop')) write(frame);
    finished = true;
    res.end();
    api.served.completions++;
  }

  const server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    const raw = Buffer.concat(parts).toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    api.requests.push({ path: url.pathname, method: req.method ?? 'GET', headers: { ...req.headers }, body });
    const answer = route(req, url, body);
    if (!answer) return json(res, 404, errorFormat(404, `No route for ${req.method} ${url.pathname}`));
    if ('json' in answer) return json(res, answer.status ?? 200, answer.json);
    if ('fail' in answer) return json(res, answer.fail, errorFormat(answer.fail, answer.message));
    const reply = typeof current === 'function' ? current(body) : current;
    if (reply.status && reply.status !== 200)
      return json(res, reply.status, errorFormat(reply.status, reply.errorMessage));
    await play(res, reply, answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api: ScriptedServer = {
    origin,
    requests: [],
    closedEarly: 0,
    served: { completions: 0 },
    script: (reply) => void (current = reply),
    nextClose: (timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no client closed a stream early within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push(() => (clearTimeout(timer), resolve()));
      }),
    close() {
      shuttingDown = true;
      for (const controller of open) controller.abort();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return api;
}

/** About four characters a token, as the providers roughly count English. */
export function roughTokens(texts: string[]): number {
  return Math.max(1, Math.ceil(texts.join('').length / 4));
}
