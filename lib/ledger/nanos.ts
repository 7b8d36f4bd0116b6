/**
 * The ledger keeps money as integer nano-dollars (1e-9 USD), so sums are exact: the totals of
 * any number of rows equal the sum of the rows. Number.MAX_SAFE_INTEGER nano-dollars is about
 * $9 million, above the largest limit a budget allows ($1,000,000), so every limit, hold and
 * period total stays an exact integer. Outside the ledger, money is in USD.
 */
export const NANOS_PER_USD = 1_000_000_000;

// USD amounts arrive as floats (price per token × tokens): 0.15/1e6 × 3 is 4.5000000000000003e-7.
// A product that lands within a millionth of a nano-dollar of a whole one is that whole one;
// anything further up is a real fraction and rounds up.
const FLOAT_NOISE_NANOS = 1e-6;

/** A USD amount in whole nano-dollars, rounded up: the ledger never charges less than a cost. */
export function nanosUp(usd: number): number {
  if (!Number.isFinite(usd) || usd < 0)
    throw new RangeError(`a sum of money must be a finite amount of at least 0 USD, not ${usd}`);
  return wholeNanosUp(usd * NANOS_PER_USD);
}

/** A float amount of nano-dollars (tokens × a price that may be a fraction of one) rounded up. */
export function wholeNanosUp(nanos: number): number {
  const whole = Math.round(nanos);
  return Math.abs(nanos - whole) <= FLOAT_NOISE_NANOS ? whole : Math.ceil(nanos);
}

/** Nano-dollars as USD, for display, export and the ledger's USD interfaces. */
export function usdOf(nanos: number): number {
  return nanos / NANOS_PER_USD;
}

export const nullableNanosUp = (usd: number | null): number | null => (usd === null ? null : nanosUp(usd));
export const nullableUsdOf = (nanos: number | null): number | null => (nanos === null ? null : usdOf(nanos));
