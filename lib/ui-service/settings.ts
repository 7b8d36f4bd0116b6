import { deleteApiKey, providersWithKeys, writeApiKey } from '../settings/secrets';
import { buildCatalog, readsText } from '../catalog/catalog';
import { kindInfo } from '../providers/kinds';
import { exchangeCode } from '../providers/openrouter-oauth';
import { loadCatalogCache } from '../catalog/cache';
import { forget, forgetProvider } from '../catalog/learned';
import {
  splitModelId,
  type ModelInputs,
  type PricePair,
  type ProviderInput,
  type Settings,
  type UiState,
} from '../settings/schema';
import { loadSettings, updateSettings } from '../settings/store';
import { now } from '../clock';
import { uiText } from '../ui-text';

export async function uiState(settings?: Settings): Promise<UiState> {
  return { settings: settings ?? (await loadSettings()), providersWithKey: await providersWithKeys() };
}

/** Any model in the catalog may be the default: the provider's own list, not just the typed names. */
async function requireInCatalog(current: Settings, modelIds: string[]): Promise<void> {
  const known = new Set(buildCatalog(current, await loadCatalogCache()).map((e) => e.id));
  const unknown = modelIds.find((id) => !known.has(id));
  if (unknown) throw new Error(uiText('modelNotConfigured', unknown));
}

export async function setDefaultModel(modelId: string): Promise<UiState> {
  await requireInCatalog(await loadSettings(), [modelId]);
  const settings = await updateSettings((current) => ({
    ...current,
    defaultModel: modelId,
    fallbackModels: current.fallbackModels.filter((id) => id !== modelId),
  }));
  return uiState(settings);
}

export async function setFallbackModels(modelIds: string[]): Promise<UiState> {
  await requireInCatalog(await loadSettings(), modelIds);
  const settings = await updateSettings((current) => ({
    ...current,
    fallbackModels: [...new Set(modelIds)].filter((id) => id !== current.defaultModel),
  }));
  return uiState(settings);
}

/** A price of null removes the user's own price, so the list's or the table's shows again. */
export async function setPriceOverride({
  modelId,
  price,
}: {
  modelId: string;
  price: PricePair | null;
}): Promise<UiState> {
  const settings = await updateSettings((current) => {
    const { [modelId]: _old, ...rest } = current.priceOverrides;
    return { ...current, priceOverrides: price ? { ...rest, [modelId]: { ...price, asOf: now() } } : rest };
  });
  return uiState(settings);
}

/** What the user says a model reads besides text; null forgets it, so lists and rules tell again. */
export async function setModelInputs({
  modelId,
  inputs,
}: {
  modelId: string;
  inputs: ModelInputs | null;
}): Promise<UiState> {
  const current = await loadSettings();
  await requireInCatalog(current, [modelId]);
  const provider = current.providers.find((p) => p.id === splitModelId(modelId).providerId);
  if (provider && readsText(provider) && inputs?.length) throw new Error(uiText('modelTextOnly', modelId));
  const settings = await updateSettings((current) => {
    const { [modelId]: _old, ...rest } = current.modelInputs;
    return { ...current, modelInputs: inputs ? { ...rest, [modelId]: [...new Set(inputs)] } : rest };
  });
  // The user's word replaces what a refusal taught; said again, it is theirs to keep right.
  await forget(modelId, 'refuses');
  return uiState(settings);
}

/** The user's word on a model's context window in tokens; null forgets it, so lists and tables tell again. */
export async function setModelWindow({
  modelId,
  window,
}: {
  modelId: string;
  window: number | null;
}): Promise<UiState> {
  await requireInCatalog(await loadSettings(), [modelId]);
  const settings = await updateSettings((current) => {
    const { [modelId]: _old, ...rest } = current.modelWindows;
    return { ...current, modelWindows: window === null ? rest : { ...rest, [modelId]: window } };
  });
  await forget(modelId, 'window');
  return uiState(settings);
}

/** Adds or replaces a provider. The first model of the first provider becomes the default. */
export async function saveProvider(input: ProviderInput): Promise<UiState> {
  const { apiKey, ...fields } = input;
  let moved = false;
  const settings = await updateSettings((current) => {
    const old = current.providers.find((p) => p.id === fields.id);
    moved = !!old && (old.baseURL !== fields.baseURL || old.kind !== fields.kind);
    const exists = current.providers.some((p) => p.id === fields.id);
    const providers = exists
      ? current.providers.map((p) => (p.id === fields.id ? fields : p))
      : [...current.providers, fields];
    // The default may be any catalog model, so it stays as long as its provider does.
    const defaultStillValid =
      current.defaultModel && providers.some((p) => p.id === splitModelId(current.defaultModel!).providerId);
    const firstModel = fields.models[0];
    const defaultModel = defaultStillValid ? current.defaultModel : firstModel ? `${fields.id}/${firstModel}` : null;
    return { ...current, providers, defaultModel };
  });
  // Written after the settings validated, so a rejected form never leaves a stray key behind.
  if (apiKey) await writeApiKey(fields.id, apiKey);
  // What another server's refusals taught says nothing of this one's models.
  if (moved) await forgetProvider(fields.id);
  return uiState(settings);
}

export async function removeProvider(providerId: string): Promise<UiState> {
  const settings = await updateSettings((current) => ({
    ...current,
    providers: current.providers.filter((p) => p.id !== providerId),
    defaultModel:
      current.defaultModel && splitModelId(current.defaultModel).providerId === providerId
        ? null
        : current.defaultModel,
    fallbackModels: current.fallbackModels.filter((id) => splitModelId(id).providerId !== providerId),
  }));
  await deleteApiKey(providerId);
  await forgetProvider(providerId);
  return uiState(settings);
}

/** Finishes "Connect OpenRouter": trades the code for the user's key and saves the provider with it. */
export async function connectOpenRouter({ code, verifier }: { code: string; verifier: string }): Promise<UiState> {
  const apiKey = await exchangeCode(code, verifier);
  const info = kindInfo('openrouter');
  const existing = (await loadSettings()).providers.find((p) => p.id === 'openrouter');
  return saveProvider({
    id: 'openrouter',
    kind: 'openrouter',
    label: info.label,
    baseURL: existing?.baseURL ?? info.baseURL,
    models: existing?.models ?? [info.exampleModel],
    apiKey,
  });
}

/** Leaves the browser's own LanguageModel global to pages (lib/native-global/ applies it). */
export async function setKeepNativeLanguageModel(keep: boolean): Promise<UiState> {
  return uiState(await updateSettings((current) => ({ ...current, keepNativeLanguageModel: keep })));
}
