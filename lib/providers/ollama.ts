import type { ProviderConfig } from '../settings/schema';
import type { ProviderAdapter } from './adapter';
import { getJson, trimSlash } from './list-json';
import { openAICompatibleModel } from './openai-compatible';

/** The server's root, whether the user pasted it with /v1 or without. */
export const ollamaRoot = (config: Pick<ProviderConfig, 'baseURL'>) => trimSlash(config.baseURL).replace(/\/v1$/, '');

export const OLLAMA_ORIGINS_ADVICE =
  'Ollama only accepts requests from the web origins it is told to trust, and the extension is not one of them yet. ' +
  'To fix it, quit Ollama and start it again with: OLLAMA_ORIGINS=chrome-extension://*,moz-extension://* ollama serve ' +
  '— or set the environment variable OLLAMA_ORIGINS to chrome-extension://*,moz-extension://* for your system and restart Ollama.';

/** A local Ollama: chat through its OpenAI-compatible /v1, installed models from /api/tags. */
export const ollama: ProviderAdapter = {
  languageModel(config, apiKey, model) {
    return openAICompatibleModel(config, apiKey, model, `${ollamaRoot(config)}/v1`);
  },
  async listModels(config, _apiKey, signal) {
    const body = (await getJson(`${ollamaRoot(config)}/api/tags`, {}, signal)) as { models?: Array<{ name?: unknown }> };
    return (body.models ?? []).filter((m) => typeof m.name === 'string').map((m) => ({ id: m.name as string }));
  },
  explain: (status) => (status === 403 ? OLLAMA_ORIGINS_ADVICE : undefined),
};
