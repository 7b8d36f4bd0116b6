export { formatUsd } from '@/lib/budgets/money';

/** A limit typed by the user: empty means none; anything else must be a positive amount. */
export function parseLimit(text: string): number | null | 'invalid' {
  const trimmed = text.trim().replace(/^\$/, '');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value > 0 ? value : 'invalid';
}

/** 0.42 as "42%", in the page's number style. */
export const formatShare = (share: number) =>
  share.toLocaleString(undefined, { style: 'percent', maximumFractionDigits: 0 });
