/** What the user decided for a site. "allow-once" lives per tab; the others persist. */
export type GrantKind = 'allow-always' | 'allow-once' | 'deny';

export interface SiteGrant {
  origin: string;
  kind: 'allow-always' | 'deny';
  decidedAt: number;
  lastUsedAt: number | null;
  /** May the site pick its own model instead of the user's default. */
  allowModelChoice: boolean;
}

/**
 * A grant as older versions stored it, with the daily budget chosen at consent on it. The
 * budget's one home is now settings.budgets.sites; moveGrantBudgets takes it there.
 */
export interface LegacySiteGrant extends SiteGrant {
  dailyBudgetUsd?: number | null;
}

/** The answer the consent window gives for one origin's waiting calls. */
export interface ConsentDecision {
  decision: GrantKind;
  allowModelChoice: boolean;
  /** A daily limit for the site, kept in settings.budgets.sites, not on the grant; null for none. */
  dailyBudgetUsd: number | null;
}
