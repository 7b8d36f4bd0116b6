import { z } from 'zod';
import { Budgets, SiteLimits } from '../settings/budgets';
import { currentSpend, setKeepHistory, setSiteLimits, updateBudgets } from '../budgets/service';
import { getCatalog, refreshCatalogView } from './catalog';
import { now } from '../clock';
import { recentUsage } from '../ledger/db';
import { forgetUsage } from '../ledger/forget';
import { dailyCost, exportChunk, siteHistory, usageSummary } from '../ledger/queries';
import { CustomModelUrl, OnDeviceModelId } from '../on-device/catalog';
import { cancelOnDeviceDownload, deleteOnDeviceModel, downloadOnDevice, onDeviceStatus } from '../on-device/service';
import { permissions } from './permissions';
import { ConsentAnswer, GrantChoice, SiteOrigin } from '../permissions/site-state';
import { ModelId } from '../protocol/call';
import { listModels } from './list-models';
import { TestConnectionInput, testConnection } from './test-connection';
import { ModelInputs, ModelWindow, PricePair, ProviderId, ProviderInput } from '../settings/schema';
import {
  connectOpenRouter,
  removeProvider,
  saveProvider,
  setDefaultModel,
  setFallbackModels,
  setKeepNativeLanguageModel,
  setModelInputs,
  setModelWindow,
  setPriceOverride,
  uiState,
} from './settings';
import { clearSyncIssues, setSettingsSync, syncView } from '../settings-sync/service';

/** One call: the schema the worker parses its request with, and what answers it. */
const call = <S extends z.core.$ZodType, R>(request: S, handle: (data: z.output<S>) => Promise<R>) => ({
  request,
  handle,
});
const none = z.undefined();
// Ledger origins are whatever the browser reported for the caller; null means every site.
const LedgerOrigin = z.string().min(1).max(300);

/**
 * Every call the extension's own pages make to the worker, each declared here alone: the page's
 * typed `sendMessage` (lib/messages.ts) and the worker's check and dispatch (handlers.ts) both
 * derive from this table. Adding a call is one entry.
 */
export const uiCalls = {
  getState: call(none, () => uiState()),
  setDefaultModel: call(ModelId, setDefaultModel),
  saveProvider: call(ProviderInput, saveProvider),
  removeProvider: call(ProviderId, removeProvider),
  testConnection: call(TestConnectionInput, testConnection),
  recentUsage: call(none, () => recentUsage()),
  getConsentRequest: call(z.string().min(1).max(64), async (id) => permissions().consentRequest(id)),
  decideConsent: call(ConsentAnswer, async (answer) => permissions().decide(answer)),
  getSite: call(SiteOrigin, (origin) => permissions().site(origin)),
  setSiteGrant: call(z.strictObject({ origin: SiteOrigin, grant: GrantChoice }), ({ origin, grant }) =>
    permissions().setGrant(origin, grant),
  ),
  listSites: call(none, () => permissions().sites()),
  listModels: call(ProviderInput, listModels),
  getCatalog: call(none, () => getCatalog()),
  /** true: fetch every list now; false: only the stale ones. */
  refreshCatalog: call(z.boolean(), refreshCatalogView),
  setFallbackModels: call(z.array(ModelId).max(5), setFallbackModels),
  setPriceOverride: call(z.strictObject({ modelId: ModelId, price: PricePair.nullable() }), setPriceOverride),
  setModelInputs: call(z.strictObject({ modelId: ModelId, inputs: ModelInputs.nullable() }), setModelInputs),
  setModelWindow: call(z.strictObject({ modelId: ModelId, window: ModelWindow.nullable() }), setModelWindow),
  connectOpenRouter: call(
    z.strictObject({ code: z.string().min(1).max(500), verifier: z.string().min(43).max(128) }),
    connectOpenRouter,
  ),
  usageSummary: call(none, () => usageSummary(now())),
  /** The last 30 days, oldest first. */
  dailyCost: call(z.strictObject({ origin: LedgerOrigin.nullable() }), ({ origin }) => dailyCost(origin, now())),
  siteHistory: call(z.strictObject({ origin: LedgerOrigin, before: z.number().nullable() }), ({ origin, before }) =>
    siteHistory(origin, before),
  ),
  exportUsage: call(z.strictObject({ afterId: z.int().min(0).nullable() }), ({ afterId }) => exportChunk(afterId)),
  forgetUsage: call(z.strictObject({ origin: LedgerOrigin.nullable() }), ({ origin }) => forgetUsage(origin, now())),
  getSpend: call(SiteOrigin.nullable(), currentSpend),
  updateBudgets: call(Budgets.omit({ sites: true }).partial().strict(), updateBudgets),
  setSiteLimits: call(z.strictObject({ origin: SiteOrigin, limits: SiteLimits }), ({ origin, limits }) =>
    setSiteLimits(origin, limits),
  ),
  setKeepHistory: call(z.boolean(), setKeepHistory),
  setKeepNativeLanguageModel: call(z.boolean(), setKeepNativeLanguageModel),
  onDeviceStatus: call(none, () => onDeviceStatus()),
  /** Starts the download and answers at once; progress shows in onDeviceStatus. */
  downloadOnDevice: call(
    z.union([z.strictObject({ id: OnDeviceModelId }), z.strictObject({ url: CustomModelUrl })]),
    downloadOnDevice,
  ),
  cancelOnDeviceDownload: call(OnDeviceModelId, cancelOnDeviceDownload),
  /** Frees the model's storage and removes it from the settings. */
  deleteOnDeviceModel: call(OnDeviceModelId, deleteOnDeviceModel),
  getSettingsSync: call(none, () => syncView()),
  /** Turns syncing the non-secret settings through storage.sync on or off, in this browser. */
  setSettingsSync: call(z.boolean(), setSettingsSync),
  clearSyncIssues: call(none, () => clearSyncIssues()),
};

type UiCalls = typeof uiCalls;

/** The pages' view of the table: what each call takes, and what it answers. */
export type UiProtocol = {
  [K in keyof UiCalls]: (data: z.input<UiCalls[K]['request']>) => Awaited<ReturnType<UiCalls[K]['handle']>>;
};
