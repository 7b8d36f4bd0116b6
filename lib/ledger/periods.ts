// Budgets count by the user's calendar: a day and a month begin at local midnight, in the
// browser's own time zone unless a test names another.

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(at: number, timeZone?: string): { year: string; month: string; day: string } {
  const key = timeZone ?? '';
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(key, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return { year: parts.year!, month: parts.month!, day: parts.day! };
}

/** "2026-11-23" */
export function dayOf(at: number, timeZone?: string): string {
  const { year, month, day } = partsOf(at, timeZone);
  return `${year}-${month}-${day}`;
}

/** "2026-11" */
export function monthOf(at: number, timeZone?: string): string {
  const { year, month } = partsOf(at, timeZone);
  return `${year}-${month}`;
}

export type Scope = { kind: 'all' } | { kind: 'site'; origin: string };
export type Period = { kind: 'day' | 'month'; at: number } | { kind: 'ever' };

/** A period as its totals keys end: `ever`, `month|2026-11` or `day|2026-11-23`. */
export function periodKey(period: Period, timeZone?: string): string {
  if (period.kind === 'ever') return 'ever';
  return `${period.kind}|${period.kind === 'day' ? dayOf(period.at, timeZone) : monthOf(period.at, timeZone)}`;
}

/** The totals row a scope and period add up in, e.g. `site|https://a.example|day|2026-11-23`. */
export function totalsKey(scope: Scope, period: Period, timeZone?: string): string {
  return `${scope.kind === 'all' ? 'all' : `site|${scope.origin}`}|${periodKey(period, timeZone)}`;
}

/** Every totals row one request at `at` from `origin` counts toward. */
export function totalsKeysFor(origin: string, at: number, timeZone?: string): string[] {
  const scopes: Scope[] = [{ kind: 'all' }, { kind: 'site', origin }];
  const periods: Period[] = [{ kind: 'day', at }, { kind: 'month', at }, { kind: 'ever' }];
  return scopes.flatMap((scope) => periods.map((period) => totalsKey(scope, period, timeZone)));
}
