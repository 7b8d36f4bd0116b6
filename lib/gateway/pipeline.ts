import type { Call, Expected, PromptCall } from '../protocol/call';
import type { ReplyMessage } from '../protocol/wire';
import type { UsageRecord } from '../ledger/usage-record';
import type { Settings } from '../settings/schema';
import type { Caller } from './caller';
import type { ConsentGate } from './consent';
import { GatewayError, abortReason, notAllowed, toGatewayError } from './errors';
import { refusalRecordFor, usageRecordFor } from './record';
import { resolveModel, type ModelTarget } from './resolve-model';
import { expectationGap, mediaIn, refuseUnsupported, textOf, unreadable } from './media';
import { checkLanguageTags } from './languages';
import { learnFromRefusal, overWindow, windowGap } from './model-limits';
import { streamWithFallback } from './fallback';
import { admit, type Admission, type BudgetDeps } from './budget';
import type { CatalogDeps, OnDeviceDeps } from './deps';
import { roundsFor } from './rounds';
import { meterStream } from './meter';
import type { Reservation } from '../ledger/db';
import { apiOf, settleTask, withTaskPrompt } from './writing-tasks';
import { emptyInputAnswer, taskReply } from './task-reply';
import { sessionInfo, sessionOptions } from './session-info';
import { ErrorCodes } from '../protocol/wire';
import { refusals } from './consent-gate';

type SessionCall = Extract<Call, { op: 'session' }>;

/** What the pipeline needs from the rest of the extension; tests pass their own. */
export interface GatewayDeps extends BudgetDeps {
  loadSettings(): Promise<Settings>;
  readApiKey(providerId: string): Promise<string | undefined>;
  consent: ConsentGate;
  /** Whether the user let this site pick its own model (a scope chosen at consent). */
  siteMayChooseModel(origin: string): Promise<boolean>;
  /** Whether the site may use the model now (always, or once in this tab), without asking. */
  siteAllowed(caller: Caller): Promise<boolean>;
  /** Whether the user blocked the site: then every call is refused before anything else. */
  siteDenied(origin: string): Promise<boolean>;
  /** Writes a row for a call that never held a reservation (refused before it). */
  record(row: UsageRecord): Promise<unknown>;
  settle(reservationId: number, row: UsageRecord): Promise<unknown>;
  checkpoint(reservationId: number, progress: NonNullable<Reservation['progress']>): Promise<unknown>;
  catalog: CatalogDeps;
  onDevice: OnDeviceDeps;
}

export type Send = (message: ReplyMessage) => void;

/**
 * validate (done by the caller) → resolve model → consent → estimate and reserve budget →
 * call provider and stream (metered against the reservation) → settle into the ledger.
 */
export async function runCall(
  call: Call,
  caller: Caller,
  pageSend: Send,
  signal: AbortSignal,
  deps: GatewayDeps,
): Promise<void> {
  let send = pageSend;
  try {
    // A blocked site learns nothing (no model, window or availability), starts no download,
    // is never asked again, and leaves no rows in the ledger. availability() answers rather than
    // throws, as the spec's enum allows, so a page written for Chrome degrades as it would there.
    if (await deps.siteDenied(caller.origin)) {
      if (call.op === 'availability') return send({ type: 'done', value: 'unavailable' });
      throw refusals.blocked();
    }
    switch (call.op) {
      case 'prompt': {
        const empty = emptyInputAnswer(call);
        if (empty) return empty.forEach(send);
        send = taskReply(call, pageSend);
        return await runPrompt(withTaskPrompt(call), caller, send, signal, deps, apiOf(call));
      }
      case 'session':
        return await openSession(call, caller, send, signal, deps);
      case 'availability': {
        checkLanguageTags(call);
        if (call.task) settleTask(call.task);
        const settings = await deps.loadSettings();
        return send({ type: 'done', value: await availability(settings, call, deps) });
      }
      case 'model': {
        const settings = await deps.loadSettings();
        // Which model the user runs is theirs to tell: only to a site they let use it.
        if (!(await deps.siteAllowed(caller)))
          throw notAllowed('The site may learn which model answers once the user allows it to use the model.');
        return send({ type: 'done', value: resolveModel(undefined, settings).modelId });
      }
      default: {
        // Every op of the protocol has its case: a new one is a type error here until it has.
        const unhandled: never = call;
        throw new Error(`No step answers the op ${(unhandled as { op: string }).op}.`);
      }
    }
  } catch (error) {
    send({ type: 'error', error: toGatewayError(error, undefined).toWire() });
  }
}

/** create(): the page's option errors come before anything else, a download above all. */
async function openSession(
  call: SessionCall,
  caller: Caller,
  send: Send,
  signal: AbortSignal,
  deps: GatewayDeps,
): Promise<void> {
  checkLanguageTags(call);
  sessionOptions(call);
  const settings = await deps.loadSettings();
  const target = resolveModel(undefined, settings);
  const facts = await deps.catalog.factsOf(target.modelId, settings);
  refuseUnsupported(expectationGap(call, facts, (await deps.siteAllowed(caller)) ? target.modelId : null));
  if (call.download) await downloadFirst(target, caller, send, signal, deps);
  send({ type: 'done', value: sessionInfo(call, facts) });
}

