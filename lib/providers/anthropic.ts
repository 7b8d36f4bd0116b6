import type { ProviderAdapter } from './adapter';
import { anthropicJoiningFetch } from './coalesce-sse';
import { getJson, trimSlash } from './list-json';

// Anthropic refuses calls that carry a browser Origin unless the caller says it knows the key
// is exposed to the browser. Here the key is the user's own, in the user's own browser.
const BROWSER_HEADER = { 'anthropic-dangerous-direct-browser-access': 'true' };

export const anthropic: ProviderAdapter = {
  async languageModel(config, apiKey, model) {
    const { createAnthropic } = await import('@ai-sdk/anthropic');
    return createAnthropic({
      baseURL: trimSlash(config.baseURL),
      apiKey: apiKey ?? '',
      headers: BROWSER_HEADER,
      fetch: anthropicJoiningFetch,
    })(model);
  },
  async listModels(config, apiKey, signal) {
    const headers = { ...BROWSER_HEADER, 'x-api-key': apiKey ?? '', 'anthropic-version': '2023-06-01' };
    const body = (await getJson(`${trimSlash(config.baseURL)}/models?limit=1000`, headers, signal)) as {
      data?: Array<{ id?: unknown; display_name?: unknown }>;
    };
    return (body.data ?? [])
      .filter((m) => typeof m.id === 'string')
      .map((m) => ({ id: m.id as string, ...(typeof m.display_name === 'string' && { name: m.display_name }) }));
  },
};
