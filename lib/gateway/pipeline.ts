import type { Call, PromptCall } from '../protocol/call';
import type { ReplyMessage } from '../protocol/wire';
import type { UsageRecord } from '../ledger/usage-record';
import type { Settings } from '../settings/schema';
import type { Caller } from './caller';
import type { ConsentGate } from './consent';
import { GatewayError, abortReason, notAllowed, toGatewayError } from './errors';
import { refusalRecordFor, usageRecordFor } from './record';
import { resolveModel } from './resolve-model';
import { streamWithFallback } from './fallback';

/** What the pipeline needs from the rest of the extension; tests pass their own. */
export interface GatewayDeps {
  loadSettings(): Promise<Settings>;
  readApiKey(providerId: string): Promise<string | undefined>;
  consent: ConsentGate;
  record(row: UsageRecord): Promise<unknown>;
  now(): number;
}

export type Send = (message: ReplyMessage) => void;

/**
 * validate (done by the caller) → resolve model → consent → call provider and stream →
 * record. Budget reservation and settlement slot in around the stream.
 */
export async function runCall(call: Call, caller: Caller, send: Send, signal: AbortSignal, deps: GatewayDeps): Promise<void> {
  try {
    if (call.op === 'prompt') return await runPrompt(call, caller, send, signal, deps);
    const settings = await deps.loadSettings();
    if (call.op === 'availability') {
      let value = 'available';
      try {
        resolveModel(undefined, settings);
      } catch {
        value = 'unavailable';
      }
      return send({ type: 'done', value });
    }
    send({ type: 'done', value: resolveModel(undefined, settings).modelId });
  } catch (error) {
    send({ type: 'error', error: toGatewayError(error, undefined).toWire() });
  }
}

async function runPrompt(call: PromptCall, caller: Caller, send: Send, signal: AbortSignal, deps: GatewayDeps): Promise<void> {
  const target = resolveModel(call, await deps.loadSettings());
  try {
    await deps.consent(caller, target, signal);
  } catch (error) {
    // Anything that goes wrong while asking is a refusal: the call never runs unconsented.
    const refusal = signal.aborted
      ? abortReason(signal)
      : error instanceof GatewayError
        ? error
        : notAllowed('The site was not allowed to use the model.');
    await deps.record(refusalRecordFor(caller, target, refusal, deps.now()));
    throw refusal;
  }
  const startedAt = deps.now();
  const { result, used, attempts } = await streamWithFallback(call, target, deps.readApiKey, send, signal, deps.now);
  await deps.record({ ...usageRecordFor(caller, used, result, startedAt, deps.now()), attempts });
  if (result.error) throw result.error;
  send({ type: 'done' });
}

export { GatewayError };
