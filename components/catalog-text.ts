import type { CatalogEntry, FactSource, Price } from '@/lib/catalog/catalog';
import { contextSize, perMillion } from '@/lib/catalog/format';
import { MEDIA_KINDS, type MediaKind } from '@/lib/protocol/call';
import { uiText, type MessageKey } from './i18n';

/** "$0.15 in · $0.60 out per 1M tokens", "free (runs locally)", or "price unknown" — never $0 for unknown. */
export function formatPrice(price: Price | null): string {
  if (!price) return uiText('priceUnknown');
  if (price.source === 'local') return uiText('priceLocal');
  if (price.source === 'on-device') return uiText('priceOnDevice');
  return uiText('pricePerMillion', perMillion(price.input), perMillion(price.output));
}

/** Where a figure came from and when, so nobody mistakes an old table for today's price. */
export function formatPriceSource(price: Price | null, now = Date.now()): string {
  if (!price) return uiText('priceSourceNone');
  if (price.source === 'local') return uiText('priceSourceLocal');
  if (price.source === 'on-device') return uiText('priceSourceOnDevice');
  if (price.source === 'openrouter') return uiText('priceSourceOpenRouter', formatAge(price.asOf, now));
  const date = new Date(price.asOf).toISOString().slice(0, 10);
  return uiText(price.source === 'bundled' ? 'priceSourceBundled' : 'priceSourceYours', date);
}

export function formatContext(tokens: number | null): string {
  return tokens === null ? uiText('contextUnknown') : uiText('contextOf', contextSize(tokens));
}

const FACT_SOURCES: Record<FactSource, MessageKey> = {
  provider: 'factFromProvider',
  catalog: 'factFromCatalog',
  you: 'factFromYou',
  learned: 'factLearned',
};

/** A fact about a model, with where it came from when known. */
const withSource = (fact: string, source: FactSource | null | undefined) =>
  source ? uiText('factWithSource', fact, uiText(FACT_SOURCES[source])) : fact;

/** "128k tokens (from the provider)", or "unknown" with what that means for calls. */
export function formatWindowFact(entry: Pick<CatalogEntry, 'contextWindow' | 'contextSource'>): string {
  if (entry.contextWindow === null || !entry.contextSource) return uiText('windowFactUnknown');
  return withSource(uiText('windowFact', entry.contextWindow.toLocaleString('en-US')), entry.contextSource);
}

/** What a model reads besides text, named as a list: images, audio, or both (with "and" or "or"). */
function inputNames(kinds: readonly MediaKind[], either = false): string {
  if (kinds.length > 1) return uiText(either ? 'inputsImagesOrAudio' : 'inputsImagesAndAudio');
  return uiText(kinds[0] === 'image' ? 'inputsNameImages' : 'inputsNameAudio');
}

/** "Reads text and images (from the catalog)", "Reads text; images and audio unknown", and what a refusal taught. */
export function formatInputsFact(entry: Pick<CatalogEntry, 'inputs' | 'inputsSource' | 'refusedInputs'>): string {
  if (entry.inputs !== null) {
    return withSource(
      entry.inputs.length ? uiText('readsTextAnd', inputNames(entry.inputs)) : uiText('readsTextOnly'),
      entry.inputsSource,
    );
  }
  const refused = entry.refusedInputs;
  const unknown = MEDIA_KINDS.filter((k) => !refused.includes(k));
  if (!refused.length) return uiText('readsTextUnknown', inputNames(unknown, true));
  const not = withSource(uiText('readsTextNot', inputNames(refused)), entry.inputsSource);
  return unknown.length ? uiText('readsTextNotUnknown', not, inputNames(unknown, true)) : not;
}

/** "updated 5 min ago"; 0 means never fetched. */
export function formatAge(at: number, now = Date.now()): string {
  if (!at) return uiText('ageNever');
  const minutes = Math.max(0, Math.round((now - at) / 60_000));
  if (minutes < 1) return uiText('ageJustNow');
  if (minutes < 60) return uiText('ageMinutes', minutes);
  const hours = Math.round(minutes / 60);
  return hours < 48 ? uiText('ageHours', hours) : uiText('ageDays', Math.round(hours / 24));
}
