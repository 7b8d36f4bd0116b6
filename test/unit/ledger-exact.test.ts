import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { limitsFor } from '@/lib/budgets/limits';
import { Budgets, defaultBudgets } from '@/lib/settings/budgets';
import { addToTotals, appendUsage, closeLedger, openLedger } from '@/lib/ledger/db';
import { NANOS_PER_USD, nanosUp } from '@/lib/ledger/nanos';
import { totalsKeysFor } from '@/lib/ledger/periods';
import { forgetUsage } from '@/lib/ledger/forget';
import { exportChunk, siteHistory, usageSummary } from '@/lib/ledger/queries';
import { growReservation, reserve, type ReserveRequest } from '@/lib/ledger/reserve';
import { openReservations, settle } from '@/lib/ledger/settle';
import { storedUsage, type UsageRecord } from '@/lib/ledger/usage-record';
import { resetLedger } from './ledger-test-deps';

const ORIGIN = 'https://app.example';
// Local noon, so "today" is the same day whatever zone the tests run in.
const AT = new Date(2026, 10, 23, 12).getTime();

function row(cost: number | null, over: Partial<UsageRecord> = {}): UsageRecord {
  return {
    time: AT,
    origin: ORIGIN,
    tabTitle: 'App',
    model: 'p/m',
    provider: 'p',
    inputTokens: 10,
    outputTokens: 20,
    usageSource: 'reported',
    cost,
    ttftMs: 5,
    totalMs: 9,
    outcome: 'ok',
    error: null,
    ...over,
  };
}

function request(over: Partial<ReserveRequest> = {}): ReserveRequest {
  return {
    origin: ORIGIN,
    model: 'p/m',
    provider: 'p',
    tabTitle: 'App',
    at: AT,
    keys: totalsKeysFor(ORIGIN, AT),
    priced: true,
    inputUsd: 0.001,
    outputUsdPerToken: 0.00001,
    maxOutputTokens: 100,
    minOutputTokens: 16,
    limits: [],
    perRequestUsd: null,
    ...over,
  };
}

/** A seeded generator, so a failing case can be replayed. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Every record, read back through the export path, in USD. */
async function everyRecord(): Promise<UsageRecord[]> {
  const rows: UsageRecord[] = [];
  for (let after: number | null = null; ;) {
    const chunk = await exportChunk(after, 10_000);
    rows.push(...chunk.rows);
    if (chunk.nextAfterId === null) return rows;
    after = chunk.nextAfterId;
  }
}

beforeEach(resetLedger);

describe('money in whole nano-dollars', () => {
  it('rounds a cost up to the next nano-dollar, and float noise on a whole one to that one', () => {
    expect(nanosUp((0.15 / 1e6) * 3)).toBe(450);
    expect(nanosUp(0.1)).toBe(100_000_000);
    expect(nanosUp(0.1 + 0.2)).toBe(300_000_000);
    expect(nanosUp(1e-7)).toBe(100);
    expect(nanosUp(1e-10)).toBe(1);
    expect(nanosUp((0.0375 / 1e6) * 7)).toBe(263); // 262.5 nano-dollars
    expect(nanosUp(0)).toBe(0);
    expect(() => nanosUp(-1e-9)).toThrow(/at least 0/);
    expect(() => nanosUp(Number.NaN)).toThrow(/finite/);
  });

  it('holds every limit a budget allows as an exact integer', () => {
    const largest = Budgets.shape.globalDayUsd.unwrap().maxValue!;
    expect(largest).toBe(1_000_000);
    expect(Number.isSafeInteger(nanosUp(largest))).toBe(true);
    // About $9 million: every limit, and every day's and month's total under one, stays exact.
    expect(Number.MAX_SAFE_INTEGER / NANOS_PER_USD).toBeGreaterThan(9 * largest);
  });

  it('keeps the totals of 100,000 awkward rows equal to the sum of the rows, to the nano-dollar', async () => {
    const random = seeded(14);
    const awkward = () => {
      const pick = random();
      if (pick < 0.2) return 0.1;
      if (pick < 0.4) return 0.2;
      if (pick < 0.5) return 1e-7;
      if (pick < 0.6) return null;
      // A price per million tokens times an odd count: 0.15/1e6 × 1,234,567 and the like.
      return ([0.15, 0.6, 2.5, 0.0375, 3][Math.floor(random() * 5)]! / 1e6) * (1 + 2 * Math.floor(random() * 500_000));
    };
    const records = Array.from({ length: 100_000 }, (_, i) =>
      row(awkward(), { time: AT - (i % 3) * 86_400_000, origin: i % 2 ? ORIGIN : 'https://b.example' }),
    );
    // The rows go through the same conversion and totals code as settle, in batches: one
    // transaction per row would take minutes on the in-memory IndexedDB.
    const db = await openLedger();
    for (let i = 0; i < records.length; i += 10_000) {
      const tx = db.transaction(['usage', 'totals'], 'readwrite');
      for (const record of records.slice(i, i + 10_000)) {
        const stored = storedUsage(record);
        await tx.objectStore('usage').add(stored);
        await addToTotals(tx.objectStore('totals'), [stored]);
      }
      await tx.done;
    }
    const read = await everyRecord();
    expect(read).toHaveLength(100_000);
    const exact = read.reduce((sum, r) => sum + BigInt(Math.round((r.cost ?? 0) * NANOS_PER_USD)), 0n);
    const total = (await db.get('totals', 'all|ever'))!.nanos;
    expect(BigInt(total)).toBe(exact);
    expect((await usageSummary(AT)).overall.ever.usd).toBe(Number(exact) / NANOS_PER_USD);
    // Each row is its cost rounded up, never down, by less than a nano-dollar.
    for (const [i, r] of read.entries()) {
      const cost = records[i]!.cost;
      if (cost === null) expect(r.cost).toBeNull();
      else expect(r.cost! * NANOS_PER_USD - cost * NANOS_PER_USD).toSatisfy((d: number) => d > -1e-6 && d < 1);
    }
    // The float sum the ledger used to keep drifts from the same rows.
    const floatSum = records.reduce((sum, r) => sum + (r.cost ?? 0), 0);
    expect(Math.round(floatSum * NANOS_PER_USD)).not.toBe(total);
  }, 240_000);

  it('keeps totals exact through the real write paths: refusals, settles and another site forgotten', async () => {
    await appendUsage(row(0.7, { origin: 'https://gone.example', time: AT - 40 * 86_400_000 }));
    let expected = 0;
    for (const cost of [0.1, 0.2, 1e-7, (0.15 / 1e6) * 12_345, 0.3]) {
      await appendUsage(row(cost, { outcome: 'denied' }));
      const held = await reserve(request());
      if (!held.ok) throw new Error('no hold');
      await settle(held.id, row(cost));
      expected += 2 * nanosUp(cost);
    }
    await forgetUsage('https://gone.example', AT);
    expect(await (await openLedger()).get('totals', `site|${ORIGIN}|ever`)).toMatchObject({
      nanos: expected,
      requests: 10,
    });
    expect(await (await openLedger()).get('totals', 'all|ever')).toMatchObject({ nanos: expected, requests: 10 });
    expect((await usageSummary(AT)).overall.today.usd).toBe(expected / NANOS_PER_USD);
  });
});

