import { now } from '../clock';
import { openLedger } from '../ledger/db';
import { usdOf } from '../ledger/nanos';
import { limitsFor } from './limits';
import type { Budgets } from '../settings/budgets';
import { totalsKey } from '../ledger/periods';

/** Spend so far against a limit; the limit is null where none is set. */
export interface SpendLine {
  spentUsd: number;
  limitUsd: number | null;
}

export interface SpendView {
  site: { origin: string; today: SpendLine; month: SpendLine } | null;
  all: { today: SpendLine; month: SpendLine };
  perRequestUsd: number | null;
}

/** What the popup shows: a site's spend today and this month against its limits, and everyone's. */
export async function spendView(budgets: Budgets, origin: string | null, at = now()): Promise<SpendView> {
  const db = await openLedger();
  const spent = async (key: string) => usdOf((await db.get('totals', key))?.nanos ?? 0);
  const limits = limitsFor(budgets, origin ?? '', at);
  const limitOf = (key: string) => limits.find((l) => l.key === key)?.usd ?? null;
  const line = async (key: string): Promise<SpendLine> => ({ spentUsd: await spent(key), limitUsd: limitOf(key) });
  const all = { kind: 'all' as const };
  const site = origin ? { kind: 'site' as const, origin } : null;
  return {
    site: site && {
      origin: site.origin,
      today: await line(totalsKey(site, { kind: 'day', at })),
      month: await line(totalsKey(site, { kind: 'month', at })),
    },
    all: {
      today: await line(totalsKey(all, { kind: 'day', at })),
      month: await line(totalsKey(all, { kind: 'month', at })),
    },
    perRequestUsd: budgets.perRequestUsd,
  };
}

/** The share of each applicable limit already spent, highest first. */
export async function limitShares(
  budgets: Budgets,
  origin: string,
  at = now(),
): Promise<Array<{ name: string; key: string; share: number }>> {
  const db = await openLedger();
  const shares = await Promise.all(
    limitsFor(budgets, origin, at).map(async (l) => ({
      name: l.name,
      key: l.key,
      share: usdOf((await db.get('totals', l.key))?.nanos ?? 0) / l.usd,
    })),
  );
  return shares.sort((a, b) => b.share - a.share);
}
