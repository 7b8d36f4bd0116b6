import { totalsKey } from '../ledger/periods';
import type { Limit } from '../ledger/reserve';
import type { Budgets } from '../settings/budgets';

/**
 * The day and month limits that apply to a call from `origin` at `at`. A site's own limit
 * wins over the default for every site; the per-request maximum is checked on its own.
 */
export function limitsFor(budgets: Budgets, origin: string, at: number, timeZone?: string): Limit[] {
  const own = budgets.sites[origin];
  const siteDay = own?.dayUsd !== undefined && own.dayUsd !== null ? own.dayUsd : budgets.siteDayUsd;
  const siteMonth = own?.monthUsd !== undefined && own.monthUsd !== null ? own.monthUsd : budgets.siteMonthUsd;
  const site = { kind: 'site' as const, origin };
  const all = { kind: 'all' as const };
  const candidates: Array<[string, number | null, string]> = [
    [`the daily budget for ${origin}`, siteDay, totalsKey(site, { kind: 'day', at }, timeZone)],
    [`the monthly budget for ${origin}`, siteMonth, totalsKey(site, { kind: 'month', at }, timeZone)],
    ['the daily budget for all sites', budgets.globalDayUsd, totalsKey(all, { kind: 'day', at }, timeZone)],
    ['the monthly budget for all sites', budgets.globalMonthUsd, totalsKey(all, { kind: 'month', at }, timeZone)],
  ];
  return candidates.flatMap(([name, usd, key]) => (usd === null ? [] : [{ name, usd, key }]));
}
