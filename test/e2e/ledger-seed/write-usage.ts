// Runs in an extension page, bundled with the extension's own ledger code: the bench's probe
// (bench/ledger-probe.ts) and the end-to-end tests' seeding (test/e2e/usage-seed.ts) both fill
// the worker's ledger through it, with the totals rows appendUsage would have kept.
import { addToTotals, openLedger, type Totals } from '../../../lib/ledger/db';
import type { StoredUsage } from '../../../lib/ledger/usage-record';

const BATCH = 10_000;

/**
 * Adds `count` rows, the i-th made by `rowAt(i)`, and the running totals they count toward
 * (lib/ledger/db.ts `addToTotals`). The totals are summed in memory and written once: a
 * row-by-row seed of 100,000 records would take minutes. Returns how many totals rows there are.
 */
export async function writeUsageWithTotals(count: number, rowAt: (i: number) => StoredUsage): Promise<number> {
  const db = await openLedger();
  const sums = new Map<string, Totals>();
  for (const row of await db.getAll('totals')) sums.set(row.key, row);
  const inMemory = { get: async (key: string) => sums.get(key), put: async (row: Totals) => sums.set(row.key, row) };
  for (let i = 0; i < count;) {
    const rows: StoredUsage[] = [];
    const tx = db.transaction('usage', 'readwrite');
    for (const end = Math.min(count, i + BATCH); i < end; i++) {
      const row = rowAt(i);
      void tx.store.add(row);
      rows.push(row);
    }
    await tx.done;
    await addToTotals(inMemory, rows);
  }
  const tx = db.transaction('totals', 'readwrite');
  for (const row of sums.values()) void tx.store.put(row);
  await tx.done;
  return sums.size;
}
