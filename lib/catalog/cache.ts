import { browser } from 'wxt/browser';
import type { ListedModel } from './listed-model';
import { memoRead } from '../settings/memo';

/** One provider's model list as last fetched. Non-secret, so storage.local is fine. */
export interface ListedEntry {
  /** When the list was last fetched successfully (0: never). */
  fetchedAt: number;
  /** When a fetch was last tried, successful or not. */
  checkedAt: number;
  /** The address the list came from; a changed base URL makes the entry stale. */
  baseURL: string;
  models: ListedModel[];
  /** Why the last refresh failed, if it did; the older models stay usable offline. */
  error?: string;
}

export type CatalogCache = Record<string, ListedEntry>;

const KEY = 'catalog';

export function loadCatalogCache(): Promise<CatalogCache> {
  return memoRead(KEY, async () => {
    const stored = (await browser.storage.local.get(KEY))[KEY];
    return stored && typeof stored === 'object' ? (stored as CatalogCache) : {};
  });
}

export async function saveCatalogCache(cache: CatalogCache): Promise<void> {
  await browser.storage.local.set({ [KEY]: cache });
}
