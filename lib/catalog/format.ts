import type { CatalogEntry } from './catalog';

/** A price per token as dollars per million tokens: "$0.15". */
export const perMillion = (perToken: number) => {
  const perM = perToken * 1e6;
  return `$${perM >= 10 ? perM.toFixed(0) : perM >= 0.1 ? perM.toFixed(2) : perM.toFixed(3)}`;
};

/** "128k", "1M": a context window's size at a glance. */
export const contextSize = (tokens: number) =>
  tokens >= 1_000_000 ? `${+(tokens / 1_048_576).toFixed(1)}M` : `${Math.round(tokens / 1_000)}k`;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every word of the query must start a word of the id, name or provider, case-insensitively:
 * "llama" finds llama3.2 but not every model of Ollama, "4o" still finds gpt-4o.
 */
export function matches(entry: CatalogEntry, query: string): boolean {
  const hay = `${entry.id} ${entry.name} ${entry.providerLabel}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => new RegExp(`(^|[^a-z0-9])${escape(word)}`).test(hay));
}
