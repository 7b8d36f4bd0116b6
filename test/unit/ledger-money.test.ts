import { openDB } from 'idb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { limitsFor } from '@/lib/budgets/limits';
import { defaultBudgets } from '@/lib/settings/budgets';
import { closeLedger, openLedger } from '@/lib/ledger/db';
import { dayOf, monthOf, totalsKey, totalsKeysFor } from '@/lib/ledger/periods';
import { reserve, type ReserveRequest } from '@/lib/ledger/reserve';
import { openReservations, reconcileStale, settle } from '@/lib/ledger/settle';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import { resetLedger } from './ledger-test-deps';

const ORIGIN = 'https://app.example';
const AT = Date.UTC(2026, 10, 23, 12, 0, 0);

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

function row(cost: number, over: Partial<UsageRecord> = {}): UsageRecord {
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

/** A seeded generator, so a failing case can be replayed. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe('write-ahead reservations', () => {
  beforeEach(resetLedger);

  it('never lets concurrent requests overspend a limit, and settled totals equal the sum of the rows', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      await resetLedger();
      const random = seeded(seed);
      const limitUsd = 0.05 + random() * 0.05;
      const limits = limitsFor({ ...defaultBudgets(), globalDayUsd: limitUsd }, ORIGIN, AT);
      const n = 40 + Math.floor(random() * 40);
      const results = await Promise.all(
        Array.from({ length: n }, () =>
          reserve(
            request({
              limits,
              inputUsd: random() * 0.002,
              outputUsdPerToken: 0.00001 + random() * 0.00003,
              maxOutputTokens: 50 + Math.floor(random() * 200),
            }),
          ),
        ),
      );
      const admitted = results.filter((r) => r.ok);
      const held = admitted.reduce((sum, r) => sum + (r.ok ? r.usd : 0), 0);
      expect(held).toBeLessThanOrEqual(limitUsd + 1e-12);
      expect(admitted.length).toBeGreaterThan(0);
      expect(results.some((r) => !r.ok)).toBe(true);
      // Each call spends a random part of what it held.
      let spent = 0;
      await Promise.all(
        admitted.map((r) => {
          const cost = r.ok ? r.usd * random() : 0;
          spent += cost;
          return settle(r.ok ? r.id : 0, row(cost));
        }),
      );
      const db = await openLedger();
      const totals = await db.get('totals', totalsKey({ kind: 'all' }, { kind: 'day', at: AT }));
      const rows = await db.getAll('usage');
      expect(rows).toHaveLength(admitted.length);
      expect(totals!.nanos).toBe(rows.reduce((sum, r) => sum + r.costNanos!, 0));
      // Each cost rounds up to the nano-dollar, never down.
      expect(totals!.nanos).toBeGreaterThanOrEqual(spent * 1e9);
      expect(totals!.nanos).toBeLessThanOrEqual(spent * 1e9 + rows.length);
      expect(totals!.nanos).toBeLessThanOrEqual(limitUsd * 1e9);
      expect(await openReservations()).toEqual([]);
    }
  });

  it('reservations and settlements that arrive together share a few transactions, each answered after the commit', async () => {
    const opened = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const limits = limitsFor({ ...defaultBudgets(), globalDayUsd: 1 }, ORIGIN, AT);
    const results = await Promise.all(Array.from({ length: 50 }, () => reserve(request({ limits }))));
    const reserving = opened.mock.calls.filter(([, mode]) => mode === 'readwrite').length;
    expect(results.every((r) => r.ok)).toBe(true);
    // Every hold is on disk by the time its call hears of it.
    expect(await openReservations()).toHaveLength(50);
    opened.mockClear();
    await Promise.all(results.map((r) => settle(r.ok ? r.id : 0, row(0.001))));
    const settling = opened.mock.calls.filter(([, mode]) => mode === 'readwrite').length;
    opened.mockRestore();
    // The first goes alone, at once; the rest share the next transaction.
    expect(reserving).toBeLessThanOrEqual(3);
    expect(settling).toBeLessThanOrEqual(3);
    expect(await openReservations()).toEqual([]);
    expect(await (await openLedger()).count('usage')).toBe(50);
  });

  it('a settlement that cannot be written fails alone; the others of its transaction are written once', async () => {
    const held = await Promise.all(Array.from({ length: 5 }, () => reserve(request())));
    const outcomes = await Promise.allSettled(
      held.map((r, i) =>
        settle(
          r.ok ? r.id : 0,
          i === 2 ? row(0.001, { prompt: (() => 'not cloneable') as unknown as string }) : row(0.001),
        ),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await (await openLedger()).count('usage')).toBe(4);
    // The one that failed keeps its hold, to be charged in full if nothing settles it.
    expect((await openReservations()).map((r) => r.id)).toEqual([held[2]!.ok ? held[2]!.id : -1]);
  });

  it('refuses naming the tightest limit, counting open reservations as spent', async () => {
    const limits = limitsFor({ ...defaultBudgets(), siteDayUsd: 0.01, globalMonthUsd: 5 }, ORIGIN, AT);
    const first = await reserve(request({ limits, inputUsd: 0.004, outputUsdPerToken: 0.00001, maxOutputTokens: 200 }));
    expect(first).toMatchObject({ ok: true, usd: 0.006 });
    const second = await reserve(
      request({ limits, inputUsd: 0.0039, outputUsdPerToken: 0.00001, maxOutputTokens: 200 }),
    );
    // 0.004 left: 0.0039 of input leaves room for 10 output tokens, under the 16-token floor.
    expect(second).toMatchObject({ ok: false, limit: { name: `the daily budget for ${ORIGIN}`, usd: 0.01 } });
    expect(second.ok ? 0 : second.spentUsd).toBeCloseTo(0.006, 10);
  });

  it('shrinks the output cap to what the budget still allows, and says which limit did it', async () => {
    const limits = limitsFor({ ...defaultBudgets(), globalDayUsd: 0.002 }, ORIGIN, AT);
    const result = await reserve(
      request({ limits, inputUsd: 0.001, outputUsdPerToken: 0.00001, maxOutputTokens: 4096 }),
    );
    expect(result).toMatchObject({
      ok: true,
      maxOutputTokens: 100,
      limitedBy: { name: 'the daily budget for all sites' },
    });
  });

  it('applies the per-request maximum on its own', async () => {
    const result = await reserve(request({ perRequestUsd: 0.0005, inputUsd: 0.001 }));
    expect(result).toMatchObject({ ok: false, limit: { name: 'the per-request maximum' } });
  });

  it('settles every stale reservation once as interrupted, at its reserved cost, and leaves newer ones', async () => {
    const old = await reserve(request({ at: AT - 1000 }));
    const young = await reserve(request({ at: AT + 1000 }));
    expect(old.ok && young.ok).toBe(true);
    expect(await reconcileStale(AT)).toBe(1);
    expect(await reconcileStale(AT)).toBe(0);
    const db = await openLedger();
    const rows = await db.getAll('usage');
    expect(rows).toEqual([
      expect.objectContaining({ outcome: 'interrupted', costNanos: old.ok ? old.usd * 1e9 : -1, time: AT - 1000 }),
    ]);
    expect((await openReservations()).map((r) => r.createdAt)).toEqual([AT + 1000]);
    const siteDay = await db.get('totals', totalsKey({ kind: 'site', origin: ORIGIN }, { kind: 'day', at: AT }));
    expect(siteDay).toMatchObject({ requests: 1 });
    expect(siteDay!.nanos).toBe(old.ok ? old.usd * 1e9 : -1);
  });

  it('leaves the cost of an interrupted call unknown when its price was unknown', async () => {
    await reserve(request({ priced: false, inputUsd: 0, outputUsdPerToken: 0 }));
    await reconcileStale(AT + 1);
    expect((await (await openLedger()).getAll('usage'))[0]).toMatchObject({ outcome: 'interrupted', costNanos: null });
  });

  it('builds the totals of rows written before version 2 when it upgrades', async () => {
    await closeLedger();
    const v1 = await openDB('own-model-ledger', 1, {
      upgrade(database) {
        const usage = database.createObjectStore('usage', { keyPath: 'id', autoIncrement: true });
        usage.createIndex('by-time', 'time');
        usage.createIndex('by-origin-time', ['origin', 'time']);
      },
    });
    await v1.add('usage', row(0.25));
    await v1.add('usage', row(0.5, { origin: 'https://other.example' }));
    v1.close();
    const db = await openLedger();
    expect(await db.get('totals', 'all|ever')).toMatchObject({ requests: 2, nanos: 750_000_000 });
    expect(await db.get('totals', `site|${ORIGIN}|ever`)).toMatchObject({ requests: 1, nanos: 250_000_000 });
    expect(await db.getAll('reservations')).toEqual([]);
  });
});

describe('days and months in the user’s time zone', () => {
  // 2026-11-30 23:30 in Los Angeles is already 2026-12-01 in UTC and in Kolkata.
  const lateNovemberInLA = Date.UTC(2026, 11, 1, 7, 30);

  it('rolls the day and the month over at local midnight', () => {
    expect(dayOf(lateNovemberInLA, 'America/Los_Angeles')).toBe('2026-11-30');
    expect(monthOf(lateNovemberInLA, 'America/Los_Angeles')).toBe('2026-11');
    expect(dayOf(lateNovemberInLA, 'Asia/Kolkata')).toBe('2026-12-01');
    expect(monthOf(lateNovemberInLA, 'Asia/Kolkata')).toBe('2026-12');
    // Half an hour later it is December in Los Angeles too.
    expect(monthOf(lateNovemberInLA + 30 * 60_000, 'America/Los_Angeles')).toBe('2026-12');
  });

  it('puts a call just before local midnight in that day’s budget, not the next', () => {
    const limits = limitsFor(
      { ...defaultBudgets(), siteDayUsd: 1, globalMonthUsd: 10 },
      ORIGIN,
      lateNovemberInLA,
      'America/Los_Angeles',
    );
    expect(limits.map((l) => l.key)).toEqual([`site|${ORIGIN}|day|2026-11-30`, 'all|month|2026-11']);
    const india = limitsFor(
      { ...defaultBudgets(), siteDayUsd: 1, globalMonthUsd: 10 },
      ORIGIN,
      lateNovemberInLA,
      'Asia/Kolkata',
    );
    expect(india.map((l) => l.key)).toEqual([`site|${ORIGIN}|day|2026-12-01`, 'all|month|2026-12']);
  });

  it('prefers a site’s own limit over the default for every site', () => {
    const budgets = { ...defaultBudgets(), siteDayUsd: 1, sites: { [ORIGIN]: { dayUsd: 0.25, monthUsd: null } } };
    expect(limitsFor(budgets, ORIGIN, AT)).toEqual([
      expect.objectContaining({ usd: 0.25, name: `the daily budget for ${ORIGIN}` }),
    ]);
    expect(limitsFor(budgets, 'https://b.example', AT)).toEqual([expect.objectContaining({ usd: 1 })]);
  });
});

describe('money as people read it, one way on every page', () => {
  it.each([
    [0, '$0.00'],
    [null, 'unknown'],
    [0.00002, '$0.00002'],
    [0.0000012345, '$0.0000012'],
    [0.00123456, '$0.0012'],
    [0.0031, '$0.0031'],
    [0.016, '$0.016'],
    [0.3, '$0.30'],
    [0.35, '$0.35'],
    [4.2, '$4.20'],
    [1234.5, '$1,234.50'],
    [0.00000001, '<$0.0000001'],
  ])('%s → %s', async (amount, text) => {
    const { formatUsd } = await import('@/lib/budgets/money');
    expect(formatUsd(amount)).toBe(text);
  });

  it('is the same function the usage page formats with', async () => {
    const [{ formatUsd: budgets }, { formatUsd: usage }] = await Promise.all([
      import('@/lib/budgets/money'),
      import('@/components/usage/format'),
    ]);
    expect(usage).toBe(budgets);
  });
});
