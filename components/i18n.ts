import { Fragment, createElement, type ReactNode } from 'react';
import { uiText, type MessageKey } from '@/lib/ui-text';

/*
 * (Named to stay unique: WXT auto-imports what components/ exports wherever a page-side script
 * leaves a name unresolved, and a short name would pull the browser polyfill into inpage.js.)
 */
export { uiCount, uiText, type MessageKey } from '@/lib/ui-text';

// Private-use characters no message contains, to find where each element goes.
const mark = (i: number) => `\uE000${i}\uE001`;

/**
 * A message with elements in it (a <strong> name, a <code> word): each element goes in as a
 * substitution, so the translation decides where it stands in the sentence.
 */
export function uiTextWith(key: MessageKey, ...parts: ReactNode[]): ReactNode {
  const pieces = uiText(key, ...parts.map((_, i) => mark(i))).split(/\uE000(\d+)\uE001/);
  return createElement(
    Fragment,
    null,
    ...pieces.map((piece, i) => createElement(Fragment, { key: i }, i % 2 === 1 ? parts[Number(piece)] : piece)),
  );
}
