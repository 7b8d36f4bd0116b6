import { useCallback, useEffect, useState } from 'react';
import type { ScopeUsage } from '@/lib/ledger/queries';
import { sendMessage } from '@/lib/messages';
import type { SiteRow } from './sort';

const NONE = { usd: 0, requests: 0, inputTokens: 0, outputTokens: 0 };

export interface UsageData {
  overall: ScopeUsage;
  sites: SiteRow[];
}

/**
 * The ledger's per-site sums joined with each site's access; a site the user decided about
 * shows even before its first request. `version` changes after each reload, so views that
 * fetch their own data follow.
 */
export function useUsage() {
  const [data, setData] = useState<UsageData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const reload = useCallback(async () => {
    try {
      const [summary, grants] = await Promise.all([sendMessage('usageSummary', undefined), sendMessage('listSites', undefined)]);
      const byOrigin = new Map(grants.map((g) => [g.origin, g]));
      const sites: SiteRow[] = summary.sites.map((s) => ({ ...s, origin: s.origin!, grant: byOrigin.get(s.origin!)?.grant ?? 'ask' }));
      const seen = new Set(sites.map((s) => s.origin));
      for (const g of grants) {
        if (!seen.has(g.origin)) sites.push({ origin: g.origin, grant: g.grant, today: NONE, month: NONE, ever: NONE, lastAt: g.lastUsedAt ?? 0 });
      }
      setData({ overall: summary.overall, sites });
      setVersion((v) => v + 1);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => void reload(), [reload]);

  return { data, error, version, reload };
}
