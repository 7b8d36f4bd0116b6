import { ErrorCodes } from '../protocol/wire';
import { MODEL_EVENT_TAG, SUBSCRIBE } from '../model-events/tag';
import { ExtensionError, apply, callExtension, dataOf, listen, postToWindow } from './channel';
import { LanguageModel } from './language-model';

// Window AI's public error values; old sites compare against these strings.
export const ErrorCode = Object.freeze({
  NotAuthenticated: 'NOT_AUTHENTICATED',
  PermissionDenied: 'PERMISSION_DENIED',
  RequestNotFound: 'REQUEST_NOT_FOUND',
  InvalidRequest: 'INVALID_REQUEST',
  ModelRejectedRequest: 'MODEL_REJECTED_REQUEST',
  PaymentRequired: 'PAYMENT_REQUIRED',
});

type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };
type Input = { prompt: string } | { messages: ChatMessage[] };
type Output = { text: string } | { message: ChatMessage };
interface CompletionOptions {
  temperature?: number;
  maxTokens?: number;
  stopSequences?: string[];
  onStreamResult?: (result: Output | null, error: string | null) => unknown;
}

function errorCodeFor(error: unknown): string {
  if (!(error instanceof ExtensionError)) return ErrorCode.ModelRejectedRequest;
  const { code } = error.wire;
  if (code === ErrorCodes.notAuthenticated) return ErrorCode.NotAuthenticated;
  if (code === ErrorCodes.paymentRequired) return ErrorCode.PaymentRequired;
  if (code === ErrorCodes.invalidRequest) return ErrorCode.InvalidRequest;
  if (code === ErrorCodes.permissionDenied) return ErrorCode.PermissionDenied;
  return ErrorCode.ModelRejectedRequest;
}

async function generateText(input: Input, options: CompletionOptions = {}): Promise<Output[]> {
  const isChat = 'messages' in input;
  const wrap = (text: string): Output => (isChat ? { message: { role: 'assistant', content: text } } : { text });
  const stream = options.onStreamResult;
  let text = '';
  try {
    await callExtension(
      {
        op: 'prompt',
        messages: isChat ? input.messages : [{ role: 'user', content: input.prompt }],
        ...(options.temperature !== undefined && { temperature: options.temperature }),
        ...(options.maxTokens !== undefined && { maxOutputTokens: options.maxTokens }),
        ...(options.stopSequences !== undefined && { stopSequences: options.stopSequences }),
      },
      (delta) => {
        text += delta;
        stream?.(wrap(delta), null);
      },
    );
  } catch (error) {
    const code = errorCodeFor(error);
    stream?.(null, code);
    throw new Error(code);
  }
  return [wrap(text)];
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

function addEventListener(type: unknown, listener?: unknown): void {
  if (typeof type === 'function') [type, listener] = [null, type];
  if (typeof listener !== 'function' || (type !== null && typeof type !== 'string')) return;
  listeners.push([type, listener as Listener]);
  if (subscribed || (type !== null && type !== 'model_changed')) return;
  subscribed = true;
  apply(listen, window, ['message', onModelEvent]);
  postToWindow({ [MODEL_EVENT_TAG]: SUBSCRIBE }, '*');
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
  getCompletion: generateText,
  getCurrentModel: () => callExtension({ op: 'model' }).catch((e) => Promise.reject(new Error(errorCodeFor(e)))),
  languageModel: LanguageModel,
  ErrorCode,
});
