import type { z } from 'zod';
import { Budgets } from '../settings/budgets';
import { ProviderConfig, Settings, type Settings as SettingsT } from '../settings/schema';

/**
 * The settings that follow the user, one storage.sync item per field (and per provider), so
 * two browsers that change different fields both keep their change: storage.sync itself
 * keeps the last write of each item. API keys live elsewhere (lib/settings/secrets.ts) and
 * grants in lib/permissions/, so neither is ever here. Left out on purpose: the schema's
 * version and migration marks, and keepNativeLanguageModel, which needs host access granted
 * by a click in this browser.
 */
const TOP_FIELDS = [
  'defaultModel',
  'fallbackModels',
  'priceOverrides',
  'modelInputs',
  'modelWindows',
  'keepHistory',
] as const;
const BUDGET_FIELDS = Object.keys(Budgets.shape) as BudgetField[];
const PROVIDER_PREFIX = 'provider:';
const BUDGET_PREFIX = 'budgets.';

type BudgetField = keyof z.infer<typeof Budgets>;
export type SyncItems = Record<string, unknown>;

/** True for the storage.sync keys this module owns; others' items are left alone. */
export const isSyncKey = (key: string) =>
  key.startsWith(PROVIDER_PREFIX) ||
  (TOP_FIELDS as readonly string[]).includes(key) ||
  (key.startsWith(BUDGET_PREFIX) && BUDGET_FIELDS.includes(key.slice(BUDGET_PREFIX.length) as BudgetField));

/** The items that stand for these settings in storage.sync. */
export function toSyncItems(settings: SettingsT): SyncItems {
  const items: SyncItems = {};
  for (const field of TOP_FIELDS) items[field] = settings[field];
  for (const field of BUDGET_FIELDS) items[`${BUDGET_PREFIX}${field}`] = settings.budgets[field];
  // Only the provider's public fields: the schema has no place for a key, and strips nothing.
  for (const provider of settings.providers) items[`${PROVIDER_PREFIX}${provider.id}`] = ProviderConfig.parse(provider);
  return items;
}

/**
 * These settings with one incoming item applied: `value` undefined means the item was removed
 * (a provider removed on another browser). Throws, with what is wrong, for a value the
 * settings' own schema refuses; another browser's items are as untrusted as any input.
 */
export function applySyncItem(settings: SettingsT, key: string, value: unknown): SettingsT {
  if (key.startsWith(PROVIDER_PREFIX)) {
    const id = key.slice(PROVIDER_PREFIX.length);
    if (value === undefined) return { ...settings, providers: settings.providers.filter((p) => p.id !== id) };
    const provider = ProviderConfig.parse(value);
    if (provider.id !== id) throw new Error(`the provider stored as “${id}” calls itself “${provider.id}”`);
    const exists = settings.providers.some((p) => p.id === id);
    return {
      ...settings,
      providers: exists
        ? settings.providers.map((p) => (p.id === id ? provider : p))
        : [...settings.providers, provider],
    };
  }
  // A field cleared from storage.sync is no instruction to clear it here.
  if (value === undefined) return settings;
  if (key.startsWith(BUDGET_PREFIX)) {
    const field = key.slice(BUDGET_PREFIX.length) as BudgetField;
    return { ...settings, budgets: { ...settings.budgets, [field]: Budgets.shape[field].parse(value) } };
  }
  const field = key as (typeof TOP_FIELDS)[number];
  return { ...settings, [field]: Settings.shape[field].parse(value) };
}