/** The Prompt API's answer: "unavailable" for what the model cannot read or write; an on-device model may still need its download. */
async function availability(settings: Settings, expected: Expected, deps: GatewayDeps): Promise<string> {
  let target;
  try {
    target = resolveModel(undefined, settings);
  } catch {
    return 'unavailable';
  }
  if (expectationGap(expected, await deps.catalog.factsOf(target.modelId, settings), null)) return 'unavailable';
  return target.provider.kind === 'on-device' ? deps.onDevice.availability(target.modelId) : 'available';
}

/**
 * The model for a prompt: one whose known window holds it (else a QuotaExceededError) and that
 * may read the images and audio it holds (else a NotSupportedError naming what it does not read).
 * Fallbacks known not to read them are left out of the chain.
 */
async function targetFor(
  call: PromptCall,
  settings: Settings,
  caller: Caller,
  deps: GatewayDeps,
): Promise<ModelTarget> {
  const target = resolveModel(call, settings, await deps.siteMayChooseModel(caller.origin));
  const kinds = mediaIn(call.messages);
  const facts = await deps.catalog.factsOf(target.modelId, settings);
  const gap = windowGap(call.messages, facts);
  if (gap === null && kinds.size === 0) return target;
  const named = (await deps.siteAllowed(caller)) ? target.modelId : null;
  if (gap) throw overWindow(gap, named);
  refuseUnsupported(unreadable(kinds, facts, named));
  const fallbacks = [];
  for (const fallback of target.fallbacks ?? [])
    if (!unreadable(kinds, await deps.catalog.factsOf(fallback.modelId, settings), fallback.modelId))
      fallbacks.push(fallback);
  return { ...target, fallbacks };
}

/**
 * create() on an on-device model that is not stored yet: the site must be allowed to use the
 * model before it may start a download, then progress goes to the page's monitor as chunks.
 */
async function downloadFirst(
  target: ModelTarget,
  caller: Caller,
  send: Send,
  signal: AbortSignal,
  deps: GatewayDeps,
): Promise<void> {
  if (!(await deps.onDevice.downloadNeeded(target))) return;
  await deps.consent(caller, target, signal);
  try {
    await deps.onDevice.download(target.model, (fraction) => send({ type: 'chunk', text: String(fraction) }), signal);
  } catch (error) {
    if (signal.aborted) throw abortReason(signal);
    throw new GatewayError(
      'NetworkError',
      `The on-device model could not be downloaded: ${error instanceof Error ? error.message : String(error)}`,
      ErrorCodes.providerError,
    );
  }
}

async function runPrompt(
  call: PromptCall,
  caller: Caller,
  send: Send,
  signal: AbortSignal,
  deps: GatewayDeps,
  api: string,
): Promise<void> {
  const settings = await deps.loadSettings();
  const target = await targetFor(call, settings, caller, deps);
  let admission: Admission;
  try {
    await deps.consent(caller, target, signal);
    admission = await admit(call, caller, target, settings.budgets, deps);
  } catch (error) {
    // Anything that goes wrong before the call runs is a refusal: nothing unconsented or
    // unaffordable ever reaches the provider.
    const refusal = signal.aborted
      ? abortReason(signal)
      : error instanceof GatewayError
        ? error
        : notAllowed('The site was not allowed to use the model.');
    await deps.record({ ...refusalRecordFor(caller, target, refusal, deps.now()), api });
    throw refusal;
  }
  const stop = new AbortController();
  const rounds = roundsFor(admission, deps);
  const meter = meterStream(
    send,
    admission,
    rounds,
    stop,
    (p) => void deps.checkpoint(admission.reservationId, p),
    deps.now,
    settings.keepHistory,
  );
  const startedAt = deps.now();
  const capped = { ...call, maxOutputTokens: admission.maxOutputTokens };
  const { result, used, attempts } = await streamWithFallback(
    capped,
    target,
    deps.readApiKey,
    meter.send,
    AbortSignal.any([signal, stop.signal]),
    deps.now,
    rounds,
  );
  const { inputTokens, outputTokens, usageSource, cost, overshootUsd } = rounds.totals();
  await deps.settle(admission.reservationId, {
    ...usageRecordFor(caller, used, result, startedAt, deps.now()),
    api,
    inputTokens,
    outputTokens,
    usageSource,
    attempts,
    cost,
    ...(overshootUsd > 0 && { overshootUsd }),
    ...(settings.keepHistory && historyOf(call, meter.text())),
  });
  if (result.error) throw await learnFromRefusal(result.error, call.messages, used, deps.now(), deps.catalog);
  send({ type: 'done' });
}

const HISTORY_CHARS = 20_000;

/** The page's last message and the answer, kept only when the user turned history on. */
function historyOf(call: PromptCall, answer: string): Pick<UsageRecord, 'prompt' | 'response'> {
  return {
    prompt: textOf(call.messages.at(-1)?.content ?? '').slice(0, HISTORY_CHARS),
    response: answer.slice(0, HISTORY_CHARS),
  };
}

export { GatewayError };
