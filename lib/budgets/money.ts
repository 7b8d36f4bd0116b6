/**
 * US dollars as people read them, the same on every page and in every message: two decimals
 * from a dollar up ($4.20, $1,234.50), and below it two significant digits, so that small AI
 * costs never read as $0.00 ($0.35, $0.016, $0.0031, $0.00002). Null is a price nobody knows,
 * which must never read as free.
 */
// Built once, on first use: one per call (toLocaleString with options) costs a long table dearly.
let dollars: Intl.NumberFormat | undefined;

export function formatUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  if (usd === 0) return '$0.00';
  const abs = Math.abs(usd);
  if (abs >= 1)
    return `$${(dollars ??= new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })).format(usd)}`;
  if (abs < 1e-7) return '<$0.0000001';
  const decimals = Math.max(2, 1 - Math.floor(Math.log10(abs)));
  // A trailing zero past the cents says nothing: $0.000020 reads $0.00002.
  return `$${usd.toFixed(decimals).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}
