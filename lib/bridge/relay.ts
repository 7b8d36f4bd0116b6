import type { Browser } from 'wxt/browser';
import type { PageMessage } from '../protocol/channel';
import { Limits, checkBounds } from '../protocol/limits';
import { ErrorCodes, PAGE_INIT_TAG, type ReplyMessage, type WireError, type WorkerReply } from '../protocol/wire';

export type ConnectToWorker = () => Browser.runtime.Port;

// One request, the page's answers to the model's tool calls, then at most one abort.
const MAX_PAGE_MESSAGES = 2 + Limits.maxToolCalls;

const invalid = (why: string): Extract<ReplyMessage, { type: 'error' }> => ({
  type: 'error',
  error: { name: 'TypeError', message: `Invalid request: ${why}`, code: ErrorCodes.invalidRequest },
});
const workerGone: WireError = {
  name: 'UnknownError',
  message: 'The extension restarted before the call finished; try again.',
  code: ErrorCodes.workerGone,
};

// The schema brings zod, whose start-up took ~20 ms of main thread on every page load (see
// bench/). Most pages never call; the first call in a frame loads it, the bundler having
// inlined this import as a module that runs only when asked for. So does the media encoder.
let protocol: Promise<typeof import('../protocol/channel')> | undefined;
let media: Promise<typeof import('../media/encode')> | undefined;

/**
 * Bounds, then images and audio encoded for the worker (the page sends them as the browser
 * holds them), then bounds again and the schema. Anything wrong is the error the page gets.
 */
async function parsePageMessage(raw: unknown): Promise<PageMessage | Extract<ReplyMessage, { type: 'error' }>> {
  const bounds = checkBounds(raw);
  if (!bounds.ok) return invalid(`the message is ${bounds.reason}`);
  const [{ PageMessage }, { encodeMedia, MediaError }] = await Promise.all([(protocol ??= import('../protocol/channel')), (media ??= import('../media/encode'))]);
  let encoded: unknown;
  try {
    encoded = await encodeMedia(raw);
  } catch (error) {
    if (!(error instanceof MediaError)) throw error;
    return { type: 'error', error: { name: error.pageName, message: error.message, code: ErrorCodes.invalidRequest } };
  }
  const encodedBounds = encoded === raw ? bounds : checkBounds(encoded, Limits.maxEncodedBytes);
  if (!encodedBounds.ok) return invalid(`the message with its images and audio is ${encodedBounds.reason}`);
  const parsed = PageMessage.safeParse(encoded);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  // Stryker disable next-line OptionalChaining: zod reports at least one issue for every failed parse
  return invalid(`${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'does not match the protocol'}`);
}

/**
 * Relays one page call: the page's MessagePort on one side, a runtime Port per call on the
 * other. Page input is checked here and again in the worker; worker replies are trusted and
 * forwarded as they are, so the hot path does no parsing per chunk.
 */
export function relayCall(pagePort: MessagePort, connect: ConnectToWorker, onEnd: () => void): void {
  let worker: Browser.runtime.Port | undefined;
  let received = 0;
  let ended = false;
  const end = (last?: ReplyMessage) => {
    if (ended) return;
    ended = true;
    if (last) pagePort.postMessage(last);
    pagePort.close();
    worker?.disconnect();
    onEnd();
  };
  pagePort.onmessageerror = () => end(invalid('the message could not be read'));
  // Parsing waits for the schema, so messages queue to keep their order: an abort is never
  // handled before the request it follows.
  let queue = Promise.resolve();
  pagePort.onmessage = (event) => {
    if (++received > MAX_PAGE_MESSAGES) return end(invalid('too many messages on one call'));
    const raw: unknown = event.data;
    queue = queue.then(() => handle(raw)).catch(() => end(invalid('the message could not be read')));
  };
  const handle = async (raw: unknown) => {
    const message = await parsePageMessage(raw);
    if (ended) return;
    if (message.type === 'error') return end(message);
    if (message.type === 'abort') return end();
    // Checked by its schema above, like any page message, before the worker sees it.
    if (message.type === 'tool-result') return worker ? worker.postMessage(message) : end(invalid('a tool result came before the request'));
    if (worker) return end(invalid('a call carries one request'));
    worker = connectOrNull(connect);
    if (!worker) return end({ type: 'error', error: workerGone });
    worker.onMessage.addListener((reply: WorkerReply) => {
      // A batch crossed the process boundary as one message; the page gets its deltas one by one.
      if (reply.type === 'chunks') for (const text of reply.texts) pagePort.postMessage({ type: 'chunk', text });
      else if (reply.type === 'chunk' || reply.type === 'tool-call') pagePort.postMessage(reply);
      else end(reply);
    });
    worker.onDisconnect.addListener(() => end({ type: 'error', error: workerGone }));
    worker.postMessage({ type: 'call', call: message.call });
  };
}

// Stryker disable BlockStatement: emptied, the catch block still returns undefined
function connectOrNull(connect: ConnectToWorker): Browser.runtime.Port | undefined {
  try {
    return connect();
  } catch {
    // The extension was reloaded or removed under this page: its context is gone.
    return undefined;
  }
}

// Stryker restore BlockStatement

/**
 * A call the content script makes for the page, on the page's own behalf and terms: the same
 * relay and the same checks in the worker as if the page had asked. Resolves with the worker's
 * value, or null when the worker refused.
 */
export function askForPage(call: { op: string }, connect: ConnectToWorker): Promise<unknown> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port1.onmessage = (event) => {
      const reply = event.data as ReplyMessage;
      if (reply.type !== 'done' && reply.type !== 'error') return;
      // Closed only once the last reply is read: closing sooner would drop it.
      port1.close();
      resolve(reply.type === 'done' ? reply.value : null);
    };
    relayCall(port2, connect, () => undefined);
    port1.postMessage({ type: 'request', call });
  });
}

/** Listens for the page's init messages and relays each call, at most a few at once per frame. */
export function startBridge(win: Window, connect: ConnectToWorker): void {
  let inFlight = 0;
  win.addEventListener('message', (event) => {
    if (event.source !== win) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || (data as Record<string, unknown>)[PAGE_INIT_TAG] !== 1) return;
    const pagePort = event.ports[0];
    if (!pagePort) return;
    if (inFlight >= Limits.maxCallsInFlight) {
      pagePort.postMessage(invalid(`more than ${Limits.maxCallsInFlight} calls at once from one frame`));
      return pagePort.close();
    }
    inFlight++;
    relayCall(pagePort, connect, () => inFlight--);
  });
}
