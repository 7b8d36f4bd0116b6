import type { Outcome, UsageRecord } from '../ledger/usage-record';
import type { Caller } from './caller';
import type { ModelTarget } from './resolve-model';
import type { StreamResult } from './stream';
import type { GatewayError } from './errors';
import { ErrorCodes } from '../protocol/wire';

/** Builds the ledger row for one finished call. The price catalog fills in cost later. */
export function usageRecordFor(caller: Caller, target: ModelTarget, result: StreamResult, startedAt: number, endedAt: number): UsageRecord {
  const outcome: Outcome = !result.error ? 'ok' : result.error.pageName === 'AbortError' || result.error.code === ErrorCodes.permissionDenied ? 'aborted' : 'error';
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
    outcome: refusal.pageName === 'AbortError' ? 'aborted' : 'denied',
    error: refusal.message,
  };
}
