import { capturePrimordials, type Primordials } from './primordials';

// The parameter of the function lib/build/lazy-page-surface.ts wraps the page API in.
declare const PAGE_PRIMORDIALS: Primordials | undefined;

export const primordials: Primordials =
  typeof PAGE_PRIMORDIALS === 'object' ? PAGE_PRIMORDIALS : capturePrimordials(globalThis);
