import { z } from 'zod';
import { ModelId } from '../protocol/call';

/** A limit in USD; null for none. */
const Usd = z.number().positive().max(1_000_000).nullable();

export const SiteLimits = z.strictObject({ dayUsd: Usd, monthUsd: Usd });
export type SiteLimits = z.infer<typeof SiteLimits>;

export const Budgets = z.strictObject({
  globalDayUsd: Usd,
  globalMonthUsd: Usd,
  /** Every site's own daily and monthly limit, unless the site has its own below. */
  siteDayUsd: Usd,
  siteMonthUsd: Usd,
  perRequestUsd: Usd,
  /** Limits set for one site (in the popup, or at consent), keyed by origin. */
  sites: z.record(z.string().max(300), SiteLimits),
  /** Models allowed to run under money limits although their price is unknown. */
  exemptModels: z.array(ModelId).max(200),
  /**
   * The output cap sent to the provider when a page names none. The reservation is priced on
   * it, so it is what bounds a call's cost.
   */
  defaultMaxOutputTokens: z.int().min(16).max(200_000),
});
export type Budgets = z.infer<typeof Budgets>;

export const defaultBudgets = (): Budgets => ({
  globalDayUsd: null,
  globalMonthUsd: null,
  siteDayUsd: null,
  siteMonthUsd: null,
  perRequestUsd: null,
  sites: {},
  exemptModels: [],
  defaultMaxOutputTokens: 4096,
});
