import { APICallError, streamText } from 'ai';
import type { PromptCall } from '../protocol/call';
import type { ReplyMessage } from '../protocol/wire';
import type { UsageSource } from '../ledger/usage-record';
import { quickTokenBoundFor } from '../tokens/bound';
import { describeProviderError, isLostMidAnswer, statusOf, streamErrorBody } from './provider-errors';
import { adapterFor } from '../providers/registry';
import { deltasOf } from '../providers/coalesce-sse';
import { abortReason, aborted, type GatewayError } from './errors';
import { reachedCap } from './meter';
import { checkConstraint, structuredOutputFor } from './structured-output';
import { toolOptions } from './tools';
import { firstRound, modelMessagesOf, roundExtras } from './round-shape';
import type { Rounds } from './rounds';
import { temperatureOf } from './sampling';
import type { ModelTarget } from './resolve-model';

export interface StreamResult {
  inputTokens: number;
  outputTokens: number;
  usageSource: UsageSource;
  ttftMs: number | null;
  error: GatewayError | null;
  /** The provider's HTTP status when it answered with an error. */
  status: number | null;
  /** A rate limit, a server error or a lost connection: another model may well succeed. */
  retryable: boolean;
}

/** 429, 5xx, or a lost connection (refused, reset, DNS): the failures fallback is for. */
export function isTransient(error: unknown): boolean {
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    return status === undefined || isLostMidAnswer(error) || status === 429 || status >= 500;
  }
  // Anthropic's overload or server error can arrive as an event inside a 200 stream.
  const body = streamErrorBody(error);
  if (body) return /overloaded|api_error|rate_limit/.test(body.type);
  // A body cut short surfaces from fetch's reader as a TypeError ("terminated", "network error").
  return error instanceof TypeError;
}

/**
 * Calls the provider and relays each text delta as it arrives. Never throws: a failure is
 * returned, so the caller can still record what was used. The signal reaches the fetch.
 */
export async function streamCompletion(
  call: PromptCall,
  target: ModelTarget,
  apiKey: string | undefined,
  send: (message: ReplyMessage) => void,
  signal: AbortSignal,
  now: () => number,
  rounds?: Rounds,
): Promise<StreamResult> {
  const started = now();
  const result: StreamResult = {
    inputTokens: 0,
    outputTokens: 0,
    usageSource: 'none',
    ttftMs: null,
    error: null,
    status: null,
    retryable: false,
  };
  let streamed = '';
  // What the open round generated (text, reasoning, tool-call inputs): its estimate when unreported.
  let roundOutput = '';
  const extras = roundExtras(call);
  try {
    const stream = streamText({
      model: await adapterFor(target.provider.kind).languageModel(target.provider, apiKey, target.model),
      messages: modelMessagesOf(call),
      // Runs before every provider round: nothing is sent that its hold does not cover.
      prepareStep:
        rounds &&
        (async ({ messages, stepNumber }) => ({
          maxOutputTokens: await rounds.admit(stepNumber === 0 ? 'first' : { messages, ...extras }, target),
        })),
      output: structuredOutputFor(call),
      ...toolOptions(call),
      // The Prompt API lets a page send its own system prompts; they are the page's, by design.
      allowSystemInMessages: true,
      temperature: temperatureOf(call),
      topK: call.topK,
      maxOutputTokens: call.maxOutputTokens,
      stopSequences: call.stopSequences,
      abortSignal: signal,
      // Retries would spend twice without the user's budget seeing it; fallback is explicit.
      maxRetries: 0,
      // Each event's raw JSON lists the provider's deltas it joined, if any (coalesce-sse.ts).
      includeRawChunks: true,
      // Errors arrive as `error` parts below. The SDK's default handler would console.error the
      // raw APICallError: the prompt, and a provider message that may quote part of the key.
      onError: () => {},
    });
    let rawEvent: unknown;
    try {
      for await (const part of stream.fullStream) {
        if (part.type === 'raw') {
          rawEvent = part.rawValue;
        } else if (part.type === 'text-delta' && part.text.length > 0) {
          result.ttftMs ??= now() - started;
          roundOutput += part.text;
          // Deltas joined before the SDK (coalesce-sse.ts) are metered and sent one by one again.
          for (const text of deltasOf(rawEvent, part.text)) {
            send({ type: 'chunk', text });
            // A chunk the meter held back, stopping the call, never reached the page: not part of its answer.
            if (!signal.aborted) streamed += text;
          }
          rawEvent = undefined;
        } else if (part.type === 'reasoning-delta') {
          roundOutput += part.text;
        } else if (part.type === 'tool-call') {
          roundOutput += JSON.stringify(part.input ?? null);
        } else if (part.type === 'finish-step') {
          rounds?.finish(part.usage, roundOutput);
          roundOutput = '';
        } else if (part.type === 'finish') {
          const { inputTokens, outputTokens } = part.totalUsage;
          if (inputTokens !== undefined || outputTokens !== undefined) {
            result.inputTokens = inputTokens ?? 0;
            result.outputTokens = outputTokens ?? 0;
            result.usageSource = 'reported';
          }
        } else if (part.type === 'error') {
          throw part.error;
        } else if (part.type === 'abort') {
          throw aborted();
        }
      }
    } catch (error) {
      // The meter ended the answer at its cap: what streamed is the answer, as at a length stop.
      if (!reachedCap(signal)) throw error;
    }
    if (signal.aborted && !reachedCap(signal)) throw abortReason(signal);
    await checkConstraint(call, streamed);
  } catch (error) {
    result.error =
      signal.aborted && !reachedCap(signal)
        ? abortReason(signal)
        : describeProviderError(error, target.provider.kind, apiKey);
    result.status = statusOf(result.error);
    result.retryable = !signal.aborted && isTransient(error);
  }
  // A round cut short (an error, an abort) still used what it generated.
  rounds?.finish(undefined, roundOutput);
  // Text that streamed was generated, and billed, even when no usage report followed it. With
  // rounds, they count it, round by round.
  if (!rounds && result.usageSource === 'none' && streamed.length > 0) {
    const bound = await quickTokenBoundFor([target.modelId]);
    result.inputTokens = bound.input(firstRound(call));
    result.outputTokens = bound.text(streamed);
    result.usageSource = 'estimated';
  }
  return result;
}
