import { entryFrom, priceOf } from '@/lib/catalog/catalog';
import { loadCatalogCache } from '@/lib/catalog/cache';
import { learn, loadLessons } from '@/lib/catalog/learned';
import type { CatalogDeps, OnDeviceDeps } from '@/lib/gateway/deps';
import { downloadForPage, downloadNeeded, onDeviceAvailability } from '@/lib/on-device/service';

/** The catalog the gateway reads: prices, windows and inputs from storage, and the lessons of refusals. */
export const storedCatalog: CatalogDeps = {
  priceOf,
  async factsOf(modelId, settings) {
    const [cache, lessons] = await Promise.all([loadCatalogCache(), loadLessons()]);
    return entryFrom(modelId, settings, cache, lessons);
  },
  learn,
};

/** The extension's own engine: models stored in the origin-private file system, downloads shared with the options page. */
export const onDeviceEngine: OnDeviceDeps = {
  availability: onDeviceAvailability,
  downloadNeeded,
  download: downloadForPage,
};
