import { browser } from 'wxt/browser';
import { CALL_PORT_NAME } from '@/lib/protocol/wire';
import { ENGINE_PORT_NAME } from '@/lib/on-device/host-protocol';
import { serveCallPort } from '@/lib/gateway/port';
import type { GatewayDeps } from '@/lib/gateway/pipeline';
import { alertOnSpend } from '@/lib/budgets/alerts';
import { ledgerDeps } from '@/lib/gateway/ledger-deps';
import { onDeviceEngine, storedCatalog } from './gateway-deps';
import { reconcileStale } from '@/lib/ledger/settle';
import { permissions } from '@/lib/ui-service/permissions';
import { moveGrantBudgets } from '@/lib/permissions/grant-budgets';
import { now, setClock } from '@/lib/clock';
import { openSecrets, readApiKey } from '@/lib/settings/secrets';
import { openGrantStore } from '@/lib/permissions/grant-store';
import { loadCatalogCache } from '@/lib/catalog/cache';
import { loadLessons } from '@/lib/catalog/learned';
import { loadSettings } from '@/lib/settings/store';
import { rememberStorageReads } from '@/lib/settings/memo';
import { registerUiHandlers } from '@/lib/ui-service/handlers';
import { syncNativeChoice } from '@/lib/native-global/sync';
import { followSettingsSync } from '@/lib/settings-sync/service';

export default defineBackground(() => {
  rememberStorageReads();
  // One clock stamps money and grants alike; the worker's monotonic one, in epoch milliseconds.
  setClock(() => performance.timeOrigin + performance.now());
  const sites = permissions();
  const deps: GatewayDeps = {
    loadSettings,
    readApiKey,
    consent: sites.gate,
    siteMayChooseModel: sites.siteMayChooseModel,
    siteAllowed: sites.siteAllowed,
    siteDenied: sites.siteDenied,
    ...ledgerDeps,
    settle: async (id, row) => {
      await ledgerDeps.settle(id, row);
      void loadSettings().then((settings) => alertOnSpend(settings.budgets, row.origin));
    },
    catalog: storedCatalog,
    onDevice: onDeviceEngine,
    now,
  };
  // Calls in flight when the previous worker stopped died with it: settle them now, once.
  const startedAt = deps.now();
  void reconcileStale(startedAt);
  // Once per profile: daily budgets older versions kept on grants move to the budgets.
  void moveGrantBudgets();
  openCallStores();
  browser.runtime.onConnect.addListener((port) => {
    // The engine's page answers its own port; closing it here would close it there too.
    if (port.name === ENGINE_PORT_NAME) return;
    if (port.name !== CALL_PORT_NAME) return port.disconnect();
    serveCallPort(port, browser.runtime.id, deps, (origin, controller) => sites.activeCalls.track(origin, controller));
  });
  registerUiHandlers(browser.runtime.id, browser.runtime.getURL('/'));
  syncNativeChoice();
  followSettingsSync();
  // A new user lands on setup: nothing works until a model is chosen.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
});

/**
 * A stopped worker mostly wakes for a page's call. The stores that call reads (settings, grants,
 * the catalog, keys; the ledger opens for reconcileStale) start opening here, side by side while
 * the call's message is on its way, not one after another on its path to the provider.
 */
function openCallStores(): void {
  void Promise.allSettled([loadSettings(), openGrantStore(), loadCatalogCache(), loadLessons(), openSecrets()]);
}
