import { KEPT_NATIVE, NATIVE } from '../protocol/wire';
import type * as Surface from './surface';
import { capturePrimordials, type Primordials } from './primordials';

/** The page's globals, in the order of surface.ts's list. */
export const GLOBAL_NAMES = [
  'LanguageModel',
  'Summarizer',
  'Writer',
  'Rewriter',
  'Translator',
  'LanguageDetector',
  'Proofreader',
  'ai',
  '__window_ai_metadata__',
] as const;

/**
 * Puts the API on the page. Our LanguageModel replaces the browser's own by default, because
 * Chromium's answers "unavailable" without an on-device model; window.ai.languageModel is
 * ours either way. Window AI's detection reads `__window_ai_metadata__`. The native globals the
 * user may keep (KEPT_NATIVE) are kept aside, for the script that restores them on request.
 *
 * Every frame of every page runs this, and most never call (docs/architecture.md: at most 0.3 ms a frame for
 * both content scripts). So each global is a getter, which `in` and `typeof` see as they saw a
 * value; the first read of any of them calls `surface` (lib/build/lazy-page-surface.ts), which
 * builds them all, and every read answers the same object. Like a WebIDL global, each is
 * configurable (the page may replace it) and not enumerable; with no setter, an assignment
 * leaves it as it was (a TypeError in strict code), as it did when it was a read-only value.
 * Turning each into a value on first read cost more bytes than the page script's 4 KB had left.
 * What the API calls of the platform is taken now, before any page script can patch it.
 */
export function installPageApi(
  target: typeof globalThis,
  surface: (primordials: Primordials) => typeof Surface.default,
): void {
  const primordials = capturePrimordials(target);
  let globals: readonly unknown[] | undefined;
  GLOBAL_NAMES.forEach((name, i) => {
    // Chromium builds a browser interface object the first time it is read, and redefining the
    // global reads it: only the natives the user may keep are read, the others deleted unread.
    if (KEPT_NATIVE.includes(name)) Object.defineProperty(target, Symbol.for(NATIVE + name), { value: target[name] });
    else Reflect.deleteProperty(target, name);
    Object.defineProperty(target, name, { get: () => (globals ??= surface(primordials))[i], configurable: true });
  });
}
