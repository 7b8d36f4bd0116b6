import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { totalsKeysFor } from './periods';
import type { UsageRecord } from './usage-record';

/** Money held for a call in flight: its most possible cost, until the call settles. */
export interface Reservation {
  id?: number;
  origin: string;
  model: string;
  createdAt: number;
  usd: number;
  /** False while the model's price is unknown: then `usd` is 0 and cost stays unknown. */
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
  usd: number;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  lastAt: number;
}

export interface LedgerDB extends DBSchema {
  usage: {
    key: number;
    value: UsageRecord;
    indexes: { 'by-time': number; 'by-origin-time': [string, number] };
  };
  reservations: { key: number; value: Reservation };
  totals: { key: string; value: Totals };
}

export const LEDGER_VERSION = 2;
let db: Promise<IDBPDatabase<LedgerDB>> | undefined;

type UpgradeTx = IDBPTransaction<LedgerDB, StoreNames<LedgerDB>[], 'versionchange'>;

/** Adds one settled row to every totals row it counts toward, inside the caller's transaction. */
export async function addToTotals(store: { get(k: string): Promise<Totals | undefined>; put(v: Totals): Promise<unknown> }, row: UsageRecord): Promise<void> {
  for (const key of totalsKeysFor(row.origin, row.time)) {
    const current = (await store.get(key)) ?? { key, usd: 0, requests: 0, inputTokens: 0, outputTokens: 0, lastAt: 0 };
    await store.put({
      key,
      usd: current.usd + (row.cost ?? 0),
      requests: current.requests + 1,
      inputTokens: current.inputTokens + row.inputTokens,
      outputTokens: current.outputTokens + row.outputTokens,
      lastAt: Math.max(current.lastAt, row.time),
    });
  }
}

const upgrades: Record<number, (database: IDBPDatabase<LedgerDB>, tx: UpgradeTx) => Promise<void> | void> = {
  1(database) {
    const usage = database.createObjectStore('usage', { keyPath: 'id', autoIncrement: true });
    usage.createIndex('by-time', 'time');
    usage.createIndex('by-origin-time', ['origin', 'time']);
  },
  // Version 2 keeps running totals and reservations; the totals of rows written by version 1
  // are built here once, so budgets see all past spend.
  async 2(database, tx) {
    database.createObjectStore('reservations', { keyPath: 'id', autoIncrement: true });
    database.createObjectStore('totals', { keyPath: 'key' });
    const totals = tx.objectStore('totals');
    for (let cursor = await tx.objectStore('usage').openCursor(); cursor; cursor = await cursor.continue()) {
      await addToTotals(totals, cursor.value);
    }
  },
};

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
  const { id: _ignored, ...row } = record;
  const tx = (await openLedger()).transaction(['usage', 'totals'], 'readwrite');
  const id = await tx.objectStore('usage').add(row as UsageRecord);
  await addToTotals(tx.objectStore('totals'), row as UsageRecord);
  await tx.done;
  return id;
}

/** The newest records first, at most `limit` of them. */
export async function recentUsage(limit = 50): Promise<UsageRecord[]> {
  const tx = (await openLedger()).transaction('usage');
  const rows: UsageRecord[] = [];
  for (let cursor = await tx.store.index('by-time').openCursor(null, 'prev'); cursor && rows.length < limit; cursor = await cursor.continue()) {
    rows.push(cursor.value);
  }
  return rows;
}
