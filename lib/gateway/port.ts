import type { Browser } from 'wxt/browser';
import type { ReplyMessage, WorkerReply } from '../protocol/wire';
import { callerFromSender } from './caller';
import { invalidRequest, toGatewayError } from './errors';
import { mediaPartsOf, type Call } from '../protocol/call';
import { runCall, type GatewayDeps } from './pipeline';
import { attachToolBridge, toolBridgeOf } from './tools';
import { parsePortMessage } from './validate';

// A call with images or audio may hold tens of MB while it waits, for consent say; a site may
// have only a few of those in flight, so that no page can make the worker hold gigabytes.
const MEDIA_CALLS_PER_SITE = 4;
const mediaCalls = new Map<string, number>();

/** Counts a call that carries media against its site's few; returns the release. */
function holdMedia(origin: string, call: Call): () => void {
  if (call.op !== 'prompt' || mediaPartsOf(call.messages).length === 0) return () => {};
  const now = mediaCalls.get(origin) ?? 0;
  if (now >= MEDIA_CALLS_PER_SITE)
    throw invalidRequest(`more than ${MEDIA_CALLS_PER_SITE} calls with images or audio at once from one site`);
  mediaCalls.set(origin, now + 1);
  return () => {
    const left = (mediaCalls.get(origin) ?? 1) - 1;
    if (left > 0) mediaCalls.set(origin, left);
    else mediaCalls.delete(origin);
  };
}

/** Registers a call in flight under its origin, so a revoke can stop it; returns the undo. */
export type TrackCall = (origin: string, controller: AbortController) => () => void;

/**
 * Serves one call Port: the first message is the call, later ones are the page's tool results
 * (anything else is dropped), and a disconnect from the content script aborts the call all the way to the provider's fetch.
 */
export function serveCallPort(
  port: Browser.runtime.Port,
  extensionId: string,
  deps: GatewayDeps,
  trackCall: TrackCall,
): void {
  const controller = new AbortController();
  let open = true;
  let started = false;
  port.onDisconnect.addListener(() => {
    open = false;
    controller.abort();
  });
  // A Port message costs the worker more than a delta costs the SDK, so the first delta of a
  // task leaves at once (time to first token) and those that follow within the same task go
  // as one batch; the content script hands them to the page one chunk each, in order.
  let batch: string[] | undefined;
  const post = (message: WorkerReply) => {
    if (open) port.postMessage(message);
  };
  const flush = () => {
    const texts = batch;
    batch = undefined;
    if (texts?.length) post(texts.length === 1 ? { type: 'chunk', text: texts[0]! } : { type: 'chunks', texts });
  };
  const send = (message: ReplyMessage) => {
    if (message.type !== 'chunk') {
      flush();
      return post(message);
    }
    if (batch) return void batch.push(message.text);
    batch = [];
    post(message);
    setTimeout(flush, 0);
  };
  const finish = () => {
    if (open) port.disconnect();
    open = false;
  };
  let call: object | undefined;
  port.onMessage.addListener((raw: unknown) => {
    if (started) {
      // The worker is the one validator: a page's malformed tool result ends its call here.
      const refused = call && toolBridgeOf(call)?.deliver(raw);
      if (refused) {
        send({ type: 'error', error: invalidRequest(refused).toWire() });
        finish();
        controller.abort();
      }
      return;
    }
    started = true;
    void (async () => {
      try {
        const caller = callerFromSender(port.sender, extensionId);
        const untrack = trackCall(caller.origin, controller);
        let release = () => {};
        try {
          const parsed = parsePortMessage(raw);
          release = holdMedia(caller.origin, parsed);
          call = attachToolBridge(parsed, send);
          // Once the caller and the call pass their checks, and before any step that may wait
          // (consent above all): the content script gives up on a call the worker does not
          // accept in time. A refused call gets its error alone.
          post({ type: 'accepted' });
          await runCall(call as ReturnType<typeof parsePortMessage>, caller, send, controller.signal, deps);
        } finally {
          release();
          untrack();
        }
      } catch (error) {
        send({ type: 'error', error: toGatewayError(error, undefined).toWire() });
      } finally {
        finish();
      }
    })();
  });
}
