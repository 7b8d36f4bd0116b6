import type { LanguageModel } from 'ai';
import type { ListedModel } from '../catalog/listed-model';
import type { ProviderConfig } from '../settings/schema';

/** One provider family behind one interface: its chat model, its model list, its known pitfalls. */
export interface ProviderAdapter {
  /**
   * The chat model. Each family's AI SDK package is imported here, on first use: a stopped worker
   * wakes for a page's call, and at start-up evaluates none of the packages it does not use.
   */
  languageModel(config: ProviderConfig, apiKey: string | undefined, model: string): Promise<LanguageModel>;
  listModels(config: ProviderConfig, apiKey: string | undefined, signal: AbortSignal): Promise<ListedModel[]>;
  /** Advice in plain words for a status this family answers for a reason the user can fix. */
  explain?(status: number): string | undefined;
}
