import { readApiKey } from '../settings/secrets';
import { loadSettings } from '../settings/store';
import { loadCatalogCache } from '../catalog/cache';
import { loadLessons } from '../catalog/learned';
import { catalogView, type CatalogView } from '../catalog/view';
import { refreshCatalog } from './catalog-refresh';

/** The catalog as cached: answers at once, online or not. */
export async function getCatalog(): Promise<CatalogView> {
  const [settings, cache, lessons] = await Promise.all([loadSettings(), loadCatalogCache(), loadLessons()]);
  return catalogView(settings, cache, lessons);
}

/** Fetches the lists that are stale (or all of them when forced), then answers. */
export async function refreshCatalogView(force: boolean): Promise<CatalogView> {
  const settings = await loadSettings();
  return catalogView(settings, await refreshCatalog(settings, { force, readApiKey }), await loadLessons());
}
