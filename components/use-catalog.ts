import { useCallback, useEffect, useState } from 'react';
import { sendMessage } from '@/lib/messages';
import type { CatalogView } from '@/lib/catalog/view';

/**
 * The catalog as cached, at once, then as refreshed when a list is stale. `version` is any
 * value that changes when providers change, so a new provider's models appear.
 */
export function useCatalog(version: unknown) {
  const [catalog, setCatalog] = useState<CatalogView | null>(null);
  const [refreshing, setRefreshing] = useState(false);

  const refresh = useCallback(async (force: boolean) => {
    setRefreshing(true);
    try {
      setCatalog(await sendMessage('refreshCatalog', force));
    } finally {
      setRefreshing(false);
    }
  }, []);

  useEffect(() => {
    let live = true;
    void sendMessage('getCatalog', undefined).then((view) => live && setCatalog(view));
    void refresh(false);
    return () => {
      live = false;
    };
  }, [version, refresh]);

  return { catalog, refreshing, refresh };
}
