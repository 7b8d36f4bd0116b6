import type { ProviderConfig } from '../settings/schema';
import type { ListedModel } from '../catalog/listed-model';
import type { ProviderAdapter } from './adapter';
import { joiningFetch } from './coalesce-sse';
import { bearer, getJson, openAIStyleModels, trimSlash } from './list-json';

export async function openAICompatibleModel(
  config: ProviderConfig,
  apiKey: string | undefined,
  model: string,
  baseURL = config.baseURL,
) {
  const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
  return createOpenAICompatible({
    name: config.id,
    baseURL: trimSlash(baseURL),
    apiKey: apiKey || undefined,
    // Asks for the final usage chunk, so spend comes from the provider's own count.
    includeUsage: true,
    fetch: joiningFetch,
  }).chatModel(model);
}

const positive = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;

/**
 * A window where a server's /models entry gives one: Together's and Groq's `context_length` /
 * `context_window`, vLLM's `max_model_len`. The OpenAI format itself has none.
 */
const listedWindow = (m: Record<string, unknown>) =>
  positive(m.context_length) ?? positive(m.context_window) ?? positive(m.max_model_len);

/**
 * LM Studio's own REST API (/api/v0/models beside /v1) tells each model's window, the loaded one
 * first, and its type: "vlm" reads images, "llm" text only. Any other server answers no such list.
 */
export function lmStudioFacts(entry: Record<string, unknown>): Pick<ListedModel, 'inputs' | 'contextWindow'> {
  const window = positive(entry.loaded_context_length) ?? positive(entry.max_context_length);
  const inputs = entry.type === 'vlm' ? ['image' as const] : entry.type === 'llm' ? [] : undefined;
  return { ...(window && { contextWindow: window }), ...(inputs && { inputs }) };
}

async function lmStudioModels(
  config: ProviderConfig,
  apiKey: string | undefined,
  signal: AbortSignal,
): Promise<Map<string, Record<string, unknown>>> {
  try {
    const body = (await getJson(
      `${trimSlash(config.baseURL).replace(/\/v1$/, '')}/api/v0/models`,
      bearer(apiKey),
      signal,
    )) as { data?: unknown };
    const data = Array.isArray(body.data) ? body.data : [];
    return new Map(
      data.filter((m) => typeof m?.id === 'string').map((m) => [m.id as string, m as Record<string, unknown>]),
    );
  } catch {
    return new Map();
  }
}

/** LM Studio, llama.cpp server, Groq, Together, vLLM and any other Chat Completions server. */
export const openAICompatible: ProviderAdapter = {
  languageModel: openAICompatibleModel,
  async listModels(config, apiKey, signal) {
    const [models, lmStudio] = await Promise.all([
      openAIStyleModels(config.baseURL, bearer(apiKey), signal),
      lmStudioModels(config, apiKey, signal),
    ]);
    return models.map((m) => {
      const window = listedWindow(m);
      const studio = lmStudio.get(m.id);
      return { id: m.id, ...(window && { contextWindow: window }), ...(studio && lmStudioFacts(studio)) };
    });
  },
};
