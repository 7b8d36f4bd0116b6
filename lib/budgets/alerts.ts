import { browser } from 'wxt/browser';
import type { Budgets } from '../settings/budgets';
import { limitShares } from './spend';

const NOTIFIED_KEY = 'budgetAlertsShown';
const THRESHOLDS = [1, 0.8] as const;

/**
 * After each settled call: the toolbar badge shows the highest share of any limit reached
 * (80% or 100%), and a short notification says which limit, once per limit, period and level.
 */
export async function alertOnSpend(budgets: Budgets, origin: string): Promise<void> {
  const [top] = await limitShares(budgets, origin);
  const level = THRESHOLDS.find((t) => top && top.share >= t);
  await browser.action.setBadgeText({ text: level === 1 ? '100%' : level ? '80%' : '' });
  if (!level || !top) return;
  await browser.action.setBadgeBackgroundColor({ color: level === 1 ? '#c92a2a' : '#e8590c' });
  const marker = `${top.key}@${level}`;
  const shown = ((await browser.storage.session.get(NOTIFIED_KEY))[NOTIFIED_KEY] as string[] | undefined) ?? [];
  if (shown.includes(marker)) return;
  await browser.storage.session.set({ [NOTIFIED_KEY]: [...shown, marker].slice(-200) });
  await browser.notifications.create(marker, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: level === 1 ? 'Spending limit reached' : 'Spending limit at 80%',
    message:
      level === 1
        ? `You have reached ${top.name}. Requests that would go over it are refused.`
        : `You have used 80% of ${top.name}.`,
  });
}
