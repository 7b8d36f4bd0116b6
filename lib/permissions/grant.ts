/** What the user decided for a site. "allow-once" lives per tab; the others persist. */
export type GrantKind = 'allow-always' | 'allow-once' | 'deny';

export interface SiteGrant {
  origin: string;
  kind: 'allow-always' | 'deny';
  decidedAt: number;
  lastUsedAt: number | null;
  /** May the site pick its own model instead of the user's default. */
  allowModelChoice: boolean;
  /** A daily spend cap for this site in USD, set at consent; null for none. */
  dailyBudgetUsd: number | null;
}

/** The answer the consent window gives for one origin's waiting calls. */
export interface ConsentDecision {
  decision: GrantKind;
  allowModelChoice: boolean;
  dailyBudgetUsd: number | null;
}
