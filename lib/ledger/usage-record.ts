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
  ttftMs: number | null;
  totalMs: number;
  outcome: Outcome;
  error: string | null;
  /**
   * USD the provider billed beyond what the call held: it reported more tokens than any honest
   * bound allowed. Counted in `cost` too; absent when the call stayed within its hold.
   */
  overshootUsd?: number;
  /** Every model tried, in order; absent on rows written before fallback existed. */
  attempts?: Attempt[];
  /** The page's last message and the answer: present only while the user keeps history on. */
  prompt?: string;
  response?: string;
}
