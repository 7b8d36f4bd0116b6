import type { ProviderAdapter } from './adapter';
import { joiningFetch } from './coalesce-sse';
import { bearer, openAIStyleModels, trimSlash } from './list-json';

// OpenAI's list also holds embedding, speech, image and moderation models, which cannot chat.
const CHAT = /^(gpt-|o\d|chatgpt-)/;
const NOT_CHAT = /(audio|realtime|transcribe|tts|image|search|embedding|instruct)/;

/** OpenAI through Chat Completions, the one API every OpenAI model and proxy shares. */
export const openAI: ProviderAdapter = {
  async languageModel(config, apiKey, model) {
    const { createOpenAI } = await import('@ai-sdk/openai');
    return createOpenAI({ baseURL: trimSlash(config.baseURL), apiKey: apiKey ?? '', fetch: joiningFetch }).chat(model);
  },
  async listModels(config, apiKey, signal) {
    const models = await openAIStyleModels(config.baseURL, bearer(apiKey), signal);
    return models.filter((m) => CHAT.test(m.id) && !NOT_CHAT.test(m.id)).map((m) => ({ id: m.id }));
  },
};
