export type Outcome = 'ok' | 'aborted' | 'error' | 'denied' | 'over-budget' | 'interrupted';

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
  /** Whether the provider reported the token counts, or nothing is known. */
  usageSource: 'reported' | 'none';
  /** Cost in USD, or null while the model's price is unknown. */
  cost: number | null;
  ttftMs: number | null;
  totalMs: number;
  outcome: Outcome;
  error: string | null;
}
