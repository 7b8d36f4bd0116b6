import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '@/lib/catalog/catalog';
import { formatAge, formatContext, formatPrice, formatPriceSource } from '@/components/catalog-text';
import { matches } from '@/lib/catalog/format';

const entry = (id: string, providerLabel: string, name = id.split('/').slice(1).join('/')): CatalogEntry => ({
  id,
  providerId: id.split('/')[0]!,
  providerLabel,
  model: id.split('/').slice(1).join('/'),
  name,
  contextWindow: null,
  contextSource: null,
  price: null,
  inputs: null,
  inputsSource: null,
  refusedInputs: [],
});

describe('catalog wording', () => {
  it('shows an unknown price as unknown, never as $0, and a local model as free', () => {
    expect(formatPrice(null)).toBe('price unknown');
    expect(formatPrice({ input: 0, output: 0, source: 'local', asOf: 0 })).toBe('free (runs locally)');
    expect(formatPrice({ input: 0.15e-6, output: 0.6e-6, source: 'bundled', asOf: 0 })).toBe(
      '$0.15 in · $0.60 out per 1M tokens',
    );
    expect(formatPrice({ input: 15e-6, output: 75e-6, source: 'bundled', asOf: 0 })).toBe(
      '$15 in · $75 out per 1M tokens',
    );
    expect(formatPrice({ input: 0.02e-6, output: 0.05e-6, source: 'openrouter', asOf: 0 })).toBe(
      '$0.020 in · $0.050 out per 1M tokens',
    );
  });

  it('says where a price came from and how old it is', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(formatPriceSource({ input: 1, output: 1, source: 'bundled', asOf: Date.parse('2025-08-15') }, now)).toBe(
      'From the bundled price table, dated 2025-08-15.',
    );
    expect(formatPriceSource({ input: 1, output: 1, source: 'openrouter', asOf: now - 3 * 3_600_000 }, now)).toBe(
      'From OpenRouter’s price list, updated 3 h ago.',
    );
    expect(formatPriceSource(null, now)).toMatch(/No price is known/);
  });

  it('words ages and context windows', () => {
    const now = 10 * 86_400_000;
    expect(formatAge(0, now)).toBe('never updated');
    expect(formatAge(now - 20_000, now)).toBe('updated just now');
    expect(formatAge(now - 5 * 60_000, now)).toBe('updated 5 min ago');
    expect(formatAge(now - 3 * 86_400_000, now)).toBe('updated 3 days ago');
    expect(formatContext(128_000)).toBe('128k context');
    expect(formatContext(1_048_576)).toBe('1M context');
    expect(formatContext(null)).toBe('context unknown');
  });

  it('matches query words at the start of words, across id, name and provider', () => {
    const llama = entry('ollama/llama3.2:latest', 'Ollama');
    const qwen = entry('ollama/qwen2.5:7b', 'Ollama');
    const mini = entry('openai/gpt-4o-mini', 'OpenAI');
    expect(matches(llama, 'llama')).toBe(true);
    expect(matches(qwen, 'llama')).toBe(false);
    expect(matches(qwen, 'ollama qwen')).toBe(true);
    expect(matches(mini, '4o MINI')).toBe(true);
    expect(matches(mini, 'openai 4o')).toBe(true);
    expect(matches(mini, 'claude')).toBe(false);
    expect(matches(mini, '')).toBe(true);
    expect(matches(mini, 'gpt-4o(')).toBe(false);
  });
});
