import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendMessage } from '@/lib/messages';
import type { GrantChoice, SiteState } from '@/lib/permissions/site-state';

/**
 * The origin of the tab the popup was opened over. `?site=` names one directly, which is how
 * the popup is opened for a site from elsewhere (and in tests, where the popup is a tab).
 */
async function currentSiteOrigin(): Promise<string | null> {
  const named = new URLSearchParams(location.search).get('site');
  if (named) return named;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (!tab?.url) return null;
  const url = new URL(tab.url);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
}

export function useCurrentSite() {
  const [site, setSite] = useState<SiteState | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    currentSiteOrigin()
      .then((origin) => (origin ? sendMessage('getSite', origin) : null))
      .then(setSite, (e: Error) => setError(e.message));
  }, []);

  const setGrant = useCallback(
    async (grant: GrantChoice) => {
      if (!site) return;
      try {
        setSite(await sendMessage('setSiteGrant', { origin: site.origin, grant }));
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [site],
  );

  return { site, error, setGrant };
}
