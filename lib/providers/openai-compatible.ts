import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { ProviderConfig } from '../settings/schema';
import type { ProviderAdapter } from './adapter';
import { bearer, openAIStyleModels, trimSlash } from './list-json';

export function openAICompatibleModel(config: ProviderConfig, apiKey: string | undefined, model: string, baseURL = config.baseURL) {
  return createOpenAICompatible({
    name: config.id,
    baseURL: trimSlash(baseURL),
    apiKey: apiKey || undefined,
    // Asks for the final usage chunk, so spend comes from the provider's own count.
    includeUsage: true,
  }).chatModel(model);
}

/** LM Studio, llama.cpp server, Groq, Together, vLLM and any other Chat Completions server. */
export const openAICompatible: ProviderAdapter = {
  languageModel: openAICompatibleModel,
  async listModels(config, apiKey, signal) {
    return (await openAIStyleModels(config.baseURL, bearer(apiKey), signal)).map((m) => ({ id: m.id }));
  },
};
