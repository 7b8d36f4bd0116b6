import type { ProviderInput, UiState } from '../messages';
import { deleteApiKey, providersWithKeys, writeApiKey } from './secrets';
import { splitModelId, type Settings } from './schema';
import { loadSettings, updateSettings } from './store';

export async function uiState(settings?: Settings): Promise<UiState> {
  return { settings: settings ?? (await loadSettings()), providersWithKey: await providersWithKeys() };
}

export async function setDefaultModel(modelId: string): Promise<UiState> {
  const settings = await updateSettings((current) => {
    const { providerId, model } = splitModelId(modelId);
    const provider = current.providers.find((p) => p.id === providerId);
    if (!provider?.models.includes(model)) throw new Error(`${modelId} is not a model of a configured provider.`);
    return { ...current, defaultModel: modelId };
  });
  return uiState(settings);
}

/** Adds or replaces a provider. The first model of the first provider becomes the default. */
export async function saveProvider(input: ProviderInput): Promise<UiState> {
  const { apiKey, ...fields } = input;
  const settings = await updateSettings((current) => {
    const providers = [...current.providers.filter((p) => p.id !== fields.id), { ...fields, kind: 'openai-compatible' as const }];
    const defaultStillValid = current.defaultModel && providers.some((p) => p.models.some((m) => `${p.id}/${m}` === current.defaultModel));
    const firstModel = fields.models[0];
    const defaultModel = defaultStillValid ? current.defaultModel : firstModel ? `${fields.id}/${firstModel}` : null;
    return { ...current, providers, defaultModel };
  });
  // Written after the settings validated, so a rejected form never leaves a stray key behind.
  if (apiKey) await writeApiKey(fields.id, apiKey);
  return uiState(settings);
}

export async function removeProvider(providerId: string): Promise<UiState> {
  const settings = await updateSettings((current) => ({
    ...current,
    providers: current.providers.filter((p) => p.id !== providerId),
    defaultModel: current.defaultModel && splitModelId(current.defaultModel).providerId === providerId ? null : current.defaultModel,
  }));
  await deleteApiKey(providerId);
  return uiState(settings);
}
