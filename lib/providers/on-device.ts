import type { ProviderAdapter } from './adapter';
import { onDeviceFetch } from '../on-device/fetch';
import { listStored } from '../on-device/storage';

/** A chat model whose requests never leave the extension: `answer` serves them from the engine's page. */
export const engineLanguageModel =
  (answer: typeof fetch): ProviderAdapter['languageModel'] =>
  async (config, _apiKey, model) => {
    const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
    // The base URL is never fetched: `answer` takes every request itself.
    return createOpenAICompatible({
      name: config.id,
      baseURL: 'http://engine.invalid/v1',
      fetch: answer,
      includeUsage: true,
    }).chatModel(model);
  };

/** llama.cpp in WebAssembly, in the extension's own page; it speaks Chat Completions through onDeviceFetch. */
export const onDevice: ProviderAdapter = {
  languageModel: engineLanguageModel(onDeviceFetch),
  async listModels() {
    return (await listStored()).filter((m) => m.complete).map((m) => ({ id: m.id, name: m.name }));
  },
};
