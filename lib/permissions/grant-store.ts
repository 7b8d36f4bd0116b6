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

export async function readGrant(origin: string): Promise<SiteGrant | undefined> {
  return (await open()).get('grants', origin);
}

export async function writeGrant(grant: SiteGrant): Promise<void> {
  await (await open()).put('grants', grant);
}

export async function deleteGrant(origin: string): Promise<void> {
  await (await open()).delete('grants', origin);
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
}
