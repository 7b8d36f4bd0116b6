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
 * shows even before its first request.
 */
async function loadUsage(): Promise<UsageData> {
  const [summary, grants] = await Promise.all([
    sendMessage('usageSummary', undefined),
    sendMessage('listSites', undefined),
  ]);
  const byOrigin = new Map(grants.map((g) => [g.origin, g]));
  const sites: SiteRow[] = summary.sites.map((s) => ({
    ...s,
    origin: s.origin!,
    grant: byOrigin.get(s.origin!)?.grant ?? 'ask',
  }));
  const seen = new Set(sites.map((s) => s.origin));
  for (const g of grants) {
    if (!seen.has(g.origin))
      sites.push({ origin: g.origin, grant: g.grant, today: NONE, month: NONE, ever: NONE, lastAt: g.lastUsedAt ?? 0 });
  }
  return { overall: summary.overall, sites };
}

let early: Promise<UsageData> | undefined;

/** Asks the worker before the usage view's own code has loaded, when the page opens on it. */
export function prefetchUsage(): void {
  early ??= loadUsage();
  // Whoever takes it sees the failure; until then it must not count as unhandled.
  early.catch(() => undefined);
}

/** The read started early, once; every later read is fresh. */
export function readUsage(): Promise<UsageData> {
  const read = early ?? loadUsage();
  early = undefined;
  return read;
}
