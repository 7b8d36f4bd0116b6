import type { Outcome, UsageRecord } from '../ledger/usage-record';
import type { Caller } from './caller';
import type { ModelTarget } from './resolve-model';
import type { StreamResult } from './stream';
import type { GatewayError } from './errors';
import { ErrorCodes } from '../protocol/wire';

/** A budget stop, an abort (the page's, or a revoke's), or else `otherwise`. */
function outcomeOf(error: GatewayError, otherwise: Outcome): Outcome {
  if (error.code === ErrorCodes.paymentRequired) return 'over-budget';
  if (error.pageName === 'AbortError') return 'aborted';
  // A refusal mid-stream is the user revoking the site: the call was cut, not failed.
  if (otherwise === 'error' && error.code === ErrorCodes.permissionDenied) return 'aborted';
  return otherwise;
}

/** Builds the ledger row for one finished call. The price catalog fills in cost later. */
export function usageRecordFor(
  caller: Caller,
  target: ModelTarget,
  result: StreamResult,
  startedAt: number,
  endedAt: number,
): UsageRecord {
  const outcome: Outcome = !result.error ? 'ok' : outcomeOf(result.error, 'error');
  return {
    time: startedAt,
    origin: caller.origin,
    tabTitle: caller.tabTitle,
    model: target.modelId,
    provider: target.provider.id,
    inputTokens: result.inputTokens,
    outputTokens: result.outputTokens,
    usageSource: result.usageSource,
    cost: null,
    ttftMs: result.ttftMs,
    totalMs: endedAt - startedAt,
    outcome,
    error: result.error?.message ?? null,
  };
}

/** The row for a call refused, or given up by its page, before it reached the provider. */
export function refusalRecordFor(caller: Caller, target: ModelTarget, refusal: GatewayError, at: number): UsageRecord {
  return {
    time: at,
    origin: caller.origin,
    tabTitle: caller.tabTitle,
    model: target.modelId,
    provider: target.provider.id,
    inputTokens: 0,
    outputTokens: 0,
    usageSource: 'none',
    cost: null,
    ttftMs: null,
    totalMs: 0,
    outcome: outcomeOf(refusal, 'denied'),
    error: refusal.message,
  };
}
