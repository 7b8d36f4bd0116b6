import type { Settings } from '../settings/schema';
import { BUNDLED_AS_OF } from './bundled-prices';
import type { CatalogCache } from './cache';
import { buildCatalog, type CatalogEntry } from './catalog';
import type { Lessons } from './learned';

/** Where each provider's list stands, for "updated N ago" and offline notes. */
export interface ListStatus {
  providerId: string;
  label: string;
  fetchedAt: number;
  error: string | null;
}

export interface CatalogView {
  entries: CatalogEntry[];
  lists: ListStatus[];
  bundledAsOf: string;
}

export function catalogView(settings: Settings, cache: CatalogCache, lessons: Lessons): CatalogView {
  return {
    entries: buildCatalog(settings, cache, lessons),
    lists: settings.providers.map((p) => ({
      providerId: p.id,
      label: p.label,
      fetchedAt: cache[p.id]?.fetchedAt ?? 0,
      error: cache[p.id]?.error ?? null,
    })),
    bundledAsOf: BUNDLED_AS_OF,
  };
}
