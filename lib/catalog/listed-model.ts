import type { MediaKind } from '../protocol/call';

/** A model as a provider's own list reports it. Prices are USD per token. */
export interface ListedModel {
  id: string;
  name?: string;
  contextWindow?: number;
  price?: { input: number; output: number };
  /** What it reads besides text, where the list says (OpenRouter's modalities, Ollama's capabilities). */
  inputs?: MediaKind[];
}
