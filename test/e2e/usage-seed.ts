import { LEDGER_VERSION } from '../../lib/ledger/db';
import type { TestPage } from './harness';

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

/**
 * Writes records straight into the worker's ledger from an extension page (both share the
 * extension origin's IndexedDB), with the totals rows lib/ledger/db.ts addToTotals would have
 * kept for them, keyed as lib/ledger/periods.ts keys them. The worker must have created the
 * ledger first: opening it here at its version must not run an upgrade.
 */
export function seedLedger(page: TestPage, plan: SeedPlan): Promise<{ records: number; totals: number; ms: number }> {
  return page.evaluate(
    async ({ records, sites, days, fields, origins, version }) => {
      const started = performance.now();
      const format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
      const parts = (at: number) => Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
      // A site's rows also name the site and period, for the ledger's "by-period" index.
      const rowsFor = (origin: string, at: number) => {
        const p = parts(at);
        const periods = [`day|${p.year}-${p.month}-${p.day}`, `month|${p.year}-${p.month}`, 'ever'];
        return periods.flatMap((period) => [
          { key: `all|${period}` },
          { key: `site|${origin}|${period}`, site: origin, period },
        ]);
      };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('own-model-ledger', version);
        request.onupgradeneeded = () => {
          request.transaction!.abort();
          reject(new Error('the ledger did not exist yet: the worker creates it'));
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const now = Date.now();
      const span = days * 86_400_000;
      const totals = new Map<
        string,
        {
          key: string;
          nanos: number;
          requests: number;
          inputTokens: number;
          outputTokens: number;
          lastAt: number;
          site?: string;
          period?: string;
        }
      >();
      const tx = db.transaction(['usage', 'totals'], 'readwrite');
      const usage = tx.objectStore('usage');
      for (let i = 0; i < records; i++) {
        const origin = origins?.[i % origins.length] ?? `https://site-${String(i % sites).padStart(2, '0')}.example`;
        const time = now - Math.floor(((records - i) / records) * span);
        // Money is stored in whole nano-dollars: $0.00011 is 110,000.
        const generated = i % 50 === 0 ? null : ((i % 7) + 1) * 110_000;
        const row = {
          time,
          origin,
          tabTitle: `Page ${i % 13}`,
          model: 'openai/gpt-4o-mini',
          provider: 'openai',
          inputTokens: 100 + (i % 400),
          outputTokens: 20 + (i % 300),
          usageSource: i % 17 === 0 ? 'estimated' : 'reported',
          costNanos: generated,
          ttftMs: 150 + (i % 90),
          totalMs: 900 + (i % 2_000),
          outcome: i % 41 === 0 ? 'error' : 'ok',
          error: i % 41 === 0 ? 'The provider answered 503.' : null,
          ...fields,
        };
        usage.add(row);
        for (const named of rowsFor(row.origin, time)) {
          const t = totals.get(named.key) ?? {
            ...named,
            nanos: 0,
            requests: 0,
            inputTokens: 0,
            outputTokens: 0,
            lastAt: 0,
          };
          t.nanos += row.costNanos ?? 0;
          t.requests += 1;
          t.inputTokens += row.inputTokens;
          t.outputTokens += row.outputTokens;
          t.lastAt = Math.max(t.lastAt, time);
          totals.set(named.key, t);
        }
      }
      const store = tx.objectStore('totals');
      for (const t of totals.values()) store.put(t);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('seeding aborted'));
      });
      db.close();
      return { records, totals: totals.size, ms: Math.round(performance.now() - started) };
    },
    { ...plan, version: LEDGER_VERSION },
  );
}
