import { defineExtensionMessaging } from '@webext-core/messaging';
import { Budgets, SiteLimits } from './budgets/schema';
import type { SpendView } from './budgets/spend';
import { z } from 'zod';
import { ModelInputs, ModelWindow, PricePair, ProviderConfig, ProviderId, Settings } from './settings/schema';
import { ModelId } from './protocol/call';
import type { UsageRecord } from './ledger/usage-record';
import type { DailyCost, ExportChunk, HistoryPage, UsageSummary } from './ledger/queries';
import type { CatalogView } from './catalog/view';
import type { ListModelsResult } from './providers/list-models';
import type { ConsentRequest } from './permissions/consent-queue';
import { ConsentAnswer, GrantChoice, SiteOrigin, type SiteState } from './permissions/site-state';
import { CustomModelUrl, OnDeviceModelId } from './on-device/catalog';
import type { DownloadRequest, OnDeviceStatus } from './on-device/service';
import type { SyncView } from './settings-sync/service';

/** A provider as the options form submits it. An empty key keeps the stored one. */
export const ProviderInput = ProviderConfig.extend({
  apiKey: z.string().max(500).optional(),
});
export type ProviderInput = z.infer<typeof ProviderInput>;

export const TestConnectionInput = z.strictObject({ provider: ProviderInput, model: z.string().min(1).max(160) });
export type TestConnectionInput = z.infer<typeof TestConnectionInput>;

/** What extension pages may know: settings, and which providers hold a key, never the key. */
export interface UiState {
  settings: Settings;
  providersWithKey: string[];
}

export type TestResult = { ok: true; reply: string; latencyMs: number } | { ok: false; error: string };

export const UiRequests = {
  getState: z.undefined(),
  setDefaultModel: ModelId,
  saveProvider: ProviderInput,
  removeProvider: ProviderId,
  testConnection: TestConnectionInput,
  recentUsage: z.undefined(),
  getConsentRequest: z.string().min(1).max(64),
  decideConsent: ConsentAnswer,
  getSite: SiteOrigin,
  setSiteGrant: z.strictObject({ origin: SiteOrigin, grant: GrantChoice }),
  listSites: z.undefined(),
  listModels: ProviderInput,
  getCatalog: z.undefined(),
  refreshCatalog: z.boolean(),
  setFallbackModels: z.array(ModelId).max(5),
  setPriceOverride: z.strictObject({ modelId: ModelId, price: PricePair.nullable() }),
  setModelInputs: z.strictObject({ modelId: ModelId, inputs: ModelInputs.nullable() }),
  setModelWindow: z.strictObject({ modelId: ModelId, window: ModelWindow.nullable() }),
  connectOpenRouter: z.strictObject({ code: z.string().min(1).max(500), verifier: z.string().min(43).max(128) }),
  usageSummary: z.undefined(),
  // Ledger origins are whatever the browser reported for the caller; null means every site.
  dailyCost: z.strictObject({ origin: z.string().min(1).max(300).nullable() }),
  siteHistory: z.strictObject({ origin: z.string().min(1).max(300), before: z.number().nullable() }),
  exportUsage: z.strictObject({ afterId: z.int().min(0).nullable() }),
  forgetUsage: z.strictObject({ origin: z.string().min(1).max(300).nullable() }),
  getSpend: SiteOrigin.nullable(),
  updateBudgets: Budgets.omit({ sites: true }).partial().strict(),
  setSiteLimits: z.strictObject({ origin: SiteOrigin, limits: SiteLimits }),
  setKeepHistory: z.boolean(),
  setKeepNativeLanguageModel: z.boolean(),
  onDeviceStatus: z.undefined(),
  downloadOnDevice: z.union([z.strictObject({ id: OnDeviceModelId }), z.strictObject({ url: CustomModelUrl })]),
  cancelOnDeviceDownload: OnDeviceModelId,
  deleteOnDeviceModel: OnDeviceModelId,
  getSettingsSync: z.undefined(),
  setSettingsSync: z.boolean(),
  clearSyncIssues: z.undefined(),
};

/** Every message between extension pages and the worker, typed once. */
interface ProtocolMap {
  getSpend(origin: string | null): SpendView;
  updateBudgets(patch: Partial<Omit<Budgets, 'sites'>>): Budgets;
  setSiteLimits(change: { origin: string; limits: SiteLimits }): Budgets;
  setKeepHistory(keep: boolean): boolean;
  setKeepNativeLanguageModel(keep: boolean): UiState;
  getState(): UiState;
  setDefaultModel(modelId: string): UiState;
  saveProvider(input: ProviderInput): UiState;
  removeProvider(providerId: string): UiState;
  testConnection(input: TestConnectionInput): TestResult;
  recentUsage(): UsageRecord[];
  getConsentRequest(requestId: string): ConsentRequest | null;
  decideConsent(answer: ConsentAnswer): boolean;
  getSite(origin: string): SiteState;
  setSiteGrant(change: { origin: string; grant: GrantChoice }): SiteState;
  listSites(): SiteState[];
  listModels(input: ProviderInput): ListModelsResult;
  getCatalog(): CatalogView;
  /** true: fetch every list now; false: only the stale ones. */
  refreshCatalog(force: boolean): CatalogView;
  setFallbackModels(modelIds: string[]): UiState;
  setPriceOverride(change: { modelId: string; price: PricePair | null }): UiState;
  setModelInputs(change: { modelId: string; inputs: ModelInputs | null }): UiState;
  setModelWindow(change: { modelId: string; window: number | null }): UiState;
  connectOpenRouter(grant: { code: string; verifier: string }): UiState;
  usageSummary(): UsageSummary;
  /** The last 30 days, oldest first. */
  dailyCost(query: { origin: string | null }): DailyCost[];
  siteHistory(query: { origin: string; before: number | null }): HistoryPage;
  exportUsage(query: { afterId: number | null }): ExportChunk;
  forgetUsage(query: { origin: string | null }): { records: number };
  onDeviceStatus(): OnDeviceStatus;
  /** Starts the download and answers at once; progress shows in onDeviceStatus. */
  downloadOnDevice(request: DownloadRequest): OnDeviceStatus;
  cancelOnDeviceDownload(id: string): OnDeviceStatus;
  /** Frees the model's storage and removes it from the settings. */
  deleteOnDeviceModel(id: string): OnDeviceStatus;
  getSettingsSync(): SyncView;
  /** Turns syncing the non-secret settings through storage.sync on or off, in this browser. */
  setSettingsSync(enabled: boolean): SyncView;
  clearSyncIssues(): SyncView;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
export type { ProtocolMap };
