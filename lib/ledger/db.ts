import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { NANOS_PER_USD, nanosUp } from './nanos';
import { totalsKeysFor } from './periods';
import { storedUsage, usageRecordOf, type StoredUsage, type UsageRecord } from './usage-record';

/** Money held for a call in flight: its most possible cost, until the call settles. */
export interface Reservation {
  id?: number;
  origin: string;
  model: string;
  createdAt: number;
  /** The hold, in nano-dollars (see nanos.ts). */
  nanos: number;
  /** False while the model's price is unknown: then `nanos` is 0 and cost stays unknown. */
  priced: boolean;
  /** The totals rows the reservation counts against while open. */
  keys: string[];
  /** Written at most every few seconds while streaming, never per chunk: what a crash loses. */
  progress?: { inputTokens: number; outputTokens: number; at: number };
  tabTitle: string;
  provider: string;
}

/** Spend and counts that one scope and period add up to, kept as calls settle. */
export interface Totals {
  key: string;
  /** Settled spend in nano-dollars (see nanos.ts): exactly the sum of the rows counted. */
  nanos: number;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  lastAt: number;
  /** On a site's rows only: its origin and the period, the keys of the "by-period" index. */
  site?: string;
  period?: string;
}

export interface LedgerDB extends DBSchema {
  usage: {
    key: number;
    value: StoredUsage;
    indexes: { 'by-time': number; 'by-origin-time': [string, number] };
  };
  reservations: { key: number; value: Reservation };
  totals: { key: string; value: Totals; indexes: { 'by-period': string } };
}

export const LEDGER_VERSION = 4;
let db: Promise<IDBPDatabase<LedgerDB>> | undefined;

type UpgradeTx = IDBPTransaction<LedgerDB, StoreNames<LedgerDB>[], 'versionchange'>;

const SITE_ROW = /^site\|([^|]+)\|(.+)$/;

/** A totals row as stored: a site's row names its site and period, for the usage page to read every site's at once. */
export function totalsRow(row: Totals): Totals {
  const [, site, period] = SITE_ROW.exec(row.key) ?? [];
  return site === undefined ? row : { ...row, site, period };
}

/**
 * Adds settled rows to every totals row they count toward, inside the caller's transaction: one
 * round of reads and one of writes, however many rows and keys, as each round trip waits its
 * turn on a busy worker.
 */
export async function addToTotals(
  store: { get(k: string): Promise<Totals | undefined>; put(v: Totals): Promise<unknown> },
  rows: StoredUsage[],
): Promise<void> {
  const counted = rows.map((row) => [row, totalsKeysFor(row.origin, row.time)] as const);
  const keys = [...new Set(counted.flatMap(([, rowKeys]) => rowKeys))];
  const read = await Promise.all(keys.map((key) => store.get(key)));
  const sums = new Map(
    keys.map((key, i) => [
      key,
      read[i] ?? totalsRow({ key, nanos: 0, requests: 0, inputTokens: 0, outputTokens: 0, lastAt: 0 }),
    ]),
  );
  for (const [row, rowKeys] of counted) {
    for (const key of rowKeys) {
      const current = sums.get(key)!;
      sums.set(key, {
        ...current,
        nanos: current.nanos + (row.costNanos ?? 0),
        requests: current.requests + 1,
        inputTokens: current.inputTokens + row.inputTokens,
        outputTokens: current.outputTokens + row.outputTokens,
        lastAt: Math.max(current.lastAt, row.time),
      });
    }
  }
  await Promise.all([...sums.values()].map((totals) => store.put(totals)));
}

const upgrades: Record<number, (database: IDBPDatabase<LedgerDB>, tx: UpgradeTx) => Promise<void> | void> = {
  1(database) {
    const usage = database.createObjectStore('usage', { keyPath: 'id', autoIncrement: true });
    usage.createIndex('by-time', 'time');
    usage.createIndex('by-origin-time', ['origin', 'time']);
  },
  // Version 2 keeps running totals and reservations; version 3 builds the totals of the rows
  // written by version 1.
  2(database) {
    database.createObjectStore('reservations', { keyPath: 'id', autoIncrement: true });
    database.createObjectStore('totals', { keyPath: 'key' });
  },
  // Version 3 keeps money in whole nano-dollars.
  3: (_database, tx) => moneyToNanos(tx),
  // Version 4 indexes the sites' rows by period: the usage page reads every site's today, month
  // and all time in three reads, where it stepped a cursor from one site to the next and read each.
  4: async (_database, tx) => {
    const totals = tx.objectStore('totals');
    totals.createIndex('by-period', 'period');
    for (
      let cursor = await totals.openCursor(IDBKeyRange.bound('site|', 'site|\uffff'));
      cursor;
      cursor = await cursor.continue()
    ) {
      await cursor.update(totalsRow(cursor.value));
    }
  },
};

