import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

// API keys live in the extension origin's IndexedDB: content scripts run in the page's
// origin and cannot open it, and no message to a content script ever carries a key.
interface SecretsDB extends DBSchema {
  apiKeys: { key: string; value: string };
}

let db: Promise<IDBPDatabase<SecretsDB>> | undefined;
const open = () =>
  (db ??= openDB<SecretsDB>('own-model-secrets', 1, {
    upgrade(database) {
      database.createObjectStore('apiKeys');
    },
  }));

/** Opens the keys' database, so a worker woken by a call need not wait for it on that call's path. */
export function openSecrets(): Promise<unknown> {
  return open();
}

// Keys are read on every call and written only through the functions below, in this one
// context, so a write-through copy in memory is always current.
const known = new Map<string, string | undefined>();

export async function readApiKey(providerId: string): Promise<string | undefined> {
  if (!known.has(providerId)) known.set(providerId, await (await open()).get('apiKeys', providerId));
  return known.get(providerId);
}

export async function writeApiKey(providerId: string, apiKey: string): Promise<void> {
  await (await open()).put('apiKeys', apiKey, providerId);
  known.set(providerId, apiKey);
}

export async function deleteApiKey(providerId: string): Promise<void> {
  await (await open()).delete('apiKeys', providerId);
  known.set(providerId, undefined);
}

export async function providersWithKeys(): Promise<string[]> {
  return (await open()).getAllKeys('apiKeys');
}
