import { KEPT_NATIVE, NATIVE } from '../protocol/wire';

/**
 * Puts the browser's own LanguageModel, Translator and LanguageDetector back where the page
 * script replaced them, with the property shape WebIDL gives an interface. Where the browser
 * has none, ours stays: the user asked to leave the browser's own alone, not to take the API away.
 */
export function restoreNativeLanguageModel(target: typeof globalThis): void {
  for (const name of KEPT_NATIVE) {
    const native = (target as unknown as Record<symbol, unknown>)[Symbol.for(NATIVE + name)];
    if (native)
      Object.defineProperty(target, name, { value: native, writable: true, enumerable: false, configurable: true });
  }
}
