import type { Attempt } from '../ledger/usage-record';
import type { PromptCall } from '../protocol/call';
import type { ReplyMessage } from '../protocol/wire';
import type { ModelTarget } from './resolve-model';
import type { Rounds } from './rounds';
import { streamCompletion, type StreamResult } from './stream';

export interface FallbackResult {
  result: StreamResult;
  /** The model whose answer (or failure) the page got. */
  used: ModelTarget;
  attempts: Attempt[];
}

/**
 * Runs the target, then each fallback in turn while the failure is transient (429, 5xx, no
 * connection) and nothing has reached the page yet. Once a token has streamed, a switch would
 * splice two models' answers into one, so a later failure is the page's error.
 */
export async function streamWithFallback(
  call: PromptCall,
  target: ModelTarget,
  readApiKey: (providerId: string) => Promise<string | undefined>,
  send: (message: ReplyMessage) => void,
  signal: AbortSignal,
  now: () => number,
  rounds?: Rounds,
): Promise<FallbackResult> {
  const chain = [target, ...(target.fallbacks ?? [])];
  const attempts: Attempt[] = [];
  for (const [index, candidate] of chain.entries()) {
    const started = now();
    const result = await streamCompletion(
      call,
      candidate,
      await readApiKey(candidate.provider.id),
      send,
      signal,
      now,
      rounds,
    );
    const outcome = !result.error ? 'ok' : result.error.pageName === 'AbortError' ? 'aborted' : 'error';
    attempts.push({ model: candidate.modelId, outcome, status: result.status, ms: Math.round(now() - started) });
    const last = index === chain.length - 1;
    if (!result.error || last || !result.retryable || result.ttftMs !== null || signal.aborted) {
      return { result, used: candidate, attempts };
    }
  }
  throw new Error('unreachable: the chain always holds the target');
}
