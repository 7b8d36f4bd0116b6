import type { ScopeUsage } from '@/lib/ledger/queries';
import type { GrantChoice } from '@/lib/permissions/site-state';

/** One row of the per-site table: the ledger's sums and the site's access. */
export interface SiteRow extends ScopeUsage {
  origin: string;
  grant: GrantChoice;
}

export type SortKey = 'origin' | 'grant' | 'requests' | 'tokens' | 'today' | 'month' | 'ever' | 'lastAt';

const value: Record<SortKey, (row: SiteRow) => number | string> = {
  origin: (r) => r.origin,
  grant: (r) => r.grant,
  requests: (r) => r.ever.requests,
  tokens: (r) => r.ever.inputTokens + r.ever.outputTokens,
  today: (r) => r.today.usd,
  month: (r) => r.month.usd,
  ever: (r) => r.ever.usd,
  lastAt: (r) => r.lastAt,
};

/** Rows whose origin contains the search text, in the chosen order; ties fall back to the origin. */
export function visibleRows(rows: SiteRow[], search: string, key: SortKey, descending: boolean): SiteRow[] {
  const needle = search.trim().toLowerCase();
  const kept = needle ? rows.filter((r) => r.origin.toLowerCase().includes(needle)) : rows.slice();
  const sign = descending ? -1 : 1;
  return kept.sort((a, b) => {
    const x = value[key](a);
    const y = value[key](b);
    const order = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number);
    return order !== 0 ? sign * order : a.origin.localeCompare(b.origin);
  });
}
