import type { ProviderKind } from '../settings/schema';
import { bareModelId } from './inputs';

/**
 * List prices of well-known models, USD per million tokens, as the providers published them
 * on this date. Prices change: re-check these figures against each provider's pricing page
 * before relying on them, and bump the date with them. Gemini 2.5 Pro's figure is its
 * price for prompts up to 200k tokens.
 */
export const BUNDLED_AS_OF = '2025-08-15';

type Row = [model: string, inputPerM: number, outputPerM: number, contextWindow: number];

const TABLE: Partial<Record<ProviderKind, Row[]>> = {
  openai: [
    ['gpt-5', 1.25, 10, 400_000],
    ['gpt-5-mini', 0.25, 2, 400_000],
    ['gpt-5-nano', 0.05, 0.4, 400_000],
    ['gpt-4.1', 2, 8, 1_047_576],
    ['gpt-4.1-mini', 0.4, 1.6, 1_047_576],
    ['gpt-4.1-nano', 0.1, 0.4, 1_047_576],
    ['gpt-4o', 2.5, 10, 128_000],
    ['gpt-4o-mini', 0.15, 0.6, 128_000],
    ['o3', 2, 8, 200_000],
    ['o4-mini', 1.1, 4.4, 200_000],
  ],
  anthropic: [
    ['claude-opus-4-1', 15, 75, 200_000],
    ['claude-opus-4-1-20250805', 15, 75, 200_000],
    ['claude-sonnet-4-0', 3, 15, 200_000],
    ['claude-sonnet-4-20250514', 3, 15, 200_000],
    ['claude-3-7-sonnet-latest', 3, 15, 200_000],
    ['claude-3-5-haiku-latest', 0.8, 4, 200_000],
    ['claude-3-5-haiku-20241022', 0.8, 4, 200_000],
  ],
  google: [
    ['gemini-2.5-pro', 1.25, 10, 1_048_576],
    ['gemini-2.5-flash', 0.3, 2.5, 1_048_576],
    ['gemini-2.5-flash-lite', 0.1, 0.4, 1_048_576],
    ['gemini-2.0-flash', 0.1, 0.4, 1_048_576],
  ],
};

export interface BundledModel {
  input: number;
  output: number;
}

/** Exact ids only: a prefix match would price gpt-4o-mini as gpt-4o. */
export function bundledModel(kind: ProviderKind, model: string): BundledModel | undefined {
  const row = TABLE[kind]?.find(([id]) => id === model);
  return row && { input: row[1] / 1e6, output: row[2] / 1e6 };
}

export const bundledModelIds = (kind: ProviderKind): string[] => (TABLE[kind] ?? []).map(([id]) => id);

/**
 * A well-known model's context window, by its id whoever serves it: gpt-4o-mini on OpenRouter
 * (openai/gpt-4o-mini) or behind an OpenAI-compatible proxy holds what it holds at OpenAI.
 */
export function bundledWindow(model: string): number | undefined {
  const bare = bareModelId(model);
  for (const rows of Object.values(TABLE)) for (const [id, , , window] of rows) if (id === bare) return window;
  return undefined;
}
