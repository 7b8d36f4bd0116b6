import type { ProviderConfig } from '../settings/schema';
import type { ListedModel, ProviderAdapter } from './adapter';
import { getJson, trimSlash } from './list-json';
import { openAICompatibleModel } from './openai-compatible';

/** The server's root, whether the user pasted it with /v1 or without. */
export const ollamaRoot = (config: Pick<ProviderConfig, 'baseURL'>) => trimSlash(config.baseURL).replace(/\/v1$/, '');

export const OLLAMA_ORIGINS_ADVICE =
  'Ollama only accepts requests from the web origins it is told to trust, and the extension is not one of them yet. ' +
  'To fix it, quit Ollama and start it again with: OLLAMA_ORIGINS=chrome-extension://*,moz-extension://* ollama serve ' +
  '— or set the environment variable OLLAMA_ORIGINS to chrome-extension://*,moz-extension://* for your system and restart Ollama.';

const MAX_SHOWN = 100;

/**
 * What an installed model reads besides text, from its capabilities on /api/show ("vision",
 * "audio"). An older Ollama answers no capabilities, and the model's inputs stay unknown.
 */
async function inputsOf(config: ProviderConfig, model: string, signal: AbortSignal): Promise<Pick<ListedModel, 'inputs'>> {
  try {
    const shown = (await getJson(`${ollamaRoot(config)}/api/show`, {}, signal, { model })) as { capabilities?: unknown };
    const capabilities = shown.capabilities;
    if (!Array.isArray(capabilities)) return {};
    return { inputs: [...(capabilities.includes('vision') ? ['image' as const] : []), ...(capabilities.includes('audio') ? ['audio' as const] : [])] };
  } catch {
    return {};
  }
}

/** A local Ollama: chat through its OpenAI-compatible /v1, installed models from /api/tags. */
export const ollama: ProviderAdapter = {
  languageModel(config, apiKey, model) {
    return openAICompatibleModel(config, apiKey, model, `${ollamaRoot(config)}/v1`);
  },
  async listModels(config, _apiKey, signal) {
    const body = (await getJson(`${ollamaRoot(config)}/api/tags`, {}, signal)) as { models?: Array<{ name?: unknown }> };
    const names = (body.models ?? []).flatMap((m) => (typeof m.name === 'string' ? [m.name] : [])).slice(0, MAX_SHOWN);
    return Promise.all(names.map(async (id) => ({ id, ...(await inputsOf(config, id, signal)) })));
  },
  explain: (status) => (status === 403 ? OLLAMA_ORIGINS_ADVICE : undefined),
};