describe('growing a reservation', () => {
  const limitsOf = (globalDayUsd: number) => limitsFor({ ...defaultBudgets(), globalDayUsd }, ORIGIN, AT);

  it('grows an open hold within every limit, and counts the growth against the next reservation', async () => {
    const limits = limitsOf(0.01);
    const held = await reserve(request({ limits, inputUsd: 0.001, maxOutputTokens: 100 }));
    if (!held.ok) throw new Error('no hold');
    expect(held.usd).toBe(0.002);
    expect(await growReservation({ id: held.id, addUsd: 0.005, limits, perRequestUsd: null })).toEqual({
      ok: true,
      usd: 0.007,
    });
    expect((await openReservations())[0]!.nanos).toBe(7_000_000);
    // 0.003 left: a call holding 0.004 no longer fits.
    expect(
      await reserve(request({ limits, inputUsd: 0.002, maxOutputTokens: 200, minOutputTokens: 200 })),
    ).toMatchObject({ ok: false, spentUsd: 0.007 });
  });

  it('refuses growth past a limit, naming it, and changes nothing', async () => {
    const limits = limitsOf(0.01);
    const held = await reserve(request({ limits }));
    if (!held.ok) throw new Error('no hold');
    await appendUsage(row(0.005));
    const grown = await growReservation({ id: held.id, addUsd: 0.003 + 1e-9, limits, perRequestUsd: null });
    expect(grown).toEqual({
      ok: false,
      limit: expect.objectContaining({ name: 'the daily budget for all sites' }),
      spentUsd: 0.007,
    });
    expect((await openReservations())[0]!.nanos).toBe(2_000_000);
    expect(await growReservation({ id: held.id, addUsd: 0.003, limits, perRequestUsd: null })).toEqual({
      ok: true,
      usd: 0.005,
    });
  });

  it('keeps the whole hold, not just the growth, within the per-request maximum', async () => {
    const held = await reserve(request({ perRequestUsd: 0.005 }));
    if (!held.ok) throw new Error('no hold');
    const grown = await growReservation({ id: held.id, addUsd: 0.0031, limits: [], perRequestUsd: 0.005 });
    expect(grown).toMatchObject({ ok: false, limit: { name: 'the per-request maximum' }, spentUsd: 0.002 });
    expect(await growReservation({ id: held.id, addUsd: 0.003, limits: [], perRequestUsd: 0.005 })).toEqual({
      ok: true,
      usd: 0.005,
    });
  });

  it('lets only one of two concurrent growths have the last room', async () => {
    const limits = limitsOf(0.01);
    const [a, b] = await Promise.all([reserve(request({ limits })), reserve(request({ limits }))]);
    if (!a.ok || !b.ok) throw new Error('no hold');
    // 0.006 left; each wants 0.004.
    const results = await Promise.all([
      growReservation({ id: a.id, addUsd: 0.004, limits, perRequestUsd: null }),
      growReservation({ id: b.id, addUsd: 0.004, limits, perRequestUsd: null }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({
      limit: { name: 'the daily budget for all sites' },
      spentUsd: 0.008,
    });
    expect((await openReservations()).reduce((sum, r) => sum + r.nanos, 0)).toBe(8_000_000);
  });

  it('throws for a reservation that is no longer open, and holds nothing', async () => {
    const held = await reserve(request());
    if (!held.ok) throw new Error('no hold');
    await settle(held.id, row(0.001));
    await expect(growReservation({ id: held.id, addUsd: 0.001, limits: [], perRequestUsd: null })).rejects.toThrow(
      /no longer open/,
    );
    expect(await openReservations()).toEqual([]);
  });
});

describe('an overshoot on the settled row', () => {
  it('is stored exactly, read back in USD, and the totals count the whole cost', async () => {
    const held = await reserve(request());
    if (!held.ok) throw new Error('no hold');
    await settle(held.id, row(0.0123, { overshootUsd: 0.0103 }));
    const { rows } = await siteHistory(ORIGIN, null);
    expect(rows[0]).toMatchObject({ cost: 0.0123, overshootUsd: 0.0103 });
    expect((await (await openLedger()).getAll('usage'))[0]).toMatchObject({
      costNanos: 12_300_000,
      overshootNanos: 10_300_000,
    });
    expect((await usageSummary(AT)).overall.today.usd).toBe(0.0123);
  });
});

describe('the upgrade to nano-dollars', () => {
  it('converts rows, totals and open holds written in float USD, keeping what deleted rows counted', async () => {
    await closeLedger();
    const v2 = await openDB('own-model-ledger', 2, {
      upgrade(database) {
        const usage = database.createObjectStore('usage', { keyPath: 'id', autoIncrement: true });
        usage.createIndex('by-time', 'time');
        usage.createIndex('by-origin-time', ['origin', 'time']);
        database.createObjectStore('reservations', { keyPath: 'id', autoIncrement: true });
        database.createObjectStore('totals', { keyPath: 'key' });
      },
    });
    const costs = [0.1, 0.2, (0.15 / 1e6) * 3, null, (0.0375 / 1e6) * 7];
    let floatSum = 0;
    for (const cost of costs) {
      await v2.add('usage', row(cost));
      floatSum += cost ?? 0;
    }
    // A damaged amount must not keep the ledger from opening: it becomes unknown.
    await v2.add('usage', row(Number.NaN, { origin: 'https://damaged.example' }));
    // The site total also holds 0.05 from rows deleted since, as forgetting keeps this day's.
    const key = `site|${ORIGIN}|ever`;
    await v2.put('totals', { key, usd: floatSum + 0.05, requests: 6, inputTokens: 60, outputTokens: 120, lastAt: AT });
    await v2.put('totals', {
      key: 'all|ever',
      usd: floatSum,
      requests: 5,
      inputTokens: 50,
      outputTokens: 100,
      lastAt: AT,
    });
    await v2.add('reservations', {
      origin: ORIGIN,
      model: 'p/m',
      provider: 'p',
      tabTitle: 'App',
      createdAt: AT,
      usd: 0.0000012345,
      priced: true,
      keys: totalsKeysFor(ORIGIN, AT),
    });
    v2.close();

    const db = await openLedger();
    const rows = await db.getAll('usage');
    expect(rows.map((r) => r.costNanos)).toEqual([100_000_000, 200_000_000, 450, null, 263, null]);
    expect(rows.every((r) => !('cost' in r))).toBe(true);
    const sumOfRows = 300_000_713;
    expect(await db.get('totals', 'all|ever')).toEqual({
      key: 'all|ever',
      nanos: sumOfRows,
      requests: 5,
      inputTokens: 50,
      outputTokens: 100,
      lastAt: AT,
    });
    // Version 2 had no totals for the damaged row's site: they are built from its row.
    expect(await db.get('totals', 'site|https://damaged.example|ever')).toMatchObject({ nanos: 0, requests: 1 });
    expect(await db.get('totals', key)).toMatchObject({ nanos: sumOfRows + 50_000_000, requests: 6 });
    expect((await openReservations())[0]).toMatchObject({ nanos: 1235 });
    expect((await openReservations())[0]).not.toHaveProperty('usd');
    expect((await siteHistory(ORIGIN, null)).rows.map((r) => r.cost)).toEqual([
      0.000000263,
      null,
      0.00000045,
      0.2,
      0.1,
    ]);
    // Version 4 indexes each site's all-time row, the usage page's list of sites.
    expect((await usageSummary(AT)).sites.map((s) => [s.origin, s.ever.requests])).toEqual([
      [ORIGIN, 6],
      ['https://damaged.example', 1],
    ]);
  });
});
