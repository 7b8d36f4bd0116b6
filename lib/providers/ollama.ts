import type { ProviderConfig } from '../settings/schema';
import type { ListedModel } from '../catalog/listed-model';
import type { ProviderAdapter } from './adapter';
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
 * What /api/show says of an installed model: its window, from `model_info["<arch>.context_length"]`,
 * and what it reads besides text, from its capabilities ("vision", "audio"). An older Ollama
 * answers no capabilities, and the model's inputs stay unknown.
 */
export function shownFacts(shown: {
  model_info?: unknown;
  capabilities?: unknown;
}): Pick<ListedModel, 'inputs' | 'contextWindow'> {
  const info = (shown.model_info && typeof shown.model_info === 'object' ? shown.model_info : {}) as Record<
    string,
    unknown
  >;
  const arch = info['general.architecture'];
  const window = typeof arch === 'string' ? info[`${arch}.context_length`] : undefined;
  const capabilities = shown.capabilities;
  return {
    ...(typeof window === 'number' && window > 0 && { contextWindow: window }),
    ...(Array.isArray(capabilities) && {
      inputs: [
        ...(capabilities.includes('vision') ? ['image' as const] : []),
        ...(capabilities.includes('audio') ? ['audio' as const] : []),
      ],
    }),
  };
}

async function factsOf(
  config: ProviderConfig,
  model: string,
  signal: AbortSignal,
): Promise<Pick<ListedModel, 'inputs' | 'contextWindow'>> {
  try {
    return shownFacts((await getJson(`${ollamaRoot(config)}/api/show`, {}, signal, { model })) as object);
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
    const body = (await getJson(`${ollamaRoot(config)}/api/tags`, {}, signal)) as {
      models?: Array<{ name?: unknown }>;
    };
    const names = (body.models ?? []).flatMap((m) => (typeof m.name === 'string' ? [m.name] : [])).slice(0, MAX_SHOWN);
    return Promise.all(names.map(async (id) => ({ id, ...(await factsOf(config, id, signal)) })));
  },
  explain: (status) => (status === 403 ? OLLAMA_ORIGINS_ADVICE : undefined),
};
