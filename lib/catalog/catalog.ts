import { loadSettings } from '../settings/store';
import { splitModelId, type ProviderConfig, type Settings } from '../settings/schema';
import { BUNDLED_AS_OF, bundledModel, bundledModelIds, bundledWindow } from './bundled-prices';
import { loadCatalogCache, type CatalogCache } from './cache';
import { BUILT_IN_CONTEXT_TOKENS, ON_DEVICE_CONTEXT_TOKENS } from './engine-windows';
import type { MediaKind } from '../protocol/call';
import { familyInputs } from './inputs';
import type { Lessons } from './learned';

/** Where a price came from: OpenRouter's live list, the bundled table, the user, a local server, or the extension's own engine. */
export type PriceSource = 'openrouter' | 'bundled' | 'override' | 'local' | 'on-device';

/** USD per token, and the time (ms since the epoch) the figure was taken. */
export interface Price {
  input: number;
  output: number;
  source: PriceSource;
  asOf: number;
}

/**
 * Where a model's window or inputs came from: the provider's own list, the bundled catalog (by
 * model id, whoever serves it), the user, or a refusal the provider gave.
 */
export type FactSource = 'provider' | 'catalog' | 'you' | 'learned';

export interface CatalogEntry {
  /** provider/model */
  id: string;
  providerId: string;
  providerLabel: string;
  model: string;
  name: string;
  /** null means unknown: calls go to the provider, which says if they do not fit. */
  contextWindow: number | null;
  contextSource: FactSource | null;
  /** null means unknown, never free. */
  price: Price | null;
  /** What it reads besides text: the user's word, else the provider's list, else its family's rule; null when nothing says. */
  inputs: MediaKind[] | null;
  inputsSource: FactSource | null;
  /** What the provider refused for it, though nothing else said (inputs null). */
  refusedInputs: MediaKind[];
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A model served from this computer costs nothing per token. */
function isLocal(provider: ProviderConfig): boolean {
  return (
    provider.kind === 'ollama' ||
    (provider.kind === 'openai-compatible' && LOOPBACK.has(new URL(provider.baseURL).hostname))
  );
}

type Fact<T> = { value: T; source: FactSource | null };

/**
 * The user's word, else what a refusal taught, else the provider's list, else the bundled
 * catalog. The engine gives every on-device model its own window; the browser's model says its
 * own, or is Gemini Nano's.
 */
function windowOf(
  provider: ProviderConfig,
  id: string,
  model: string,
  listed: number | undefined,
  settings: Settings,
  lessons: Lessons,
): Fact<number | null> {
  if (provider.kind === 'on-device') return { value: ON_DEVICE_CONTEXT_TOKENS, source: 'catalog' };
  const said = settings.modelWindows[id];
  if (said) return { value: said, source: 'you' };
  const learned = lessons[id]?.window;
  if (learned) return { value: learned, source: 'learned' };
  if (listed) return { value: listed, source: 'provider' };
  if (provider.kind === 'built-in') return { value: BUILT_IN_CONTEXT_TOKENS, source: 'catalog' };
  const bundled = bundledWindow(model);
  return bundled ? { value: bundled, source: 'catalog' } : { value: null, source: null };
}

/** The user's word, else the provider's list or the family's rule less what the provider refused. */
function inputsOf(
  provider: ProviderConfig,
  id: string,
  model: string,
  listed: MediaKind[] | undefined,
  settings: Settings,
  lessons: Lessons,
): Fact<MediaKind[] | null> & { refused: MediaKind[] } {
  if (readsText(provider)) return { value: [], source: 'catalog', refused: [] };
  const said = settings.modelInputs[id];
  if (said) return { value: said, source: 'you', refused: [] };
  const refused = lessons[id]?.refuses ?? [];
  const rule = familyInputs(model);
  const known: Fact<MediaKind[] | null> = listed
    ? { value: listed, source: 'provider' }
    : rule
      ? { value: rule, source: 'catalog' }
      : { value: null, source: null };
  if (refused.length === 0) return { ...known, refused };
  if (!known.value) return { value: null, source: 'learned', refused };
  const left = known.value.filter((k) => !refused.includes(k));
  return { value: left, source: left.length < known.value.length ? 'learned' : known.source, refused };
}

/** The extension's own engines take text only, whatever anyone says. */
export const readsText = (provider: Pick<ProviderConfig, 'kind'>) =>
  provider.kind === 'on-device' || provider.kind === 'built-in';

function entryFor(
  provider: ProviderConfig,
  model: string,
  settings: Settings,
  cache: CatalogCache,
  lessons: Lessons,
): CatalogEntry {
  const id = `${provider.id}/${model}`;
  const listedEntry = cache[provider.id];
  const listed = listedEntry?.models.find((m) => m.id === model);
  const bundled = bundledModel(provider.kind, model);
  const override = settings.priceOverrides[id];
  let price: Price | null = null;
  if (override) price = { input: override.input, output: override.output, source: 'override', asOf: override.asOf };
  else if (listed?.price && provider.kind === 'openrouter')
    price = { ...listed.price, source: 'openrouter', asOf: listedEntry!.fetchedAt };
  else if (bundled)
    price = { input: bundled.input, output: bundled.output, source: 'bundled', asOf: Date.parse(BUNDLED_AS_OF) };
  else if (provider.kind === 'on-device' || provider.kind === 'built-in')
    price = { input: 0, output: 0, source: 'on-device', asOf: 0 };
  else if (isLocal(provider)) price = { input: 0, output: 0, source: 'local', asOf: 0 };
  const window = windowOf(provider, id, model, listed?.contextWindow, settings, lessons);
  const inputs = inputsOf(provider, id, model, listed?.inputs, settings, lessons);
  return {
    id,
    providerId: provider.id,
    providerLabel: provider.label,
    model,
    name: listed?.name ?? model,
    contextWindow: window.value,
    contextSource: window.source,
    price,
    inputs: inputs.value,
    inputsSource: inputs.source,
    refusedInputs: inputs.refused,
  };
}

/** The provider's configured models first, then what its list offers, then the bundled table's. */
function modelsOf(provider: ProviderConfig, cache: CatalogCache): string[] {
  const listed = cache[provider.id]?.models.map((m) => m.id) ?? [];
  const known = listed.length > 0 ? listed : bundledModelIds(provider.kind);
  return [...new Set([...provider.models, ...known])];
}

/** One catalog across every configured provider. */
export function buildCatalog(settings: Settings, cache: CatalogCache, lessons: Lessons = {}): CatalogEntry[] {
  return settings.providers.flatMap((provider) =>
    modelsOf(provider, cache).map((model) => entryFor(provider, model, settings, cache, lessons)),
  );
}

/** One model's entry from the given settings and cache, listed or not; null when its provider is gone. */
export function entryFrom(
  modelId: string,
  settings: Settings,
  cache: CatalogCache,
  lessons: Lessons = {},
): CatalogEntry | null {
  const { providerId, model } = splitModelId(modelId);
  const provider = settings.providers.find((p) => p.id === providerId);
  return provider ? entryFor(provider, model, settings, cache, lessons) : null;
}

/** The kinds among `kinds` the model is known not to read; those it may read, or nobody knows, are left to the provider. */
export function unreadKinds(
  entry: Pick<CatalogEntry, 'inputs' | 'refusedInputs'> | null,
  kinds: Iterable<MediaKind>,
): MediaKind[] {
  if (!entry) return [];
  return [...kinds].filter(
    (kind) => entry.refusedInputs.includes(kind) || (entry.inputs !== null && !entry.inputs.includes(kind)),
  );
}

/** A model's price from the given settings and cache, or null when unknown. */
export const priceFrom = (modelId: string, settings: Settings, cache: CatalogCache): Price | null =>
  entryFrom(modelId, settings, cache)?.price ?? null;

/** What budgets ask before admitting a call: null when the price is unknown. */
export async function priceOf(modelId: string): Promise<Price | null> {
  const [settings, cache] = await Promise.all([loadSettings(), loadCatalogCache()]);
  return priceFrom(modelId, settings, cache);
}
