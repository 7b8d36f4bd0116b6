import { Fragment, createElement, type ReactNode } from 'react';
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

/**
 * One of two whole sentences by count, since browser.i18n knows no plural rules: `one` for
 * exactly one, `other` for the rest. `shown` is the count as the caller formatted it.
 */
export function uiCount(count: number, one: MessageKey, other: MessageKey, shown: string | number, ...more: Array<string | number>): string {
  return uiText(count === 1 ? one : other, shown, ...more);
}

// Private-use characters no message contains, to find where each element goes.
const mark = (i: number) => `\uE000${i}\uE001`;

/**
 * A message with elements in it (a <strong> name, a <code> word): each element goes in as a
 * substitution, so the translation decides where it stands in the sentence.
 */
export function uiTextWith(key: MessageKey, ...parts: ReactNode[]): ReactNode {
  const text = uiText(key, ...parts.map((_, i) => mark(i)));
  const pieces = text.split(/\uE000(\d+)\uE001/);
  return createElement(
    Fragment,
    null,
    ...pieces.map((piece, i) => createElement(Fragment, { key: i }, i % 2 === 1 ? parts[Number(piece)] : piece)),
  );
}
