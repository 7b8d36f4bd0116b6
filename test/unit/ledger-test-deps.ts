import type { GatewayDeps } from '@/lib/gateway/pipeline';
import { appendUsage, closeLedger } from '@/lib/ledger/db';
import { growReservation, reserve } from '@/lib/ledger/reserve';
import { checkpoint, settle } from '@/lib/ledger/settle';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import type { Price } from '@/lib/catalog/catalog';
import type { CatalogDeps } from '@/lib/gateway/deps';
import { onDeviceEngine, storedCatalog } from '@/entrypoints/background/gateway-deps';
import { defaultSettings, type Settings } from '@/lib/settings/schema';

/**
 * The real ledger (on fake-indexeddb), with every row it writes also pushed into `rows` for
 * the test to read.
 */
export function recordingLedger(
  rows: UsageRecord[],
): Pick<GatewayDeps, 'record' | 'settle' | 'checkpoint' | 'reserve' | 'grow'> {
  return {
    record: async (row) => {
      rows.push(row);
      return appendUsage(row);
    },
    settle: async (id, row) => {
      rows.push(row);
      return settle(id, row);
    },
    checkpoint,
    reserve,
    grow: growReservation,
  };
}

/** The stored catalog (on the fake browser's storage), with a price table the test controls. */
export function catalogPricing(prices: Record<string, Price | null>): CatalogDeps {
  return { ...storedCatalog, priceOf: async (modelId) => prices[modelId] ?? null };
}

/** Drops the ledger database, so each test starts from no spend. */
export async function resetLedger(): Promise<void> {
  await closeLedger();
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase('own-model-ledger');
    request.onsuccess = request.onerror = () => resolve();
  });
}

/**
 * Gateway dependencies for a site the user allowed: consent always given, the recording ledger,
 * and the settings, key and model-choice scope the test sets.
 */
export function allowedSiteDeps(
  settings: Settings,
  rows: UsageRecord[],
  prices: Record<string, Price | null> = {},
  {
    apiKey,
    mayChoose = false,
    now = () => Date.now(),
  }: { apiKey?: string; mayChoose?: boolean; now?: () => number } = {},
): GatewayDeps {
  return {
    loadSettings: async () => settings,
    readApiKey: async () => apiKey,
    consent: async () => {},
    siteMayChooseModel: async () => mayChoose,
    siteAllowed: async () => true,
    siteDenied: async () => false,
    ...recordingLedger(rows),
    catalog: catalogPricing(prices),
    onDevice: onDeviceEngine,
    now,
  };
}

/** Settings with one OpenAI-compatible provider, `p`, at `baseURL`, whose one model `p/m` is the default. */
export function oneModelSettings(baseURL: string): Settings {
  return {
    ...defaultSettings(),
    providers: [{ id: 'p', kind: 'openai-compatible', label: 'P', baseURL, models: ['m'] }],
    defaultModel: 'p/m',
  };
}
