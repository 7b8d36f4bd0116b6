import { nanosUp, nullableNanosUp, nullableUsdOf, usdOf } from './nanos';

/**
 * reported: the provider's own count. estimated: counted here because the provider sent none
 * (a stream cut short). none: nothing was generated.
 */
export type UsageSource = 'reported' | 'estimated' | 'none';

export type Outcome = 'ok' | 'aborted' | 'error' | 'denied' | 'over-budget' | 'interrupted';

/** One try of one model within a call; fallback makes more than one. */
export interface Attempt {
  model: string;
  outcome: 'ok' | 'error' | 'aborted';
  /** The provider's HTTP status when it answered with an error. */
  status: number | null;
  ms: number;
}

/** One call, as the ledger keeps it. Prompts and outputs are not part of it. */
export interface UsageRecord {
  id?: number;
  time: number;
  origin: string;
  tabTitle: string;
  model: string;
  provider: string;
  inputTokens: number;
  outputTokens: number;
  usageSource: UsageSource;
  /** Cost in USD, or null while the model's price is unknown. */
  cost: number | null;
  /**
   * Part of `cost`, in USD: what the provider reported beyond the call's reservation, charged
   * past its hold. Absent when the call stayed within it.
   */
  overshootUsd?: number;
  ttftMs: number | null;
  totalMs: number;
  outcome: Outcome;
  error: string | null;
  /** The page API that made the call (LanguageModel, Translator, Proofreader…); absent on rows written before it was kept. */
  api?: string;
  /** Every model tried, in order; absent on rows written before fallback existed. */
  attempts?: Attempt[];
  /** The page's last message and the answer: present only while the user keeps history on. */
  prompt?: string;
  response?: string;
}

/** A usage row as IndexedDB keeps it: its money in whole nano-dollars (see nanos.ts). */
export interface StoredUsage extends Omit<UsageRecord, 'cost' | 'overshootUsd'> {
  costNanos: number | null;
  overshootNanos?: number;
}

/** The row to store for a record: its id left to the store, its money rounded up to the nano-dollar. */
export function storedUsage(record: UsageRecord): StoredUsage {
  const { id: _id, cost, overshootUsd, ...rest } = record;
  return {
    ...rest,
    costNanos: nullableNanosUp(cost),
    ...(overshootUsd !== undefined && { overshootNanos: nanosUp(overshootUsd) }),
  };
}

/** A stored row as the rest of the extension reads it, in USD. */
export function usageRecordOf(row: StoredUsage): UsageRecord {
  const { costNanos, overshootNanos, ...rest } = row;
  return {
    ...rest,
    cost: nullableUsdOf(costNanos),
    ...(overshootNanos !== undefined && { overshootUsd: usdOf(overshootNanos) }),
  };
}
