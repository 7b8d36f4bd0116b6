import type { Price } from '../catalog/catalog';
import type { CatalogDeps } from './deps';
import { limitsFor } from '../budgets/limits';
import { formatUsd } from '../budgets/money';
import type { Budgets } from '../settings/budgets';
import { totalsKeysFor } from '../ledger/periods';
import type { GrowRequest, GrowResult, Limit, ReserveRequest, ReserveResult } from '../ledger/reserve';
import { mediaPartsOf, type PromptCall } from '../protocol/call';
import { ErrorCodes } from '../protocol/wire';
import { quickTokenBoundFor, tokenBoundFor, type TokenBound } from '../tokens/bound';
import type { Caller } from './caller';
import { GatewayError } from './errors';
import type { ModelTarget } from './resolve-model';
import { firstRound } from './round-shape';

/** Smaller answers than this are not worth starting: the call is refused instead. */
const MIN_OUTPUT_TOKENS = 16;

export const overBudget = (message: string) => new GatewayError('NotAllowedError', message, ErrorCodes.paymentRequired);

/** The refusal of a hold that a limit has no room for, naming the limit. */
export const wouldGoOver = ({ limit, spentUsd }: { limit: Limit; spentUsd: number }) =>
  overBudget(
    `This request would go over ${limit.name} (${formatUsd(limit.usd)}; ${formatUsd(spentUsd)} already spent or held).`,
  );

export interface Admission {
  reservationId: number;
  /** The first round's input tokens, an upper bound, as the reservation was priced on them; every attempt opens with that round. */
  inputTokens: number;
  /** The output cap sent to the provider: the page's, the default, or what the budget allows. */
  maxOutputTokens: number;
  /** Set when a limit shrank the cap, naming it, its amount and where to change it: reaching the cap then ends the call as over budget. */
  limitedBy: string | null;
  /** The price each model of the chain costs, by model id; null where unknown. */
  prices: Map<string, Price | null>;
  /** What the reservation holds now, in USD. */
  heldUsd: number;
  /** Token upper bounds for the chain's models, for every later round. */
  bound: TokenBound;
  /** The limits the call counts against, for growing its hold. */
  limits: Limit[];
  perRequestUsd: number | null;
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
  catalog: Pick<CatalogDeps, 'priceOf'>;
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  grow(request: GrowRequest): Promise<GrowResult>;
  now(): number;
}

/**
 * estimate and reserve: refuses a call that no limit can afford (naming the limit), or one
 * whose price is unknown while a money limit applies; otherwise holds its most possible cost.
 */
export async function admit(
  call: PromptCall,
  caller: Caller,
  target: ModelTarget,
  budgets: Budgets,
  deps: BudgetDeps,
): Promise<Admission> {
  const chain = [target, ...(target.fallbacks ?? [])];
  const prices = new Map(
    await Promise.all(chain.map(async (t) => [t.modelId, await deps.catalog.priceOf(t.modelId)] as const)),
  );
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
  // Under a money limit the tight bound is worth reading a tokenizer for (about 0.2 s, once per
  // worker); without one the hold only prices a crash, and bytes bound it at no cost.
  const bound = await (limited ? tokenBoundFor : quickTokenBoundFor)(chain.map((t) => t.modelId));
  // This holds the first round only: every later one (a tool round, a fallback attempt) is
  // admitted on what it sends, before it is sent (rounds.ts).
  const inputTokens = bound.input(firstRound(call));
  const result = await deps.reserve({
    origin: caller.origin,
    model: target.modelId,
    provider: target.provider.id,
    tabTitle: caller.tabTitle,
    at,
    keys: totalsKeysFor(caller.origin, at),
    priced: price !== null,
    inputUsd: price ? inputTokens * price.input : 0,
    outputUsdPerToken: price?.output ?? 0,
    maxOutputTokens: call.maxOutputTokens ?? budgets.defaultMaxOutputTokens,
    minOutputTokens: MIN_OUTPUT_TOKENS,
    limits,
    perRequestUsd: budgets.perRequestUsd,
  });
  if (!result.ok) throw wouldGoOver(result);
  return {
    reservationId: result.id,
    inputTokens,
    maxOutputTokens: result.maxOutputTokens,
    limitedBy:
      result.limitedBy && `${result.limitedBy.name} of ${formatUsd(result.limitedBy.usd)} (Options › Spending limits)`,
    prices,
    heldUsd: result.usd,
    bound,
    limits,
    perRequestUsd: budgets.perRequestUsd,
  };
}
