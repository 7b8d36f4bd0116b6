import { estimateTokens } from '../tokens/estimate';
import { BUILT_IN_MODEL } from './catalog';
import { EngineError } from './engine';
import { chatText, type NativeChatBody } from './host-protocol';

// The browser's own Prompt API, as Chrome ships it to extension pages: the parts used here.
interface NativeSession {
  promptStreaming(
    input: unknown,
    options?: { signal?: AbortSignal; responseConstraint?: unknown },
  ): ReadableStream<string>;
  measureContextUsage?(input: unknown, options?: { responseConstraint?: unknown }): Promise<number>;
  readonly contextUsage?: number;
  readonly contextWindow?: number;
  /** Chrome's older names for the same figures. */
  readonly inputUsage?: number;
  readonly inputQuota?: number;
  destroy(): void;
}
interface NativeLanguageModel {
  availability(options?: object): Promise<string>;
  params?(): Promise<{ defaultTopK: number } | null>;
  create(options?: object): Promise<NativeSession>;
}

/** Looked up on each use: the engine's page sees the browser's own global, no page script replaces it. */
const nativeModel = () => (globalThis as { LanguageModel?: NativeLanguageModel }).LanguageModel;
const usageOf = (s: NativeSession) => s.contextUsage ?? s.inputUsage ?? 0;

/** Whether the browser's model runs here, and its context window when it does. */
export async function nativeInfo(): Promise<{ availability: string; contextWindow: number | null }> {
  const model = nativeModel();
  if (!model) return { availability: 'unavailable', contextWindow: null };
  const availability = await model.availability();
  if (availability !== 'available') return { availability, contextWindow: null };
  const session = await model.create();
  try {
    return { availability, contextWindow: session.contextWindow ?? session.inputQuota ?? null };
  } finally {
    session.destroy();
  }
}

/**
 * Runs one Chat Completions request on the browser's model: the history as initialPrompts, the
 * last user turn (and an assistant prefix after it) as the prompt. Streams OpenAI-shaped chunks,
 * with the browser's own count of the context used as usage.
 */
export async function runNativeChat(
  body: NativeChatBody,
  onChunk: (chunk: unknown) => void,
  signal: AbortSignal,
): Promise<unknown> {
  const model = nativeModel();
  if (!model) throw new EngineError('This browser has no built-in model. Choose another provider.', 501);
  const availability = await model.availability();
  if (availability === 'unavailable')
    throw new EngineError(
      'The browser’s built-in model is unavailable on this computer. Choose another provider.',
      501,
    );
  if (availability !== 'available')
    throw new EngineError(
      'The browser has not finished downloading its built-in model: finish it on the options page, then try again.',
      503,
    );
  const messages = body.messages.map((m) => ({ role: m.role, content: chatText(m.content) }));
  const last = messages.findLastIndex((m) => m.role === 'user');
  if (last < 0) throw new EngineError('A prompt needs a user message.', 400);
  const input = messages
    .slice(last)
    .map((m, i, turn) => (m.role === 'assistant' && i === turn.length - 1 ? { ...m, prefix: true } : m));
  // The Prompt API takes both or neither; the SDK sends a temperature alone.
  const sampling =
    body.temperature === undefined
      ? {}
      : { temperature: body.temperature, topK: body.top_k ?? (await model.params?.())?.defaultTopK ?? 3 };
  const format = body.response_format as { type?: string; json_schema?: { schema?: unknown } } | undefined;
  const responseConstraint = format?.type === 'json_schema' ? format.json_schema?.schema : undefined;
  const session = await model.create({ initialPrompts: messages.slice(0, last), ...sampling, signal });
  try {
    const inputTokens =
      usageOf(session) +
      ((await session.measureContextUsage?.(input, { responseConstraint })) ?? estimateTokens(JSON.stringify(input)));
    const id = `chatcmpl-built-in-${Date.now()}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: object, finish: string | null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: BUILT_IN_MODEL,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    });
    let answer = '';
    if (body.stream) onChunk(chunk({ role: 'assistant', content: '' }, null));
    for await (const delta of session.promptStreaming(input, {
      signal,
      responseConstraint,
    }) as unknown as AsyncIterable<string>) {
      answer += delta;
      if (body.stream) onChunk(chunk({ content: delta }, null));
    }
    const outputTokens = usageOf(session) - inputTokens > 0 ? usageOf(session) - inputTokens : estimateTokens(answer);
    const usage = {
      prompt_tokens: inputTokens,
      completion_tokens: outputTokens,
      total_tokens: inputTokens + outputTokens,
    };
    if (!body.stream) {
      return {
        id,
        object: 'chat.completion',
        created,
        model: BUILT_IN_MODEL,
        choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop', logprobs: null }],
        usage,
      };
    }
    onChunk(chunk({}, 'stop'));
    if (body.stream_options?.include_usage)
      onChunk({ id, object: 'chat.completion.chunk', created, model: BUILT_IN_MODEL, choices: [], usage });
    return undefined;
  } finally {
    session.destroy();
  }
}
