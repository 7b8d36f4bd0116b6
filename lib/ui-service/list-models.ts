import type { ProviderInput } from '../settings/schema';
import { readApiKey } from '../settings/secrets';
import type { ListedModel } from '../catalog/listed-model';
import { describeProviderError } from '../gateway/provider-errors';
import { adapterFor } from '../providers/registry';

export type ListModelsResult = { ok: true; models: ListedModel[] } | { ok: false; error: string };

/** A provider's models for the setup form, before the provider is saved; the stored key is used when none is typed. */
export async function listModels(input: ProviderInput): Promise<ListModelsResult> {
  const { apiKey: typed, ...config } = input;
  const apiKey = typed || (await readApiKey(config.id));
  try {
    const models = await adapterFor(config.kind).listModels(config, apiKey, AbortSignal.timeout(10_000));
    return { ok: true, models: models.slice(0, 1_000) };
  } catch (error) {
    return { ok: false, error: describeProviderError(error, config.kind, apiKey).message };
  }
}
