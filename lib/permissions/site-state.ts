import { z } from 'zod';

/** An http(s) origin exactly as URL.origin spells it, so lookups never miss on spelling. */
export const SiteOrigin = z
  .string()
  .max(300)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'an origin reads scheme://host[:port], e.g. https://example.com');

export const GrantChoice = z.enum(['allow-always', 'ask', 'deny']);
export type GrantChoice = z.infer<typeof GrantChoice>;

export const ConsentAnswer = z.strictObject({
  id: z.string().min(1).max(64),
  decision: z.enum(['allow-once', 'allow-always', 'deny']),
  allowModelChoice: z.boolean(),
  dailyBudgetUsd: z.number().positive().max(100_000).nullable(),
});
export type ConsentAnswer = z.infer<typeof ConsentAnswer>;

/** A site as the popup and options pages show it. */
export interface SiteState {
  origin: string;
  grant: GrantChoice;
  allowModelChoice: boolean;
  decidedAt: number | null;
  lastUsedAt: number | null;
  muted: boolean;
}
