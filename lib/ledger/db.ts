import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { UsageRecord } from './usage-record';

interface LedgerDB extends DBSchema {
  usage: {
    key: number;
    value: UsageRecord;
    indexes: { 'by-time': number; 'by-origin-time': [string, number] };
  };
}

let db: Promise<IDBPDatabase<LedgerDB>> | undefined;

export function openLedger(): Promise<IDBPDatabase<LedgerDB>> {
  return (db ??= openDB<LedgerDB>('own-model-ledger', 1, {
    upgrade(database) {
      const usage = database.createObjectStore('usage', { keyPath: 'id', autoIncrement: true });
      usage.createIndex('by-time', 'time');
      usage.createIndex('by-origin-time', ['origin', 'time']);
    },
  }));
}

export async function appendUsage(record: UsageRecord): Promise<number> {
  const { id: _ignored, ...row } = record;
  return (await openLedger()).add('usage', row as UsageRecord);
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
