import type { CatalogEntry, FactSource, Price } from './catalog';
import { nameInputs } from './inputs';
import { MEDIA_KINDS } from '../protocol/call';

const usd = (perToken: number) => {
  const perM = perToken * 1e6;
  return `$${perM >= 10 ? perM.toFixed(0) : perM >= 0.1 ? perM.toFixed(2) : perM.toFixed(3)}`;
};

/** "$0.15 in · $0.60 out per 1M tokens", "free (runs locally)", or "price unknown" — never $0 for unknown. */
export function formatPrice(price: Price | null): string {
  if (!price) return 'price unknown';
  if (price.source === 'local') return 'free (runs locally)';
  if (price.source === 'on-device') return 'free (runs in the browser)';
  return `${usd(price.input)} in · ${usd(price.output)} out per 1M tokens`;
}

const SOURCE_WORDS: Record<Price['source'], string> = {
  openrouter: 'OpenRouter’s price list',
  bundled: 'the bundled price table',
  override: 'your own price',
  local: 'a local model',
  'on-device': 'the on-device model',
};

/** Where a figure came from and when, so nobody mistakes an old table for today's price. */
export function formatPriceSource(price: Price | null, now = Date.now()): string {
  if (!price) return 'No price is known for this model: set your own below so budgets can count it.';
  if (price.source === 'local') return 'Runs on this computer; no per-token cost.';
  if (price.source === 'on-device') return 'Runs inside the browser, on this computer; free, and nothing leaves it.';
  const date = new Date(price.asOf).toISOString().slice(0, 10);
  return price.source === 'openrouter' ? `From ${SOURCE_WORDS.openrouter}, ${formatAge(price.asOf, now)}.` : `From ${SOURCE_WORDS[price.source]}, dated ${date}.`;
}

export function formatContext(tokens: number | null): string {
  if (tokens === null) return 'context unknown';
  return tokens >= 1_000_000 ? `${+(tokens / 1_048_576).toFixed(1)}M context` : `${Math.round(tokens / 1_000)}k context`;
}

const FACT_SOURCES: Record<FactSource, string> = {
  provider: 'from the provider',
  catalog: 'from the bundled catalog',
  you: 'as you said',
  learned: 'learned from a provider refusal',
};

/** "128k tokens (from the provider)", or "unknown" with what that means for calls. */
export function formatWindowFact(entry: Pick<CatalogEntry, 'contextWindow' | 'contextSource'>): string {
  if (entry.contextWindow === null || !entry.contextSource) return 'Context window: unknown (calls go to the provider, which says if a prompt is too long)';
  return `Context window: ${entry.contextWindow.toLocaleString('en-US')} tokens (${FACT_SOURCES[entry.contextSource]})`;
}

/** "Reads text and images (from the catalog)", "Reads text; images and audio unknown", and what a refusal taught. */
export function formatInputsFact(entry: Pick<CatalogEntry, 'inputs' | 'inputsSource' | 'refusedInputs'>): string {
  const source = entry.inputsSource ? ` (${FACT_SOURCES[entry.inputsSource]})` : '';
  if (entry.inputs === null) {
    const refused = entry.refusedInputs;
    const unknown = MEDIA_KINDS.filter((k) => !refused.includes(k));
    const not = refused.length ? `; not ${nameInputs(refused)}${source}` : '';
    const open = unknown.length ? `; unknown whether it reads ${nameInputs(unknown).replace(' and ', ' or ')}` : '';
    return `Reads text${not}${open}`;
  }
  return `Reads text${entry.inputs.length ? ` and ${nameInputs(entry.inputs)}` : ' only'}${source}`;
}

/** "updated 5 min ago"; 0 means never fetched. */
export function formatAge(at: number, now = Date.now()): string {
  if (!at) return 'never updated';
  const minutes = Math.max(0, Math.round((now - at) / 60_000));
  if (minutes < 1) return 'updated just now';
  if (minutes < 60) return `updated ${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `updated ${hours} h ago` : `updated ${Math.round(hours / 24)} days ago`;
}

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
