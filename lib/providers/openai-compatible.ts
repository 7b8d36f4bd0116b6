import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { ProviderAdapter } from './adapter';

/** OpenAI, OpenRouter, Ollama's /v1, LM Studio, llama.cpp server and any other Chat Completions server. */
export const openAICompatible: ProviderAdapter = {
  languageModel(config, apiKey, model) {
    return createOpenAICompatible({
      name: config.id,
      baseURL: config.baseURL.replace(/\/+$/, ''),
      apiKey: apiKey || undefined,
      // Asks for the final usage chunk, so spend comes from the provider's own count.
      includeUsage: true,
    }).chatModel(model);
  },
};
