import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SiteGrant } from './grant';

// Grants live in the extension origin's IndexedDB: a content script can read and write
// storage.local, so a grant kept there could be forged from a compromised renderer.
interface PermissionsDB extends DBSchema {
  grants: { key: string; value: SiteGrant };
}

let db: Promise<IDBPDatabase<PermissionsDB>> | undefined;
const open = () =>
  (db ??= openDB<PermissionsDB>('own-model-permissions', 1, {
    upgrade(database) {
      database.createObjectStore('grants', { keyPath: 'origin' });
    },
  }));

// Every call reads its site's grant; all writes go through this module, in the worker, so a
// write-through copy in memory stays exact and keeps IndexedDB off the call's path.
const known = new Map<string, SiteGrant | undefined>();

export async function readGrant(origin: string): Promise<SiteGrant | undefined> {
  if (!known.has(origin)) known.set(origin, await (await open()).get('grants', origin));
  return known.get(origin);
}

export async function writeGrant(grant: SiteGrant): Promise<void> {
  await (await open()).put('grants', grant);
  known.set(grant.origin, grant);
}

export async function deleteGrant(origin: string): Promise<void> {
  await (await open()).delete('grants', origin);
  known.set(origin, undefined);
}

export async function listGrants(): Promise<SiteGrant[]> {
  return (await open()).getAll('grants');
}

export async function markGrantUsed(origin: string, at: number): Promise<void> {
  const database = await open();
  const tx = database.transaction('grants', 'readwrite');
  const grant = await tx.store.get(origin);
  if (grant) await tx.store.put({ ...grant, lastUsedAt: at });
  await tx.done;
  if (grant) known.set(origin, { ...grant, lastUsedAt: at });
}
