import type { Browser } from 'wxt/browser';
import type { z } from 'zod';
import { onMessage, UiRequests, type ProtocolMap } from '../messages';
import { recentUsage } from '../ledger/db';
import { dailyCost, exportChunk, siteHistory, usageSummary } from '../ledger/queries';
import { forgetUsage } from '../ledger/forget';
import { now } from '../clock';
import { permissions } from '../permissions/service';
import { currentSpend, setKeepHistory, setSiteLimits, updateBudgets } from '../budgets/service';
import { testConnection } from '../providers/test-connection';
import { connectOpenRouter, removeProvider, saveProvider, setDefaultModel, setFallbackModels, setKeepNativeLanguageModel, setModelInputs, setModelWindow, setPriceOverride, uiState } from '../settings/service';
import { getCatalog, refreshCatalogView } from '../catalog/service';
import { listModels } from '../providers/list-models';
import { describeIssue } from '../gateway/validate';
import { clearSyncIssues, setSettingsSync, syncView } from '../settings-sync/service';
import { cancelOnDeviceDownload, deleteOnDeviceModel, downloadOnDevice, onDeviceStatus } from '../on-device/service';

type Handlers = { [K in keyof ProtocolMap]: (data: z.infer<(typeof UiRequests)[K]>) => Promise<ReturnType<ProtocolMap[K]>> };

const handlers: Handlers = {
  getSpend: currentSpend,
  updateBudgets,
  setSiteLimits: ({ origin, limits }) => setSiteLimits(origin, limits),
  setKeepHistory,
  setKeepNativeLanguageModel,
  getState: () => uiState(),
  setDefaultModel,
  saveProvider,
  removeProvider,
  testConnection,
  recentUsage: () => recentUsage(),
  getConsentRequest: async (id) => permissions().consentRequest(id),
  decideConsent: async (answer) => permissions().decide(answer),
  getSite: (origin) => permissions().site(origin),
  setSiteGrant: ({ origin, grant }) => permissions().setGrant(origin, grant),
  listSites: () => permissions().sites(),
  listModels,
  getCatalog: () => getCatalog(),
  refreshCatalog: refreshCatalogView,
  setFallbackModels,
  setPriceOverride,
  setModelInputs,
  setModelWindow,
  connectOpenRouter,
  usageSummary: () => usageSummary(now()),
  dailyCost: ({ origin }) => dailyCost(origin, now()),
  siteHistory: ({ origin, before }) => siteHistory(origin, before),
  exportUsage: ({ afterId }) => exportChunk(afterId),
  forgetUsage: ({ origin }) => forgetUsage(origin, now()),
  onDeviceStatus: () => onDeviceStatus(),
  downloadOnDevice,
  cancelOnDeviceDownload,
  deleteOnDeviceModel,
  getSettingsSync: () => syncView(),
  setSettingsSync,
  clearSyncIssues: () => clearSyncIssues(),
};

/** Only the extension's own pages may use these; content scripts share the runtime channel. */
export function isExtensionPage(sender: Browser.runtime.MessageSender, extensionId: string, extensionOrigin: string): boolean {
  return sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}

export function registerUiHandlers(extensionId: string, extensionOrigin: string): void {
  for (const name of Object.keys(handlers) as Array<keyof ProtocolMap>) {
    onMessage(name, async ({ data, sender }) => {
      if (!isExtensionPage(sender, extensionId, extensionOrigin)) throw new Error('Only the extension’s own pages may change its settings.');
      const parsed = UiRequests[name].safeParse(data);
      if (!parsed.success) throw new Error(describeIssue(parsed.error));
      return (handlers[name] as (d: unknown) => Promise<never>)(parsed.data);
    });
  }
}
