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

/** Opens the grants' database, so a worker woken by a call need not wait for it on that call's path. */
export function openGrantStore(): Promise<unknown> {
  return open();
}

// Every call reads its site's grant; all writes go through updateGrant, in the worker, so a
// write-through copy in memory stays exact and keeps IndexedDB off the call's path.
const known = new Map<string, SiteGrant | undefined>();

export async function readGrant(origin: string): Promise<SiteGrant | undefined> {
  if (!known.has(origin)) known.set(origin, await (await open()).get('grants', origin));
  return known.get(origin);
}

/**
 * The one way a grant changes: reads the stored grant and writes `change`'s answer in one
 * readwrite transaction, so two changes at once are applied one after the other and neither
 * is lost. `change` runs inside the transaction and must not wait on anything; undefined
 * removes the grant. The copy in memory follows once the write is committed.
 */
export async function updateGrant(
  origin: string,
  change: (current: SiteGrant | undefined) => SiteGrant | undefined,
): Promise<SiteGrant | undefined> {
  const tx = (await open()).transaction('grants', 'readwrite');
  const next = change(await tx.store.get(origin));
  if (next && next.origin !== origin)
    throw new Error(`a grant for ${origin} cannot be written as one for ${next.origin}`);
  if (next) await tx.store.put(next);
  else await tx.store.delete(origin);
  await tx.done;
  known.set(origin, next);
  return next;
}

export async function listGrants(): Promise<SiteGrant[]> {
  return (await open()).getAll('grants');
}

/** Stamps a grant's last use; a site with no grant (revoked meanwhile) stays without one. */
export function markGrantUsed(origin: string, at: number): Promise<unknown> {
  return updateGrant(origin, (grant) => grant && { ...grant, lastUsedAt: at });
}
