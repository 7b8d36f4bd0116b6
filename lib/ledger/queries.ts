import { openLedger, type Totals } from './db';
import { dayOf, periodKey, totalsKey, type Scope } from './periods';
import { usdOf } from './nanos';
import { usageRecordOf, type UsageRecord } from './usage-record';

/** What a scope spent in one period, in USD; zeros when nothing was recorded. */
export interface Sums {
  usd: number;
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

export interface ScopeUsage {
  /** null for the overall row. */
  origin: string | null;
  today: Sums;
  month: Sums;
  ever: Sums;
  /** 0 when the kept totals say nothing about the last use. */
  lastAt: number;
}

export interface UsageSummary {
  overall: ScopeUsage;
  sites: ScopeUsage[];
}

const ZERO: Sums = { usd: 0, requests: 0, inputTokens: 0, outputTokens: 0 };
const sums = (row: Totals | undefined): Sums =>
  row
    ? { usd: usdOf(row.nanos), requests: row.requests, inputTokens: row.inputTokens, outputTokens: row.outputTokens }
    : ZERO;

export function scopeOf(origin: string | null): Scope {
  return origin === null ? { kind: 'all' } : { kind: 'site', origin };
}

/** "all" or "site|<origin>": what every totals key of one scope begins with. */
export function scopePrefix(origin: string | null): string {
  return totalsKey(scopeOf(origin), { kind: 'ever' }).slice(0, -'|ever'.length);
}

/**
 * Per-site and overall spend from the running totals: six reads, whatever the number of records
 * or sites, so a large ledger opens as fast as a small one.
 */
export async function usageSummary(now: number, timeZone?: string): Promise<UsageSummary> {
  const tx = (await openLedger()).transaction('totals');
  const periods = [{ kind: 'day', at: now }, { kind: 'month', at: now }, { kind: 'ever' }] as const;
  // Three reads for every site (index entries sort by key, so by origin), three for the overall.
  const [[today, month, ever], bySite] = await Promise.all([
    Promise.all(periods.map((period) => tx.store.get(totalsKey({ kind: 'all' }, period, timeZone)))),
    Promise.all(periods.map((period) => tx.store.index('by-period').getAll(periodKey(period, timeZone)))),
  ]);
  const scope = (origin: string | null, rows: Array<Totals | undefined>): ScopeUsage => ({
    origin,
    today: sums(rows[0]),
    month: sums(rows[1]),
    ever: sums(rows[2]),
    lastAt: Math.max(...rows.map((row) => row?.lastAt ?? 0)),
  });
  const [todays, months] = bySite.slice(0, 2).map((rows) => new Map(rows.map((row) => [row.site, row])));
  // Every site that ever spent has an all-time row: they are the list.
  const sites = bySite[2]!.map((ever) => scope(ever.site!, [todays!.get(ever.site), months!.get(ever.site), ever]));
  return { overall: scope(null, [today, month, ever]), sites };
}

/** "2026-11-23" minus n calendar days, without the daylight-saving traps of subtracting hours. */
function daysBefore(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! - n)).toISOString().slice(0, 10);
}

export interface DailyCost {
  day: string;
  usd: number;
  requests: number;
}

/** Cost per calendar day for the last `days` days up to today, oldest first, zeros included. */
export async function dailyCost(
  origin: string | null,
  now: number,
  days = 30,
  timeZone?: string,
): Promise<DailyCost[]> {
  const today = dayOf(now, timeZone);
  const dates = Array.from({ length: days }, (_, i) => daysBefore(today, days - 1 - i));
  const who = scopePrefix(origin);
  const rows = await (
    await openLedger()
  ).getAll('totals', IDBKeyRange.bound(`${who}|day|${dates[0]}`, `${who}|day|${today}`));
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return dates.map((day) => {
    const row = byKey.get(`${who}|day|${day}`);
    return { day, usd: usdOf(row?.nanos ?? 0), requests: row?.requests ?? 0 };
  });
}

export interface HistoryPage {
  rows: UsageRecord[];
  /** Pass as `before` for the next, older page; null when there is none. */
  nextBefore: number | null;
}

/** One site's requests, newest first, at most `limit` strictly older than `before`. */
export async function siteHistory(origin: string, before: number | null, limit = 200): Promise<HistoryPage> {
  const tx = (await openLedger()).transaction('usage');
  const range = IDBKeyRange.bound([origin, -Infinity], [origin, before ?? Infinity], false, before !== null);
  const rows: UsageRecord[] = [];
  let cursor = await tx.store.index('by-origin-time').openCursor(range, 'prev');
  for (; cursor && rows.length < limit; cursor = await cursor.continue()) rows.push(usageRecordOf(cursor.value));
  if (!cursor) return { rows, nextBefore: null };
  // The next page starts strictly before the oldest millisecond shown, so rows sharing that
  // millisecond go to the next page whole rather than being split and half skipped.
  const oldest = rows.at(-1)!.time;
  const kept = rows.filter((row) => row.time > oldest);
  return kept.length > 0 ? { rows: kept, nextBefore: oldest + 1 } : { rows, nextBefore: oldest };
}

export interface ExportChunk {
  rows: UsageRecord[];
  /** Pass as `afterId` for the next chunk; null at the end. */
  nextAfterId: number | null;
}

/** Records in the order they were written, a chunk at a time so no message grows too large. */
export async function exportChunk(afterId: number | null, limit = 1_000): Promise<ExportChunk> {
  const range = afterId === null ? null : IDBKeyRange.lowerBound(afterId, true);
  const rows = (await (await openLedger()).getAll('usage', range, limit)).map(usageRecordOf);
  return { rows, nextAfterId: rows.length === limit ? rows.at(-1)!.id! : null };
}
