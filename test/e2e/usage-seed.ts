import type { TestPage } from './harness';
import { bundleForPage } from './harness/page-bundle';

export interface SeedPlan {
  records: number;
  sites: number;
  /** Records spread evenly over this many days up to now. */
  days: number;
  /** The sites, in turn; by default `sites` made-up origins. */
  origins?: string[];
  /** Fields every record takes instead of the generated ones, e.g. its money in nano-dollars. */
  fields?: { costNanos?: number | null; overshootNanos?: number; origin?: string };
}

let pageScript: Promise<string> | undefined;

/** The page side (ledger-seed/page.ts) with the ledger code it uses, bundled once a run. */
function seedingScript(): Promise<string> {
  return (pageScript ??= bundleForPage(new URL('./ledger-seed/page.ts', import.meta.url)));
}

/**
 * Writes records straight into the worker's ledger from an extension page (both share the
 * extension origin's IndexedDB), with the totals rows the ledger's own addToTotals keeps for
 * them, through the same writer as the bench (ledger-seed/write-usage.ts).
 */
export async function seedLedger(
  page: TestPage,
  plan: SeedPlan,
): Promise<{ records: number; totals: number; ms: number }> {
  await page.runScript(await seedingScript());
  return page.evaluate(
    (p) =>
      (
        globalThis as unknown as {
          seedUsageLedger(p: SeedPlan): Promise<{ records: number; totals: number; ms: number }>;
        }
      ).seedUsageLedger(p),
    plan,
  );
}
