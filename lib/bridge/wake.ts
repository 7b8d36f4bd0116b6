import { MODEL_EVENT_TAG, SUBSCRIBE } from '../model-events/tag';
import { taggedByPage } from '../protocol/page-message';
import { ErrorCodes, PAGE_INIT_TAG, type ReplyMessage } from '../protocol/wire';

/** What the bridge's call code does with a page message, once loaded (entrypoints/bridge-calls.ts). */
export type PageMessageHandler = (event: Pick<MessageEvent, 'data' | 'ports' | 'source'>) => void;

/** Where the loaded call code leaves its handler: the content script's own global, which no page sees. */
export const BRIDGE_CALLS_KEY = 'ownModelBridgeCalls';

const wakes = (event: Pick<MessageEvent, 'data' | 'source'>, win: Window): boolean =>
  taggedByPage(event, win, PAGE_INIT_TAG) === 1 || taggedByPage(event, win, MODEL_EVENT_TAG) === SUBSCRIBE;

const notLoaded: ReplyMessage = {
  type: 'error',
  error: {
    name: 'UnknownError',
    message: 'The extension could not start in this page; reload it and try again.',
    code: ErrorCodes.workerGone,
  },
};

/**
 * All a frame runs at document_start (docs/architecture.md: a frame that never calls pays at
 * most 0.3 ms for both content scripts): one message listener. The relay, the media encoders and
 * the model-change relay are compiled only when the page first calls or subscribes; until then
 * the extension API is not touched. Messages that arrive while the code loads keep their order,
 * and a port waits with its messages queued until the relay takes it. If loading fails, the
 * call ends with an error the page can show, and the next call tries again.
 */
export function wakeOnPageCall(win: Window, load: () => Promise<PageMessageHandler>): void {
  let handler: Promise<PageMessageHandler> | undefined;
  win.addEventListener('message', (event) => {
    if (!wakes(event, win)) return;
    const loading = (handler ??= load());
    loading.then(
      (handle) => handle(event),
      () => {
        handler = undefined;
        const port = event.ports[0];
        port?.postMessage(notLoaded);
        port?.close();
      },
    );
  });
}
