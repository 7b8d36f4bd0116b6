import { defineExtensionMessaging } from '@webext-core/messaging';
import { z } from 'zod';
import { ProviderConfig, ProviderId, Settings } from './settings/schema';
import { ModelId } from './protocol/call';
import type { UsageRecord } from './ledger/usage-record';

/** A provider as the options form submits it. An empty key keeps the stored one. */
export const ProviderInput = ProviderConfig.omit({ kind: true }).extend({
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
};

/** Every message between extension pages and the worker, typed once. */
interface ProtocolMap {
  getState(): UiState;
  setDefaultModel(modelId: string): UiState;
  saveProvider(input: ProviderInput): UiState;
  removeProvider(providerId: string): UiState;
  testConnection(input: TestConnectionInput): TestResult;
  recentUsage(): UsageRecord[];
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
export type { ProtocolMap };
