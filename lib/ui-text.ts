import { browser } from 'wxt/browser';
import type messages from '@/public/_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

/**
 * A user-visible string in the browser's language, from public/_locales/<lang>/messages.json;
 * the worker asks too, for what it hands the pages to show. Numbers and names go in as
 * substitutions ($1…), formatted by the caller, never pasted into the message, so a
 * translation can move them.
 */
export function uiText(key: MessageKey, ...substitutions: Array<string | number>): string {
  const text = browser.i18n.getMessage(key, substitutions.map(String));
  // An empty answer is a key missing from the messages: show the key rather than nothing.
  return text || key;
}

/**
 * One of two whole sentences by count, since browser.i18n knows no plural rules: `one` for
 * exactly one, `other` for the rest. `shown` is the count as the caller formatted it.
 */
export function uiCount(
  count: number,
  one: MessageKey,
  other: MessageKey,
  shown: string | number,
  ...more: Array<string | number>
): string {
  return uiText(count === 1 ? one : other, shown, ...more);
}
