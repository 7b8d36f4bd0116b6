import { beforeEach, describe, expect, it } from 'vitest';
import { appendUsage, closeLedger, openLedger } from '@/lib/ledger/db';
import { forgetUsage } from '@/lib/ledger/forget';
import { dailyCost, exportChunk, siteHistory, usageSummary } from '@/lib/ledger/queries';
import type { UsageRecord } from '@/lib/ledger/usage-record';

// Local noon, so "today" and "this month" are the same whatever zone the tests run in.
const NOW = new Date(2026, 10, 23, 12).getTime();
const DAY = 86_400_000;
const A = 'https://a.example';
const B = 'https://b.example';

function row(origin: string, time: number, cost: number | null, extra: Partial<UsageRecord> = {}): UsageRecord {
  return {
    time,
    origin,
    tabTitle: 'A page',
    model: 'openai/gpt-4o-mini',
    provider: 'openai',
    inputTokens: 10,
    outputTokens: 5,
    usageSource: 'reported',
    cost,
    ttftMs: 120,
    totalMs: 900,
    outcome: 'ok',
    error: null,
    ...extra,
  };
}

async function freshLedger() {
  await closeLedger();
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase('own-model-ledger');
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

const totalsKeys = async () => (await (await openLedger()).getAllKeys('totals')).sort();

beforeEach(freshLedger);

describe('usage summary from the running totals', () => {
  it('groups by site with today, this month and all time, and an overall row', async () => {
    await appendUsage(row(A, NOW - 1_000, 0.001));
    await appendUsage(row(A, NOW - 3 * DAY, 0.01)); // Nov 20: this month, not today
    await appendUsage(row(A, new Date(2026, 9, 5).getTime(), 0.1)); // October
    await appendUsage(row(B, NOW - 2_000, 0.002));

    const summary = await usageSummary(NOW);
    const a = summary.sites.find((s) => s.origin === A)!;
    expect(summary.sites.map((s) => s.origin).sort()).toEqual([A, B]);
    expect(a.today).toMatchObject({ requests: 1, usd: 0.001 });
    expect(a.month.requests).toBe(2);
    expect(a.month.usd).toBeCloseTo(0.011, 12);
    expect(a.ever).toMatchObject({ requests: 3, inputTokens: 30, outputTokens: 15 });
    expect(a.ever.usd).toBeCloseTo(0.111, 12);
    expect(a.lastAt).toBe(NOW - 1_000);
    expect(summary.overall.origin).toBeNull();
    expect(summary.overall.today.requests).toBe(2);
    expect(summary.overall.ever.usd).toBeCloseTo(0.113, 12);
  });

  it('reads only the totals, so a ledger whose records were removed still sums the same', async () => {
    for (let i = 0; i < 20; i++) await appendUsage(row(i % 2 ? A : B, NOW - i * 60_000, 0.0005));
    const before = await usageSummary(NOW);
    await (await openLedger()).clear('usage');
    expect(await usageSummary(NOW)).toEqual(before);
    expect(before.overall.ever.requests).toBe(20);
  });

  it('keeps origins that share a prefix apart: port and scheme make another site', async () => {
    const origins = ['https://a.example', 'https://a.example:8443', 'http://a.example', 'https://a.example.org'];
    for (const origin of origins) {
      await appendUsage(row(origin, NOW - 10, 0.001));
      await appendUsage(row(origin, NOW - 40 * DAY, 0.001));
    }
    const summary = await usageSummary(NOW);
    expect(summary.sites.map((s) => s.origin).sort()).toEqual([...origins].sort());
    for (const site of summary.sites) expect(site.ever.requests).toBe(2);
  });
});

describe('daily cost', () => {
  it('gives the last 30 calendar days, oldest first, with zeros where nothing was spent', async () => {
    await appendUsage(row(A, NOW - 1_000, 0.004));
    await appendUsage(row(A, NOW - 2_000, 0.001));
    await appendUsage(row(B, NOW - 29 * DAY, 0.02));
    await appendUsage(row(A, NOW - 30 * DAY, 5)); // one day too old for the chart

    const overall = await dailyCost(null, NOW);
    expect(overall).toHaveLength(30);
    expect(overall[0]).toEqual({ day: '2026-10-25', usd: 0.02, requests: 1 });
    expect(overall[29]!.day).toBe('2026-11-23');
    expect(overall[29]!.usd).toBeCloseTo(0.005, 12);
    expect(overall.slice(1, 29).every((d) => d.usd === 0 && d.requests === 0)).toBe(true);

    const a = await dailyCost(A, NOW);
    expect(a[0]!.usd).toBe(0);
    expect(a[29]!.requests).toBe(2);
  });
});

describe('a site’s request history', () => {
  it('lists only that site, newest first, and pages without skipping rows that share a millisecond', async () => {
    const times = [NOW - 5, NOW - 4, NOW - 4, NOW - 4, NOW - 3, NOW - 2, NOW - 1];
    for (const [i, time] of times.entries()) await appendUsage(row(A, time, 0.001, { tabTitle: `call ${i}` }));
    await appendUsage(row(B, NOW, 0.001));

    const seen: string[] = [];
    let before: number | null = null;
    let pages = 0;
    do {
      const page = await siteHistory(A, before, 3);
      expect(page.rows.every((r) => r.origin === A)).toBe(true);
      seen.push(...page.rows.map((r) => r.tabTitle));
      before = page.nextBefore;
      pages++;
    } while (before !== null && pages < 10);

    expect(seen).toHaveLength(times.length);
    expect(new Set(seen).size).toBe(times.length);
    expect(seen[0]).toBe('call 6');
    expect(seen.at(-1)).toBe('call 0');
  });
});

describe('export in chunks', () => {
  it('walks every record once, in the order written', async () => {
    for (let i = 0; i < 25; i++) await appendUsage(row(i % 3 ? A : B, NOW - i, 0.001));
    const ids: number[] = [];
    for (let after: number | null = null, n = 0; n < 20; n++) {
      const chunk = await exportChunk(after, 10);
      ids.push(...chunk.rows.map((r) => r.id!));
      if (chunk.nextAfterId === null) break;
      after = chunk.nextAfterId;
    }
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });
});

describe('deleting usage', () => {
  async function seedTwoSites() {
    await appendUsage(row(A, NOW - 1_000, 0.001)); // today
    await appendUsage(row(A, NOW - 3 * DAY, 0.01)); // this month
    await appendUsage(row(A, new Date(2026, 9, 5).getTime(), 0.1)); // October
    await appendUsage(row(B, NOW - 2_000, 0.002));
    await appendUsage(row(B, new Date(2026, 9, 5).getTime(), 0.2));
  }

  it('removes one site’s records and past totals, but keeps today’s and this month’s for budgets', async () => {
    await seedTwoSites();
    expect(await forgetUsage(A, NOW)).toEqual({ records: 3 });

    expect(await siteHistory(A, null)).toEqual({ rows: [], nextBefore: null });
    expect((await siteHistory(B, null)).rows).toHaveLength(2);
    expect((await totalsKeys()).filter((k) => k.startsWith(`site|${A}|`))).toEqual([
      `site|${A}|day|2026-11-23`,
      `site|${A}|ever`,
      `site|${A}|month|2026-11`,
    ]);

    const summary = await usageSummary(NOW);
    const a = summary.sites.find((s) => s.origin === A)!;
    expect(a.today).toMatchObject({ requests: 1, usd: 0.001 });
    expect(a.month.usd).toBeCloseTo(0.011, 12);
    // All time restarts from this month, so it never reads less than a period inside it.
    expect(a.ever).toEqual(a.month);
    // The overall rows lose what A's deleted rows added, and no more.
    expect(summary.overall.today.usd).toBeCloseTo(0.003, 12);
    expect(summary.overall.month.usd).toBeCloseTo(0.013, 12);
    expect(summary.overall.ever.usd).toBeCloseTo(0.011 + 0.202, 12);
    expect(summary.overall.ever.requests).toBe(2 + 2);
    expect((await dailyCost(null, NOW))[26]!.usd).toBe(0); // Nov 20 was only A's
  });

  it('removes every record with “all”, still keeping the current day and month rows', async () => {
    await seedTwoSites();
    expect(await forgetUsage(null, NOW)).toEqual({ records: 5 });
    expect(await exportChunk(null)).toEqual({ rows: [], nextAfterId: null });
    expect(await totalsKeys()).toEqual([
      'all|day|2026-11-23',
      'all|ever',
      'all|month|2026-11',
      `site|${A}|day|2026-11-23`,
      `site|${A}|ever`,
      `site|${A}|month|2026-11`,
      `site|${B}|day|2026-11-23`,
      `site|${B}|ever`,
      `site|${B}|month|2026-11`,
    ]);
    const summary = await usageSummary(NOW);
    expect(summary.overall.today.usd).toBeCloseTo(0.003, 12);
    expect(summary.overall.ever).toEqual(summary.overall.month);
  });

  it('counts new requests on top of what was kept', async () => {
    await seedTwoSites();
    await forgetUsage(A, NOW);
    await appendUsage(row(A, NOW, 0.5));
    const a = (await usageSummary(NOW)).sites.find((s) => s.origin === A)!;
    expect(a.today.requests).toBe(2);
    expect(a.ever.requests).toBe(3);
    expect(a.ever.usd).toBeCloseTo(0.511, 12);
  });
});
