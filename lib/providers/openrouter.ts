import type { ListedModel } from '../catalog/listed-model';
import type { ProviderAdapter } from './adapter';
import { MEDIA_KINDS } from '../protocol/call';
import { bearer, openAIStyleModels } from './list-json';
import { openAICompatibleModel } from './openai-compatible';

/** OpenRouter quotes USD per token as decimal strings; "-1" and absent mean "varies". */
function perToken(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined;
}

export function toListedModel(m: Record<string, unknown> & { id: string }): ListedModel {
  const pricing = (m.pricing ?? {}) as Record<string, unknown>;
  const modalities = (m.architecture as { input_modalities?: unknown } | undefined)?.input_modalities;
  const input = perToken(pricing.prompt);
  const output = perToken(pricing.completion);
  return {
    id: m.id,
    ...(typeof m.name === 'string' && { name: m.name }),
    ...(typeof m.context_length === 'number' && { contextWindow: m.context_length }),
    ...(input !== undefined && output !== undefined && { price: { input, output } }),
    ...(Array.isArray(modalities) && { inputs: MEDIA_KINDS.filter((kind) => modalities.includes(kind)) }),
  };
}

/** OpenRouter speaks Chat Completions; its model list carries live per-token prices. */
export const openRouter: ProviderAdapter = {
  languageModel: openAICompatibleModel,
  async listModels(config, apiKey, signal) {
    return (await openAIStyleModels(config.baseURL, bearer(apiKey), signal)).map(toListedModel);
  },
};
