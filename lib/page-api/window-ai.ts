import { ErrorCodes } from '../protocol/wire';
import { ExtensionError, callExtension } from './channel';
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

export const windowAI = Object.freeze({
  generateText,
  getCompletion: generateText,
  getCurrentModel: () => callExtension({ op: 'model' }).catch((e) => Promise.reject(new Error(errorCodeFor(e)))),
  languageModel: LanguageModel,
  ErrorCode,
});
