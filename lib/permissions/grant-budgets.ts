import { SiteLimits } from '../settings/budgets';
import { loadSettings, updateSettings } from '../settings/store';
import type { LegacySiteGrant, SiteGrant } from './grant';
import { listGrants, updateGrant } from './grant-store';

const withoutBudget = ({ dailyBudgetUsd: _moved, ...grant }: LegacySiteGrant): SiteGrant => grant;

/**
 * Older versions kept the daily budget chosen at consent on the site's grant as well as in
 * settings.budgets.sites, and enforced only the latter. This moves each grant's budget into
 * budgets.sites where the site has no daily limit there (one set there since wins), strips it
 * from the grant, then notes the move done in the settings. Each step can run again, so a start
 * cut short anywhere loses nothing and the next start finishes the move. Returns how many
 * budgets it moved.
 */
export async function moveGrantBudgets(): Promise<number> {
  if ((await loadSettings()).grantBudgetsMoved) return 0;
  const carrying = ((await listGrants()) as LegacySiteGrant[]).filter((grant) => 'dailyBudgetUsd' in grant);
  let moved = 0;
  await updateSettings((settings) => {
    const sites = { ...settings.budgets.sites };
    for (const grant of carrying) {
      const own = sites[grant.origin];
      const limits = { dayUsd: grant.dailyBudgetUsd ?? null, monthUsd: own?.monthUsd ?? null };
      if (own?.dayUsd != null || limits.dayUsd === null || !SiteLimits.safeParse(limits).success) continue;
      sites[grant.origin] = limits;
      moved++;
    }
    return { ...settings, budgets: { ...settings.budgets, sites } };
  });
  for (const grant of carrying) await updateGrant(grant.origin, (current) => current && withoutBudget(current));
  await updateSettings((settings) => ({ ...settings, grantBudgetsMoved: true }));
  return moved;
}
