import { describeProviderError } from '../gateway/provider-errors';
import { adapterFor } from '../providers/registry';
import type { Settings } from '../settings/schema';
import { loadCatalogCache, saveCatalogCache, type CatalogCache } from '../catalog/cache';

/** Model lists and OpenRouter's prices move slowly; a day-old list is still worth showing. */
export const MAX_AGE_MS = 6 * 60 * 60 * 1000;
/** After a failure (offline, server down), try again soon, but not on every page open. */
export const RETRY_MS = 5 * 60 * 1000;
const LIST_TIMEOUT_MS = 10_000;

export interface RefreshOptions {
  force?: boolean;
  now?: number;
  readApiKey(providerId: string): Promise<string | undefined>;
}

let running: Promise<CatalogCache> | undefined;

/**
 * Fetches each provider's model list when it is missing, stale or from another address.
 * A failure keeps the old list and notes why, so the catalog works offline from its cache.
 */
export function refreshCatalog(settings: Settings, options: RefreshOptions): Promise<CatalogCache> {
  // Two pages opening at once share one round of fetches.
  running ??= refresh(settings, options).finally(() => (running = undefined));
  return running;
}

async function refresh(
  settings: Settings,
  { force = false, now = Date.now(), readApiKey }: RefreshOptions,
): Promise<CatalogCache> {
  const cache = await loadCatalogCache();
  const next: CatalogCache = {};
  await Promise.all(
    settings.providers.map(async (provider) => {
      const old = cache[provider.id];
      const fresh =
        old && old.baseURL === provider.baseURL && now - old.checkedAt < (old.error ? RETRY_MS : MAX_AGE_MS);
      if (fresh && !force) return void (next[provider.id] = old);
      const apiKey = await readApiKey(provider.id);
      try {
        const models = await adapterFor(provider.kind).listModels(
          provider,
          apiKey,
          AbortSignal.timeout(LIST_TIMEOUT_MS),
        );
        next[provider.id] = { fetchedAt: now, checkedAt: now, baseURL: provider.baseURL, models };
      } catch (error) {
        const why = describeProviderError(error, provider.kind, apiKey).message;
        const kept = old?.baseURL === provider.baseURL ? old : undefined;
        next[provider.id] = {
          fetchedAt: kept?.fetchedAt ?? 0,
          checkedAt: now,
          baseURL: provider.baseURL,
          models: kept?.models ?? [],
          error: why,
        };
      }
    }),
  );
  await saveCatalogCache(next);
  return next;
}
