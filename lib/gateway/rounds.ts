import type { Price } from '../catalog/catalog';
import { formatUsd } from '../budgets/money';
import { nanosUp, usdOf } from '../ledger/nanos';
import type { UsageSource } from '../ledger/usage-record';
import type { RoundShape } from '../tokens/bound';
import { overBudget, wouldGoOver, type Admission, type BudgetDeps } from './budget';
import type { ModelTarget } from './resolve-model';

/** What a provider said one round used; either count may be missing. */
export interface RoundUsage {
  inputTokens?: number;
  outputTokens?: number;
}

/**
 * One call's provider rounds against its reservation. Every round (the first, each tool round,
 * each fallback attempt) is admitted before it is sent, on what it sends: its hold grows within
 * every limit, or the round is refused naming the limit. Each round is charged as it ends.
 */
export interface Rounds {
  /**
   * Holds the round's most possible cost and returns its output cap; throws over budget.
   * 'first' is the call's first round, which every attempt opens with: admit() counted it already.
   */
  admit(round: RoundShape | 'first', model: ModelTarget): Promise<number>;
  /** The open round's end: the provider's report if any, and the text it produced. */
  finish(reported: RoundUsage | undefined, output: string): void;
  /** The open round's output cap, or the call's before any round opened. */
  cap(): number;
  /** How many rounds were admitted so far. */
  index(): number;
  /** The open round's input bound, 0 between rounds: what a checkpoint counts of it. */
  openInput(): number;
  /** Whether the provider billed past what was held: the call must stop. */
  overshot(): boolean;
  totals(): RoundTotals;
}

export interface RoundTotals {
  inputTokens: number;
  outputTokens: number;
  usageSource: UsageSource;
  /** USD, or null when a round ran on a model whose price is unknown. */
  cost: number | null;
  /** What the provider billed beyond the hold, USD; 0 when it stayed within. */
  overshootUsd: number;
}

interface OpenRound {
  price: Price | null;
  inputBound: number;
  cap: number;
}

// Money here is in whole nano-dollars, as the ledger keeps it, so comparing spend and hold is exact.
const costAt = (price: Price, input: number, output: number) => nanosUp(input * price.input + output * price.output);

export function roundsFor(admission: Admission, deps: Pick<BudgetDeps, 'grow'>): Rounds {
  let held = nanosUp(admission.heldUsd);
  let spent = 0;
  let unpriced = false;
  let open: OpenRound | null = null;
  let admitted = 0;
  const tokens = { input: 0, output: 0 };
  const sources = new Set<UsageSource>();

  const finish = (reported: RoundUsage | undefined, output: string) => {
    const round = open;
    if (!round) return;
    open = null;
    let input = reported?.inputTokens;
    let generated = reported?.outputTokens;
    if (input === undefined && generated === undefined && output.length === 0) return;
    sources.add(input !== undefined && generated !== undefined ? 'reported' : 'estimated');
    // An honest provider bills at most the round's bound in and its cap out: an estimate is
    // held to those, so only a provider's own report can take a call past its hold.
    input ??= round.inputBound;
    generated ??= Math.min(admission.bound.text(output), round.cap);
    tokens.input += input;
    tokens.output += generated;
    if (round.price) spent += costAt(round.price, input, generated);
    else unpriced = true;
  };

  return {
    async admit(round, model) {
      finish(undefined, '');
      if (spent > held)
        throw overBudget(
          `The provider billed ${formatUsd(usdOf(spent))}, more than this request held (${formatUsd(usdOf(held))}), so the call was stopped.`,
        );
      const price = admission.prices.get(model.modelId) ?? null;
      const inputBound = round === 'first' ? admission.inputTokens : admission.bound.input(round);
      const cap = admission.maxOutputTokens;
      const need = spent + (price ? costAt(price, inputBound, cap) : 0);
      if (need > held) {
        const grown = await deps.grow({
          id: admission.reservationId,
          addUsd: usdOf(need - held),
          limits: admission.limits,
          perRequestUsd: admission.perRequestUsd,
        });
        if (!grown.ok) throw wouldGoOver(grown);
        held = nanosUp(grown.usd);
      }
      open = { price, inputBound, cap };
      admitted += 1;
      return cap;
    },
    finish,
    cap: () => open?.cap ?? admission.maxOutputTokens,
    index: () => admitted,
    openInput: () => open?.inputBound ?? 0,
    overshot: () => spent > held,
    totals: () => ({
      inputTokens: tokens.input,
      outputTokens: tokens.output,
      usageSource: sources.has('estimated') ? 'estimated' : sources.has('reported') ? 'reported' : 'none',
      cost: unpriced ? null : usdOf(spent),
      overshootUsd: usdOf(Math.max(0, spent - held)),
    }),
  };
}
