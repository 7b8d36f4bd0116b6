// Bundled by test/e2e/usage-seed.ts and run in an extension page: the seeding plan's rows,
// written through the shared writer, so the totals are keyed by the ledger's own code.
import type { StoredUsage } from '../../../lib/ledger/usage-record';
import type { SeedPlan } from '../usage-seed';
import { writeUsageWithTotals } from './write-usage';

const DAY = 86_400_000;

function planRows({ records, sites, days, fields, origins }: SeedPlan): (i: number) => StoredUsage {
  const now = Date.now();
  return (i) => ({
    time: now - Math.floor(((records - i) / records) * days * DAY),
    origin: origins?.[i % origins.length] ?? `https://site-${String(i % sites).padStart(2, '0')}.example`,
    tabTitle: `Page ${i % 13}`,
    model: 'openai/gpt-4o-mini',
    provider: 'openai',
    inputTokens: 100 + (i % 400),
    outputTokens: 20 + (i % 300),
    usageSource: i % 17 === 0 ? 'estimated' : 'reported',
    // Money is stored in whole nano-dollars: $0.00011 is 110,000.
    costNanos: i % 50 === 0 ? null : ((i % 7) + 1) * 110_000,
    ttftMs: 150 + (i % 90),
    totalMs: 900 + (i % 2_000),
    outcome: i % 41 === 0 ? 'error' : 'ok',
    error: i % 41 === 0 ? 'The provider answered 503.' : null,
    ...fields,
  });
}

async function seedUsageLedger(plan: SeedPlan): Promise<{ records: number; totals: number; ms: number }> {
  const started = performance.now();
  const totals = await writeUsageWithTotals(plan.records, planRows(plan));
  return { records: plan.records, totals, ms: Math.round(performance.now() - started) };
}

Object.assign(globalThis, { seedUsageLedger });
