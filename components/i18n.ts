import { browser } from 'wxt/browser';
import type messages from '@/public/_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

/**
 * (Named to stay unique: WXT auto-imports what components/ exports wherever a page-side script
 * leaves a name unresolved, and a short name would pull the browser polyfill into inpage.js.)
 *
 * A user-visible string in the browser's language, from public/_locales/<lang>/messages.json.
 * Numbers and names go in as substitutions ($1…), formatted by the caller, never pasted into
 * the message, so a translation can move them.
 */
export function uiText(key: MessageKey, ...substitutions: Array<string | number>): string {
  const text = browser.i18n.getMessage(key, substitutions.map(String));
  // An empty answer is a key missing from the messages: show the key rather than nothing.
  return text || key;
}
