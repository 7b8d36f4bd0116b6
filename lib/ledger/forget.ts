import { openLedger, totalsRow, type Totals } from './db';
import { totalsKey } from './periods';
import { scopeOf, scopePrefix } from './queries';

type Change = Pick<Totals, 'nanos' | 'requests' | 'inputTokens' | 'outputTokens'>;

// Money is whole nano-dollars, so what a site added to the overall rows comes off exactly; only
// totals converted from float dollars (ledger version 3) may differ by a rounded nano-dollar.
const minus = (row: Totals, by: Change): Totals => ({
  ...row,
  nanos: Math.max(0, row.nanos - by.nanos),
  requests: row.requests - by.requests,
  inputTokens: row.inputTokens - by.inputTokens,
  outputTokens: row.outputTokens - by.outputTokens,
});

const NOTHING: Change = { nanos: 0, requests: 0, inputTokens: 0, outputTokens: 0 };

/**
 * Deletes the records of one site (or of all, for null) and every total they made, except this
 * day's and this month's: budgets must still see what was spent today. The all-time row restarts
 * from this month's, so no period ever reads more than all time; the overall rows lose what the
 * site's deleted rows added, so the overall still equals the sum of the sites.
 */
export async function forgetUsage(origin: string | null, now: number, timeZone?: string): Promise<{ records: number }> {
  const tx = (await openLedger()).transaction(['usage', 'totals'], 'readwrite');
  const usage = tx.objectStore('usage');
  const totals = tx.objectStore('totals');
  let records = 0;
  if (origin === null) {
    records = await usage.count();
    await usage.clear();
  } else {
    const range = IDBKeyRange.bound([origin, -Infinity], [origin, Infinity]);
    for (let cursor = await usage.index('by-origin-time').openCursor(range); cursor; cursor = await cursor.continue()) {
      await cursor.delete();
      records++;
    }
  }

  const prefix = origin === null ? '' : scopePrefix(origin);
  const range = origin === null ? null : IDBKeyRange.bound(`${prefix}|`, `${prefix}|\uffff`);
  for (const row of await totals.getAll(range)) {
    const scope = scopeOf(totalsRow(row).site ?? null);
    const today = totalsKey(scope, { kind: 'day', at: now }, timeZone);
    const month = totalsKey(scope, { kind: 'month', at: now }, timeZone);
    const ever = totalsKey(scope, { kind: 'ever' }, timeZone);
    if (row.key === today || row.key === month) continue;
    const kept = row.key === ever ? await totals.get(month) : undefined;
    if (kept) await totals.put(totalsRow({ ...kept, key: ever }));
    else await totals.delete(row.key);
    // A single site's rows also live inside the overall rows of the same period.
    if (origin !== null) {
      const overallKey = `all${row.key.slice(prefix.length)}`;
      const overall = await totals.get(overallKey);
      if (overall) await totals.put(minus(overall, minus(row, kept ?? NOTHING)));
    }
  }
  await tx.done;
  return { records };
}
