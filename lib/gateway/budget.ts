import type { Price } from '../catalog/catalog';
import { limitsFor } from '../budgets/limits';
import { formatUsd } from '../budgets/money';
import type { Budgets } from '../budgets/schema';
import { totalsKeysFor } from '../ledger/periods';
import type { ReserveRequest, ReserveResult } from '../ledger/reserve';
import { mediaPartsOf, type PromptCall } from '../protocol/call';
import { ErrorCodes } from '../protocol/wire';
import { Limits } from '../protocol/limits';
import { tokenBoundFor, type RoundShape } from '../tokens/bound';
import type { Caller } from './caller';
import { GatewayError } from './errors';
import { toModelMessages } from './media';
import type { ModelTarget } from './resolve-model';
import { guidedMessages } from './structured-output';

/** Smaller answers than this are not worth starting: the call is refused instead. */
const MIN_OUTPUT_TOKENS = 16;

export const overBudget = (message: string) => new GatewayError('NotAllowedError', message, ErrorCodes.paymentRequired);

export interface Admission {
  reservationId: number;
  /** The prompt's estimated tokens, as the reservation was priced on them. */
  inputTokens: number;
  /** The output cap sent to the provider: the page's, the default, or what the budget allows. */
  maxOutputTokens: number;
  /** Set when a limit shrank the cap: reaching it then ends the call as over budget. */
  limitedBy: string | null;
  /** The price each model of the chain costs, by model id; null where unknown. */
  prices: Map<string, Price | null>;
}

/**
 * The most a call can cost, priced on the dearest model of its fallback chain, so that no
 * attempt can spend more than was reserved.
 */
function worstPrice(prices: Array<Price | null>): { input: number; output: number } | null {
  if (prices.some((p) => p === null)) return null;
  return { input: Math.max(...prices.map((p) => p!.input)), output: Math.max(...prices.map((p) => p!.output)) };
}

export interface BudgetDeps {
  priceOf(modelId: string): Promise<Price | null>;
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  now(): number;
}

/** What a call's first provider round sends: its messages as guided, its tools, its schema. */
export function firstRoundOf(call: PromptCall): RoundShape {
  const constraint = call.constraint;
  return {
    messages: toModelMessages(guidedMessages(call)),
    tools: call.tools,
    responseSchema: constraint && 'schema' in constraint ? constraint.schema : undefined,
  };
}

/**
 * estimate and reserve: refuses a call that no limit can afford (naming the limit), or one
 * whose price is unknown while a money limit applies; otherwise holds its most possible cost.
 */
export async function admit(call: PromptCall, caller: Caller, target: ModelTarget, budgets: Budgets, deps: BudgetDeps): Promise<Admission> {
  const chain = [target, ...(target.fallbacks ?? [])];
  const prices = new Map(await Promise.all(chain.map(async (t) => [t.modelId, await deps.priceOf(t.modelId)] as const)));
  const at = deps.now();
  const limits = limitsFor(budgets, caller.origin, at);
  const limited = limits.length > 0 || budgets.perRequestUsd !== null;
  const price = worstPrice([...prices.values()]);
  const unpriced = chain.find((t) => prices.get(t.modelId) === null && !budgets.exemptModels.includes(t.modelId));
  if (limited && !price && unpriced) {
    throw overBudget(
      `${unpriced.modelId} has no known price, so it cannot run under a spending limit. Set its price in the extension, or exempt it from budgets.`,
    );
  }
  const media = mediaPartsOf(call.messages);
  const unexempt = chain.find((t) => !budgets.exemptModels.includes(t.modelId));
  if (limited && media.some((p) => p.type === 'audio') && unexempt) {
    throw overBudget(
      `${unexempt.modelId} bills audio at prices the extension does not know, so audio cannot be sent under a spending limit. Exempt the model from budgets in the extension to send it.`,
    );
  }
  const inputTokens = (await tokenBoundFor(chain.map((t) => t.modelId))).input(firstRoundOf(call));
  // With tools, one prompt may take a provider round per tool call, each resending the
  // conversation and each answering up to the cap: all of them are held for.
  const rounds = call.tools?.length ? Limits.maxToolCalls + 1 : 1;
  const result = await deps.reserve({
    origin: caller.origin,
    model: target.modelId,
    provider: target.provider.id,
    tabTitle: caller.tabTitle,
    at,
    keys: totalsKeysFor(caller.origin, at),
    priced: price !== null,
    inputUsd: price ? rounds * inputTokens * price.input : 0,
    outputUsdPerToken: rounds * (price?.output ?? 0),
    maxOutputTokens: call.maxOutputTokens ?? budgets.defaultMaxOutputTokens,
    minOutputTokens: MIN_OUTPUT_TOKENS,
    limits,
    perRequestUsd: budgets.perRequestUsd,
  });
  if (!result.ok) {
    throw overBudget(`This request would go over ${result.limit.name} (${formatUsd(result.limit.usd)}; ${formatUsd(result.spentUsd)} already spent or held).`);
  }
  return { reservationId: result.id, inputTokens, maxOutputTokens: result.maxOutputTokens, limitedBy: result.limitedBy?.name ?? null, prices };
}

/** Cost of what a call used, at the price of the model that answered; null when unknown. */
export function costOf(price: Price | null | undefined, inputTokens: number, outputTokens: number): number | null {
  return price ? inputTokens * price.input + outputTokens * price.output : null;
}
