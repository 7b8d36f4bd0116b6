import type { Browser } from 'wxt/browser';
import { carriesMedia } from '../media/carries';
import { Limits, checkBounds } from '../protocol/limits';
import { taggedByPage } from '../protocol/page-message';
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

/**
 * How long the worker has to accept a call once it is sent. The worker accepts before anything
 * that may wait (consent, a download, the provider), so this covers only its start from stopped
 * (under 100 ms in the benchmark, a few seconds on a loaded machine), carrying the message
 * (up to 32 MB of encoded media) and checking it. Ten seconds is well past all three, and short
 * enough that the page can tell its user to try again before they give up on it. Once accepted,
 * a call has no time limit here: a worker that dies closes its Port, which ends the call at once.
 */
export const ACCEPT_TIMEOUT_MS = 10_000;
const workerSilent: WireError = {
  name: 'UnknownError',
  message: `The extension did not answer within ${ACCEPT_TIMEOUT_MS / 1000} s; try again.`,
  code: ErrorCodes.workerGone,
};

const LOG_PREFIX = '[Own Model] relay:';
/**
 * What the relay could not do, for the page's console. The error's name and message only: they
 * come from the browser's own APIs, never from the call, so no prompt text or key is logged.
 */
function warn(what: string, error?: unknown): void {
  const detail = error === undefined ? [] : [error instanceof Error ? `${error.name}: ${error.message}` : typeof error];
  console.warn(`${LOG_PREFIX} ${what}`, ...detail);
}

// Media encoders load for the first call that carries images or audio, never at start-up: the
// bundler inlines this import as a module that runs only when asked for.
let media: Promise<typeof import('../media/encode')> | undefined;

type Forward = { type: 'call'; call: unknown } | { type: 'tool-result' } | { type: 'abort' };

/**
 * Bounds, then images and audio encoded for the worker (the page sends them as the browser
 * holds them), then bounds again. The worker is the one validator (zod never loads in a
 * page's process): the message goes on as JSON, as Chromium's Port would carry it anyway, which
 * in Firefox also copies it out of the page's wrappers. Anything wrong is the error the page gets.
 */
async function readPageMessage(raw: unknown): Promise<Forward | Extract<ReplyMessage, { type: 'error' }>> {
  const bounds = checkBounds(raw);
  if (!bounds.ok) return invalid(`the message is ${bounds.reason}`);
  const type = (raw as { type?: unknown } | null)?.type;
  // An abort is the one message the worker never sees, so it is checked here: it carries its type alone.
  if (type === 'abort')
    return Object.keys(raw as object).length === 1 ? { type } : invalid('an abort carries nothing but its type');
  if (type === 'tool-result') return JSON.parse(JSON.stringify(raw)) as Forward;
  if (type !== 'request') return invalid('type: expected "request", "abort" or "tool-result"');
  let encoded: unknown = raw;
  if (carriesMedia(raw)) {
    const { encodeMedia, MediaError } = await (media ??= import('../media/encode'));
    try {
      encoded = await encodeMedia(raw);
    } catch (error) {
      if (!(error instanceof MediaError)) throw error;
      return {
        type: 'error',
        error: { name: error.pageName, message: error.message, code: ErrorCodes.invalidRequest },
      };
    }
    const encodedBounds = checkBounds(encoded, Limits.maxEncodedBytes);
    if (!encodedBounds.ok) return invalid(`the message with its images and audio is ${encodedBounds.reason}`);
  }
  return { type: 'call', call: JSON.parse(JSON.stringify((encoded as { call?: unknown }).call ?? null)) };
}

/**
 * Relays one page call: the page's MessagePort on one side, a runtime Port per call on the
 * other. Page input is bounded here and parsed by its schema in the worker; worker replies are
 * trusted and forwarded as they are, so the hot path does no parsing per chunk.
 */
export function relayCall(pagePort: MessagePort, connect: ConnectToWorker, onEnd: () => void): void {
  let worker: Browser.runtime.Port | undefined;
  let received = 0;
  let ended = false;
  let acceptTimer: ReturnType<typeof setTimeout> | undefined;
  const end = (last?: ReplyMessage) => {
    if (ended) return;
    ended = true;
    clearTimeout(acceptTimer);
    if (last) pagePort.postMessage(last);
    pagePort.close();
    worker?.disconnect();
    onEnd();
  };
  pagePort.onmessageerror = () => end(invalid('the message could not be read'));
  // Encoding media waits, so messages queue to keep their order: an abort is never handled
  // before the request it follows.
  let queue = Promise.resolve();
  pagePort.onmessage = (event) => {
    if (++received > MAX_PAGE_MESSAGES) return end(invalid('too many messages on one call'));
    const raw: unknown = event.data;
    queue = queue
      .then(() => handle(raw))
      .catch((error: unknown) => {
        warn('a page message could not be relayed; the call ends', error);
        end(invalid('the message could not be read'));
      });
  };
  const handle = async (raw: unknown) => {
    const message = await readPageMessage(raw);
    if (ended) return;
    if (message.type === 'error') return end(message);
    if (message.type === 'abort') return end();
    // Checked by its schema in the worker, which ends the call if it is malformed.
    if (message.type === 'tool-result')
      return worker ? worker.postMessage(message) : end(invalid('a tool result came before the request'));
    if (worker) return end(invalid('a call carries one request'));
    worker = connectOrNull(connect);
    if (!worker) return end({ type: 'error', error: workerGone });
    worker.onMessage.addListener((reply: WorkerReply) => {
      // Any message shows the worker has the call; accepted is the first.
      clearTimeout(acceptTimer);
      if (reply.type === 'accepted') return;
      // A batch goes on as one message: the page API splits it (lib/page-api/channel.ts).
      if (reply.type === 'chunks' || reply.type === 'chunk' || reply.type === 'tool-call') pagePort.postMessage(reply);
      else end(reply);
    });
    worker.onDisconnect.addListener(() => {
      if (!ended) warn('the worker went away before the call ended');
      end({ type: 'error', error: workerGone });
    });
    worker.postMessage(message);
    acceptTimer = setTimeout(() => {
      warn(`the worker did not accept the call within ${ACCEPT_TIMEOUT_MS} ms; the call ends`);
      end({ type: 'error', error: workerSilent });
    }, ACCEPT_TIMEOUT_MS);
  };
}

function connectOrNull(connect: ConnectToWorker): Browser.runtime.Port | undefined {
  try {
    return connect();
  } catch (error) {
    warn('the extension could not be reached (reloaded or removed under this page)', error);
    return undefined;
  }
}

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

/**
 * Takes the page's init messages and relays each call, at most a few at once per frame. The
 * content script's start-up listener (wake.ts) hands it each message from the page's window.
 */
export function pageCallHandler(
  win: Window,
  connect: ConnectToWorker,
): (event: Pick<MessageEvent, 'data' | 'ports' | 'source'>) => void {
  let inFlight = 0;
  return (event) => {
    if (taggedByPage(event, win, PAGE_INIT_TAG) !== 1) return;
    const pagePort = event.ports[0];
    if (!pagePort) return;
    if (inFlight >= Limits.maxCallsInFlight) {
      pagePort.postMessage(invalid(`more than ${Limits.maxCallsInFlight} calls at once from one frame`));
      return pagePort.close();
    }
    inFlight++;
    relayCall(pagePort, connect, () => inFlight--);
  };
}
