// Names and numbers shared by all three worlds. Kept free of dependencies because the
// MAIN-world script imports it into every page.

/** Tag of the one window.postMessage that hands a MessagePort to the content script. */
export const PAGE_INIT_TAG = 'own-model/call';
/**
 * Where the page script leaves each browser global it replaces (`Symbol.for(NATIVE + name)`),
 * for the script that puts LanguageModel, Translator and LanguageDetector back when the user
 * keeps the browser's own built-in AI (lib/native-global/).
 */
export const NATIVE = 'own-model/native ';
export const NATIVE_LANGUAGE_MODEL = `${NATIVE}LanguageModel`;
/** The browser globals the "keep the browser's own built-in AI" setting gives back; only these are kept aside. */
export const KEPT_NATIVE = ['LanguageModel', 'Translator', 'LanguageDetector'];
/** Name of the runtime.Port the content script opens to the worker, one per call. */
export const CALL_PORT_NAME = 'page-call';

/** Error names that reach the page, mapped from the error contract (README's error table, docs/architecture.md). */
export type PageErrorName =
  | 'NotAllowedError'
  | 'QuotaExceededError'
  | 'AbortError'
  | 'NotSupportedError'
  | 'SyntaxError'
  | 'InvalidStateError'
  | 'NetworkError'
  | 'UnknownError'
  | 'TypeError'
  | 'RangeError';

export interface WireError {
  name: PageErrorName;
  message: string;
  code: number;
}

/** Codes of the error contract, shared by the Prompt API and window.ai shapes. */
export const ErrorCodes = {
  permissionDenied: 4001,
  /** A call stopped before it finished: by the page, by destroy(), or by the user. */
  aborted: 4002,
  notAuthenticated: 4101,
  paymentRequired: 4290,
  workerGone: 4900,
  providerError: 5000,
  invalidRequest: -32602,
} as const;

/** Messages the worker (and, unchanged, the content script) sends back to the page. */
export type ReplyMessage =
  | { type: 'chunk'; text: string }
  | { type: 'done'; value?: string }
  /** The model calls one of the page's tools; the page answers with a tool-result. */
  | { type: 'tool-call'; id: string; name: string; args: string }
  | { type: 'error'; error: WireError };

/**
 * What the content script passes to the page: any reply, or `chunks`, the deltas that were
 * ready in one worker task. Each hop costs a message event, so a batch crosses both hops as
 * one; the page API hands its deltas on one by one, in order, as if each had come alone.
 */
export type PageReply = ReplyMessage | { type: 'chunks'; texts: string[] };

/**
 * What the worker may send on a call Port: any page reply, or `accepted`, sent first once the
 * caller and the call pass the worker's checks, before anything that may wait (a refused call
 * gets its error alone). The content script gives up on a worker that sends nothing in time;
 * after that, consent and the provider may take as long as they take. The page never sees it.
 */
export type WorkerReply = PageReply | { type: 'accepted' };
