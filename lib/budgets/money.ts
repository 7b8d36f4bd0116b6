/**
 * Dollars with enough digits that small AI costs never read as $0.00: $0.00002, $0.0031,
 * $4.20, $1,250.
 */
export function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  if (amount >= 100) return `$${Math.round(amount).toLocaleString('en-US')}`;
  if (amount >= 0.01) return `$${amount.toFixed(2)}`;
  const decimals = Math.min(10, Math.max(4, 1 - Math.floor(Math.log10(amount))));
  return `$${amount.toFixed(decimals).replace(/0+$/, '')}`;
}
