import { MODEL_EVENT_TAG, SUBSCRIBE } from '../model-events/tag';
import { apply, ask, dataOf, listen, postToWindow, wireCodes } from './channel';
import { LanguageModel } from './language-model';

type CodeName =
  | 'NotAuthenticated'
  | 'PermissionDenied'
  | 'RequestNotFound'
  | 'InvalidRequest'
  | 'ModelRejectedRequest'
  | 'PaymentRequired';

// Window AI's public error values; old sites compare against these strings. Each is its name in
// upper snake case (NotAuthenticated: NOT_AUTHENTICATED), spelled out once to keep the page script small.
export const ErrorCode = Object.freeze(
  Object.fromEntries(
    [
      'NotAuthenticated',
      'PermissionDenied',
      'RequestNotFound',
      'InvalidRequest',
      'ModelRejectedRequest',
      'PaymentRequired',
    ].map((n) => [n, n.replace(/\B[A-Z]/g, '_$&').toUpperCase()]),
  ) as Record<CodeName, string>,
);

type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };
type Input = { prompt: string } | { messages: ChatMessage[] };
type Output = { text: string } | { message: ChatMessage };
interface CompletionOptions {
  temperature?: number;
  maxTokens?: number;
  stopSequences?: string[];
  numOutputs?: number;
  onStreamResult?: (result: Output | null, error: string | null) => unknown;
}

/**
 * ErrorCodes (lib/protocol/wire.ts) by number, written out so the page script does not carry
 * the whole table; a unit test holds the two together.
 */
export const windowAICodes: Record<number, string> = {
  4001: ErrorCode.PermissionDenied,
  4101: ErrorCode.NotAuthenticated,
  4290: ErrorCode.PaymentRequired,
  [-32602]: ErrorCode.InvalidRequest,
};

export const errorCodeFor = (error: unknown): string =>
  windowAICodes[wireCodes.get(error as object)!] || ErrorCode.ModelRejectedRequest;

/** One completion: its deltas go to onStreamResult as they arrive. */
async function complete(input: Input, options: CompletionOptions, wrap: (text: string) => Output): Promise<Output> {
  const isChat = 'messages' in input;
  let text = '';
  await ask(
    {
      op: 'prompt',
      messages: isChat ? input.messages : [{ role: 'user', content: input.prompt }],
      // Left undefined, a field is simply absent by the time the worker parses it.
      temperature: options.temperature,
      maxOutputTokens: options.maxTokens,
      stopSequences: options.stopSequences,
    },
    (delta) => {
      text += delta;
      options.onStreamResult?.(wrap(delta), null);
    },
  );
  return wrap(text);
}

/** Window AI's generateText: numOutputs completions at once, each streamed. */
async function generateText(input: Input, options: CompletionOptions = {}): Promise<Output[]> {
  const wrap = (text: string): Output =>
    'messages' in input ? { message: { role: 'assistant', content: text } } : { text };
  try {
    return await Promise.all(
      Array.from({ length: Math.max(1, Math.min(8, options.numOutputs ?? 1)) }, () => complete(input, options, wrap)),
    );
  } catch (error) {
    const code = errorCodeFor(error);
    options.onStreamResult?.(null, code);
    for (const [type, fn] of [...listeners])
      type === 'error' ? fn({ type, error: code }) : type === null && fn('error', code);
    throw new Error(code);
  }
}

// Window AI's events: addEventListener('model_changed', fn) gets { type, model }; the older
// addEventListener(fn) form gets (type, data). Nothing is subscribed until a page listens.
type Listener = (...args: unknown[]) => unknown;
const listeners: Array<[string | null, Listener]> = [];
let subscribed = false;

function onModelEvent(event: MessageEvent): void {
  const data = apply(dataOf, event, []) as Record<string, { model?: unknown }> | null;
  const payload = event.source === window && data?.[MODEL_EVENT_TAG];
  if (typeof payload !== 'object' || !payload) return;
  const model = typeof payload.model === 'string' ? payload.model : null;
  for (const [type, fn] of [...listeners]) {
    if (type === 'model_changed') fn({ type, model });
    else if (type === null) fn('model_changed', { model });
  }
}

/** Returns a function that removes the listener again, as well as removeEventListener. */
function addEventListener(type: unknown, listener?: unknown): (() => void) | undefined {
  if (typeof type === 'function') [type, listener] = [null, type];
  if (typeof listener !== 'function' || (type !== null && typeof type !== 'string')) return;
  listeners.push([type, listener as Listener]);
  const off = () => removeEventListener(type, listener);
  if (subscribed || (type !== null && type !== 'model_changed')) return off;
  subscribed = true;
  apply(listen, window, ['message', onModelEvent]);
  postToWindow({ [MODEL_EVENT_TAG]: SUBSCRIBE }, '*');
  return off;
}

function removeEventListener(type: unknown, listener?: unknown): void {
  if (typeof type === 'function') [type, listener] = [null, type];
  const at = listeners.findIndex(([t, fn]) => t === type && fn === listener);
  if (at >= 0) listeners.splice(at, 1);
}

export const windowAI = Object.freeze({
  addEventListener,
  removeEventListener,
  generateText,
  // Window AI's older name answers one result, or a list when numOutputs asks for more.
  getCompletion: async (input: Input, options: CompletionOptions = {}) => {
    const all = await generateText(input, options);
    return (options.numOutputs ?? 1) > 1 ? all : all[0];
  },
  getCurrentModel: () => ask({ op: 'model' }).catch((e) => Promise.reject(new Error(errorCodeFor(e)))),
  languageModel: LanguageModel,
  ErrorCode,
});
