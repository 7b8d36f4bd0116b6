import type { ProviderAdapter } from './adapter';
import { geminiJoiningFetch } from './coalesce-sse';
import { getJson, trimSlash } from './list-json';

interface GeminiModel {
  name?: unknown;
  displayName?: unknown;
  inputTokenLimit?: unknown;
  supportedGenerationMethods?: unknown;
}

/** Google Gemini through the Generative Language API; the key travels in x-goog-api-key. */
export const google: ProviderAdapter = {
  async languageModel(config, apiKey, model) {
    const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
    return createGoogleGenerativeAI({
      baseURL: trimSlash(config.baseURL),
      apiKey: apiKey ?? '',
      fetch: geminiJoiningFetch,
    })(model);
  },
  async listModels(config, apiKey, signal) {
    const body = (await getJson(
      `${trimSlash(config.baseURL)}/models?pageSize=1000`,
      { 'x-goog-api-key': apiKey ?? '' },
      signal,
    )) as { models?: GeminiModel[] };
    return (body.models ?? [])
      .filter(
        (m) =>
          typeof m.name === 'string' &&
          Array.isArray(m.supportedGenerationMethods) &&
          m.supportedGenerationMethods.includes('generateContent'),
      )
      .map((m) => ({
        id: (m.name as string).replace(/^models\//, ''),
        ...(typeof m.displayName === 'string' && { name: m.displayName }),
        ...(typeof m.inputTokenLimit === 'number' && { contextWindow: m.inputTokenLimit }),
      }));
  },
};
