import type { LanguageModel } from 'ai';
import type { ProviderConfig } from '../settings/schema';

/** Turns a stored provider config and its key into a model the AI SDK can call. */
export interface ProviderAdapter {
  languageModel(config: ProviderConfig, apiKey: string | undefined, model: string): LanguageModel;
}
