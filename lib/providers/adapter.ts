import type { LanguageModel } from 'ai';
import type { MediaKind } from '../protocol/call';
import type { ProviderConfig } from '../settings/schema';

/** A model as a provider's own list reports it. Prices are USD per token. */
export interface ListedModel {
  id: string;
  name?: string;
  contextWindow?: number;
  price?: { input: number; output: number };
  /** What it reads besides text, where the list says (OpenRouter's modalities, Ollama's capabilities). */
  inputs?: MediaKind[];
}

/** One provider family behind one interface: its chat model, its model list, its known pitfalls. */
export interface ProviderAdapter {
  languageModel(config: ProviderConfig, apiKey: string | undefined, model: string): LanguageModel;
  listModels(config: ProviderConfig, apiKey: string | undefined, signal: AbortSignal): Promise<ListedModel[]>;
  /** Advice in plain words for a status this family answers for a reason the user can fix. */
  explain?(status: number): string | undefined;
}
