import { loadSettings } from '../settings/store';
import { splitModelId, type ProviderConfig, type Settings } from '../settings/schema';
import { BUNDLED_AS_OF, bundledModel, bundledModelIds } from './bundled-prices';
import { loadCatalogCache, type CatalogCache } from './cache';
import { BUILT_IN_CONTEXT_TOKENS, ON_DEVICE_CONTEXT_TOKENS } from '../on-device/catalog';
import type { MediaKind } from '../protocol/call';
import { familyInputs } from './inputs';

/** Where a price came from: OpenRouter's live list, the bundled table, the user, a local server, or the extension's own engine. */
export type PriceSource = 'openrouter' | 'bundled' | 'override' | 'local' | 'on-device';

/** USD per token, and the time (ms since the epoch) the figure was taken. */
export interface Price {
  input: number;
  output: number;
  source: PriceSource;
  asOf: number;
}

export interface CatalogEntry {
  /** provider/model */
  id: string;
  providerId: string;
  providerLabel: string;
  model: string;
  name: string;
  contextWindow: number | null;
  /** null means unknown, never free. */
  price: Price | null;
  /** What it reads besides text: the user's word, else the provider's list, else its family's rule. */
  inputs: MediaKind[];
  /** Whether `inputs` is the user's word rather than a list's or a rule's. */
  inputsSaidByUser: boolean;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A model served from this computer costs nothing per token. */
function isLocal(provider: ProviderConfig): boolean {
  return provider.kind === 'ollama' || (provider.kind === 'openai-compatible' && LOOPBACK.has(new URL(provider.baseURL).hostname));
}

/** The engine gives every on-device model its own window; the browser's model says its own, or is Gemini Nano's. */
function contextWindowOf(provider: ProviderConfig, known: number | null): number | null {
  if (provider.kind === 'on-device') return ON_DEVICE_CONTEXT_TOKENS;
  if (provider.kind === 'built-in') return known ?? BUILT_IN_CONTEXT_TOKENS;
  return known;
}

/** The extension's own engines take text only, whatever anyone says. */
export const readsText = (provider: Pick<ProviderConfig, 'kind'>) => provider.kind === 'on-device' || provider.kind === 'built-in';

function entryFor(provider: ProviderConfig, model: string, settings: Settings, cache: CatalogCache): CatalogEntry {
  const id = `${provider.id}/${model}`;
  const listedEntry = cache[provider.id];
  const listed = listedEntry?.models.find((m) => m.id === model);
  const bundled = bundledModel(provider.kind, model);
  const override = settings.priceOverrides[id];
  let price: Price | null = null;
  if (override) price = { input: override.input, output: override.output, source: 'override', asOf: override.asOf };
  else if (listed?.price && provider.kind === 'openrouter') price = { ...listed.price, source: 'openrouter', asOf: listedEntry!.fetchedAt };
  else if (bundled) price = { input: bundled.input, output: bundled.output, source: 'bundled', asOf: Date.parse(BUNDLED_AS_OF) };
  else if (provider.kind === 'on-device' || provider.kind === 'built-in') price = { input: 0, output: 0, source: 'on-device', asOf: 0 };
  else if (isLocal(provider)) price = { input: 0, output: 0, source: 'local', asOf: 0 };
  return {
    id,
    providerId: provider.id,
    providerLabel: provider.label,
    model,
    name: listed?.name ?? model,
    contextWindow: contextWindowOf(provider, listed?.contextWindow ?? bundled?.contextWindow ?? null),
    price,
    inputs: readsText(provider) ? [] : (settings.modelInputs[id] ?? listed?.inputs ?? familyInputs(provider.kind, model)),
    inputsSaidByUser: !readsText(provider) && id in settings.modelInputs,
  };
}

/** The provider's configured models first, then what its list offers, then the bundled table's. */
function modelsOf(provider: ProviderConfig, cache: CatalogCache): string[] {
  const listed = cache[provider.id]?.models.map((m) => m.id) ?? [];
  const known = listed.length > 0 ? listed : bundledModelIds(provider.kind);
  return [...new Set([...provider.models, ...known])];
}

/** One catalog across every configured provider. */
export function buildCatalog(settings: Settings, cache: CatalogCache): CatalogEntry[] {
  return settings.providers.flatMap((provider) => modelsOf(provider, cache).map((model) => entryFor(provider, model, settings, cache)));
}

/** One model's entry from the given settings and cache, listed or not; null when its provider is gone. */
export function entryFrom(modelId: string, settings: Settings, cache: CatalogCache): CatalogEntry | null {
  const { providerId, model } = splitModelId(modelId);
  const provider = settings.providers.find((p) => p.id === providerId);
  return provider ? entryFor(provider, model, settings, cache) : null;
}

/** A model's price from the given settings and cache, or null when unknown. */
export const priceFrom = (modelId: string, settings: Settings, cache: CatalogCache): Price | null => entryFrom(modelId, settings, cache)?.price ?? null;

/** What budgets ask before admitting a call: null when the price is unknown. */
export async function priceOf(modelId: string): Promise<Price | null> {
  const [settings, cache] = await Promise.all([loadSettings(), loadCatalogCache()]);
  return priceFrom(modelId, settings, cache);
}
