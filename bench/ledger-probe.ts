// Bundled by the bench and evaluated in an extension page, so the figures come from the
// extension's own ledger code and its real IndexedDB database, in the extension's origin.
import { appendUsage, openLedger } from '../lib/ledger/db';
import { usageSummary } from '../lib/ledger/queries';
import { storedUsage, usageRecordOf, type UsageRecord } from '../lib/ledger/usage-record';
import { writeUsageWithTotals } from '../test/e2e/ledger-seed/write-usage';

const SITES = 200;

function record(i: number, time: number): UsageRecord {
  return {
    time,
    origin: `https://site-${i % SITES}.example`,
    tabTitle: `Page ${i}`,
    model: 'bench/bench-model',
    provider: 'bench',
    inputTokens: 100 + (i % 50),
    outputTokens: 200 + (i % 70),
    usageSource: 'reported',
    cost: 0.0001 * (1 + (i % 7)),
    ttftMs: 120,
    totalMs: 900,
    outcome: 'ok',
    error: null,
  };
}

/** appendUsage as the gateway calls it: one awaited write per finished request. */
async function recordRequests(count: number): Promise<number[]> {
  const times: number[] = [];
  const base = Date.now();
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await appendUsage(record(i, base + i));
    times.push(performance.now() - started);
  }
  return times;
}

/** The same rows written with bare IndexedDB, one transaction each: the baseline. */
async function recordRequestsBare(count: number): Promise<number[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('own-model-bench-bare', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('usage', { keyPath: 'id', autoIncrement: true });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const times: number[] = [];
  const base = Date.now();
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('usage', 'readwrite');
      tx.objectStore('usage').add(record(i, base + i));
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    times.push(performance.now() - started);
  }
  db.close();
  return times;
}

/** Fills the ledger to `total` rows, with the running totals appendUsage would have left. */
async function seed(total: number): Promise<number> {
  const db = await openLedger();
  const have = await db.count('usage');
  const now = Date.now();
  await writeUsageWithTotals(total - have, (i) => storedUsage(record(have + i, now - ((have + i) % 30) * 86_400_000)));
  return db.count('usage');
}

interface SiteTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

function groupBySite(rows: UsageRecord[]): Map<string, SiteTotals> {
  const sites = new Map<string, SiteTotals>();
  for (const row of rows) {
    let site = sites.get(row.origin);
    if (!site) sites.set(row.origin, (site = { requests: 0, inputTokens: 0, outputTokens: 0, cost: 0 }));
    site.requests++;
    site.inputTokens += row.inputTokens;
    site.outputTokens += row.outputTokens;
    site.cost += row.cost ?? 0;
  }
  return sites;
}

/** The usage page's query: per-site sums from the running totals. */
async function summary(): Promise<{ ms: number; sites: number }> {
  const started = performance.now();
  const { sites } = await usageSummary(Date.now());
  return { ms: performance.now() - started, sites: sites.length };
}

/** The same view without running totals: read every record, then group. */
async function groupAll(): Promise<{ ms: number; rows: number; sites: number }> {
  const started = performance.now();
  const rows = (await (await openLedger()).getAll('usage')).map(usageRecordOf);
  const sites = groupBySite(rows);
  return { ms: performance.now() - started, rows: rows.length, sites: sites.size };
}

(globalThis as unknown as { benchLedger: unknown }).benchLedger = {
  recordRequests,
  recordRequestsBare,
  seed,
  summary,
  groupAll,
};
