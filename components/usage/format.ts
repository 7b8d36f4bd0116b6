import type { Outcome } from '@/lib/ledger/usage-record';
import { uiText, type MessageKey } from '../i18n';

export { formatUsd } from '@/lib/budgets/money';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1.2k", "3.4M": token counts are read at a glance, not to the unit. */
export function formatTokens(n: number): string {
  if (n < 1_000) return String(n);
  if (n < 1_000_000) return `${+(n / 1_000).toFixed(1)}k`;
  return `${+(n / 1_000_000).toFixed(1)}M`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}

// One formatter for every row: toLocaleString with options builds a new one per call, about
// 0.2 ms each, which a table of hundreds of sites felt.
let whenFormat: Intl.DateTimeFormat | undefined;

export function formatWhen(at: number): string {
  if (!at) return uiText('never');
  return (whenFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })).format(at);
}

const OUTCOMES: Record<Outcome, MessageKey> = {
  ok: 'outcomeOk',
  aborted: 'outcomeAborted',
  error: 'outcomeError',
  denied: 'outcomeDenied',
  'over-budget': 'outcomeOverBudget',
  interrupted: 'outcomeInterrupted',
};

/** How a request ended, in words. */
export const formatOutcome = (outcome: Outcome) => uiText(OUTCOMES[outcome]);
