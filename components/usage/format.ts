/**
 * US dollars with as many decimals as a small figure needs to stay readable: $12.40, $0.35,
 * $0.0012. Null is a price nobody knows, which must never read as free.
 */
export function formatUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  if (usd === 0) return '$0.00';
  const abs = Math.abs(usd);
  if (abs >= 1) return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (abs < 1e-6) return '<$0.000001';
  // Two significant digits, and never fewer than two decimals.
  const decimals = Math.max(2, 1 - Math.floor(Math.log10(abs)));
  return `$${usd.toFixed(decimals)}`;
}

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

export function formatWhen(at: number): string {
  if (!at) return 'never';
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
