import { loadSettings, updateSettings } from '../settings/store';
import type { Budgets, SiteLimits } from '../settings/budgets';
import { spendView, type SpendView } from './spend';

/** Changes the limits for every site, keeping each site's own. */
export async function updateBudgets(patch: Partial<Omit<Budgets, 'sites'>>): Promise<Budgets> {
  return (await updateSettings((s) => ({ ...s, budgets: { ...s.budgets, ...patch } }))).budgets;
}

/** Sets one site's own limits; both null removes them, so the defaults apply again. */
export async function setSiteLimits(origin: string, limits: SiteLimits): Promise<Budgets> {
  const settings = await updateSettings((s) => {
    const sites = { ...s.budgets.sites };
    if (limits.dayUsd === null && limits.monthUsd === null) delete sites[origin];
    else sites[origin] = limits;
    return { ...s, budgets: { ...s.budgets, sites } };
  });
  return settings.budgets;
}

export async function setKeepHistory(keep: boolean): Promise<boolean> {
  return (await updateSettings((s) => ({ ...s, keepHistory: keep }))).keepHistory;
}

export async function currentSpend(origin: string | null): Promise<SpendView> {
  return spendView((await loadSettings()).budgets, origin);
}
