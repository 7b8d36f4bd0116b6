import { browser } from 'wxt/browser';
import { setSiteLimits } from '../budgets/service';
import { priceOf } from '../catalog/catalog';
import { downloadNeeded } from '../on-device/service';
import { loadSettings } from '../settings/store';
import { createConsentGate } from '../gateway/consent-gate';
import { notAllowed } from '../gateway/errors';
import { now } from '../clock';
import { ActiveCalls } from '../permissions/active-calls';
import { ConsentQueue, type ConsentRequest } from '../permissions/consent-queue';
import type { SiteGrant } from '../permissions/grant';
import { listGrants, markGrantUsed, readGrant, updateGrant } from '../permissions/grant-store';
import { OnceGrants } from '../permissions/once-grants';
import type { ConsentAnswer, GrantChoice, SiteState } from '../permissions/site-state';
import { SpamGuard } from '../permissions/spam-guard';

const ONCE_KEY = 'onceGrants';

function createService() {
  const queue = new ConsentQueue({
    async open(requestId) {
      const window = await browser.windows.create({
        url: browser.runtime.getURL(`/consent.html?request=${encodeURIComponent(requestId)}`),
        type: 'popup',
        width: 440,
        height: 620,
        focused: true,
      });
      if (window?.id === undefined) throw new Error('the consent window could not be opened');
      return window.id;
    },
    close: (windowId) => browser.windows.remove(windowId),
  });
  const spam = new SpamGuard(now);
  const once = new OnceGrants();
  const activeCalls = new ActiveCalls();
  // storage.session is memory-only and closed to content scripts, and outlives the worker.
  const persistOnce = () => void browser.storage.session.set({ [ONCE_KEY]: once.toJSON() });
  const restored = browser.storage.session.get(ONCE_KEY).then((stored) => {
    for (const [tab, origins] of (stored[ONCE_KEY] as Array<[number, string[]]> | undefined) ?? []) {
      for (const origin of origins) once.add(tab, origin);
    }
  });
  const setSiteDailyBudget = async (origin: string, usd: number) => {
    const own = (await loadSettings()).budgets.sites[origin];
    return setSiteLimits(origin, { dayUsd: usd, monthUsd: own?.monthUsd ?? null });
  };
  const gate = createConsentGate({
    queue,
    spam,
    once,
    readGrant,
    updateGrant,
    markGrantUsed,
    priceOf,
    downloadOf: downloadNeeded,
    setSiteDailyBudget,
    onceChanged: persistOnce,
    now,
  });

  browser.windows.onRemoved.addListener((windowId) => queue.windowClosed(windowId));
  const forgetTab = (tabId: number) => {
    once.forgetTab(tabId);
    persistOnce();
  };
  browser.tabs.onRemoved.addListener(forgetTab);
  // A new document in the tab ends its allow-once grants ("until it navigates away").
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') forgetTab(tabId);
  });

  const stateOf = (origin: string, grant: SiteGrant | undefined): SiteState => ({
    origin,
    grant: grant?.kind ?? 'ask',
    allowModelChoice: grant?.allowModelChoice ?? false,
    decidedAt: grant?.decidedAt ?? null,
    lastUsedAt: grant?.lastUsedAt ?? null,
    muted: spam.isMuted(origin),
  });

  return {
    activeCalls,
    gate: async (...args: Parameters<typeof gate>) => {
      await restored;
      return gate(...args);
    },
    // The scope chosen at consent lasts only while the site is allowed.
    siteMayChooseModel: async (origin: string) => {
      const grant = await readGrant(origin);
      return grant?.kind === 'allow-always' && grant.allowModelChoice;
    },
    /** A site the user blocked: it hears nothing of the model and is never asked again. */
    siteDenied: async (origin: string) => (await readGrant(origin))?.kind === 'deny',
    siteAllowed: async ({ origin, tabId }: { origin: string; tabId: number }) => {
      await restored;
      return once.has(tabId, origin) || (await readGrant(origin))?.kind === 'allow-always';
    },
    consentRequest: (id: string): ConsentRequest | null => queue.request(id) ?? null,
    decide: ({ id, ...decision }: ConsentAnswer): boolean => queue.decide(id, decision),
    site: async (origin: string) => stateOf(origin, await readGrant(origin)),
    sites: async () =>
      (await listGrants())
        .map((grant) => stateOf(grant.origin, grant))
        .sort((a, b) => (b.lastUsedAt ?? 0) - (a.lastUsedAt ?? 0)),

    /** Changes a site's grant. Anything short of "always allow" stops its calls at once. */
    async setGrant(origin: string, choice: GrantChoice): Promise<SiteState> {
      spam.forgive(origin);
      const at = now();
      const grant = await updateGrant(origin, (current) =>
        choice === 'ask'
          ? undefined
          : {
              origin,
              kind: choice,
              decidedAt: at,
              lastUsedAt: current?.lastUsedAt ?? null,
              allowModelChoice: current?.allowModelChoice ?? false,
            },
      );
      if (choice !== 'allow-always') {
        once.forgetOrigin(origin);
        persistOnce();
        activeCalls.abortOrigin(origin, notAllowed('The user revoked this site’s access to the model.'));
      }
      return stateOf(origin, grant);
    },
  };
}

let service: ReturnType<typeof createService> | undefined;

/** The worker's one permission service: grants, the consent queue, and the calls in flight. */
export function permissions(): ReturnType<typeof createService> {
  return (service ??= createService());
}