/** A row, a total and a hold as versions 1 and 2 kept them: money in float USD. */
type FloatRow = UsageRecord & { id: number };
type FloatTotals = Omit<Totals, 'nanos'> & { usd: number };
type FloatReservation = Omit<Reservation, 'nanos'> & { usd: number };

// An amount no version could have written (negative, NaN) must not stop the ledger opening:
// it is kept as unknown rather than failing the upgrade, which would leave every call unrecorded.
const amountOrNull = (usd: number | null): number | null =>
  usd !== null && Number.isFinite(usd) && usd >= 0 ? usd : null;

/**
 * Each row's cost becomes whole nano-dollars, rounded up. Each total becomes the exact sum of
 * the rows it still has, plus what it counted of rows deleted since (deleting keeps this day's
 * and month's totals), rounded to the nearest nano-dollar. The float totals were summed in the
 * order the rows were written, the order they are read here, so a total whose rows are all
 * present has nothing left over and equals the sum of its rows exactly. Rows without totals
 * (version 1 kept none) get them. Open holds round up.
 */
async function moneyToNanos(tx: UpgradeTx): Promise<void> {
  const rebuilt = new Map<string, Totals>();
  const inMemory = {
    get: async (key: string) => rebuilt.get(key),
    put: async (row: Totals) => rebuilt.set(row.key, row),
  };
  const floatSums = new Map<string, number>();
  for (let cursor = await tx.objectStore('usage').openCursor(); cursor; cursor = await cursor.continue()) {
    const old = cursor.value as unknown as FloatRow;
    const row = storedUsage({ ...old, cost: amountOrNull(old.cost) });
    await cursor.update({ ...row, id: old.id });
    await addToTotals(inMemory, [row]);
    for (const key of totalsKeysFor(row.origin, row.time))
      floatSums.set(key, (floatSums.get(key) ?? 0) + (amountOrNull(old.cost) ?? 0));
  }
  const totals = tx.objectStore('totals');
  for (let cursor = await totals.openCursor(); cursor; cursor = await cursor.continue()) {
    const { usd, ...old } = cursor.value as unknown as FloatTotals;
    const deleted = Math.max(0, Math.round(((amountOrNull(usd) ?? 0) - (floatSums.get(old.key) ?? 0)) * NANOS_PER_USD));
    await cursor.update({ ...old, nanos: (rebuilt.get(old.key)?.nanos ?? 0) + deleted });
    rebuilt.delete(old.key);
  }
  for (const row of rebuilt.values()) await totals.put(row);
  for (let cursor = await tx.objectStore('reservations').openCursor(); cursor; cursor = await cursor.continue()) {
    const { usd, ...old } = cursor.value as unknown as FloatReservation;
    await cursor.update({ ...old, nanos: nanosUp(amountOrNull(usd) ?? 0) });
  }
}

export function openLedger(): Promise<IDBPDatabase<LedgerDB>> {
  return (db ??= openDB<LedgerDB>('own-model-ledger', LEDGER_VERSION, {
    async upgrade(database, oldVersion, _newVersion, tx) {
      for (let version = oldVersion + 1; version <= LEDGER_VERSION; version++) await upgrades[version]!(database, tx);
    },
  }));
}

/** Closes the connection; tests reopen the database at another version after it. */
export async function closeLedger(): Promise<void> {
  const open = db;
  db = undefined;
  (await open)?.close();
}

/** A row with no reservation behind it (refusals), written with its totals in one transaction. */
export async function appendUsage(record: UsageRecord): Promise<number> {
  const row = storedUsage(record);
  const tx = (await openLedger()).transaction(['usage', 'totals'], 'readwrite');
  const [id] = await Promise.all([tx.objectStore('usage').add(row), addToTotals(tx.objectStore('totals'), [row])]);
  await tx.done;
  return id;
}

/** The newest records first, at most `limit` of them. */
export async function recentUsage(limit = 50): Promise<UsageRecord[]> {
  const tx = (await openLedger()).transaction('usage');
  const rows: UsageRecord[] = [];
  for (
    let cursor = await tx.store.index('by-time').openCursor(null, 'prev');
    cursor && rows.length < limit;
    cursor = await cursor.continue()
  ) {
    rows.push(usageRecordOf(cursor.value));
  }
  return rows;
}
