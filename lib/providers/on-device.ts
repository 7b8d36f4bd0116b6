import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { ProviderAdapter } from './adapter';
import { onDeviceFetch } from '../on-device/fetch';
import { listStored } from '../on-device/storage';

/** llama.cpp in WebAssembly, in the extension's own page; it speaks Chat Completions through onDeviceFetch. */
export const onDevice: ProviderAdapter = {
  languageModel: (config, _apiKey, model) =>
    createOpenAICompatible({
      name: config.id,
      // Never fetched: onDeviceFetch answers every request itself.
      baseURL: 'http://on-device.invalid/v1',
      fetch: onDeviceFetch,
      includeUsage: true,
    }).chatModel(model),
  async listModels() {
    return (await listStored()).filter((m) => m.complete).map((m) => ({ id: m.id, name: m.name }));
  },
};
